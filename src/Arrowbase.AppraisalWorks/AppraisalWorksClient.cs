using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Arrowbase.AppraisalWorks.Appendices;
using Arrowbase.AppraisalWorks.Diagnostics;
using Arrowbase.AppraisalWorks.Documents;
using Arrowbase.AppraisalWorks.Http;
using Arrowbase.AppraisalWorks.Json;
using Arrowbase.AppraisalWorks.Postbacks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Valuation.Http;

namespace Arrowbase.AppraisalWorks;

/// <summary>
/// The AppraisalWorks client (see <see cref="IAppraisalWorksClient"/>). Register it with
/// <c>services.AddAppraisalWorks(...)</c>, which adds resilience and the HMAC signing handler; or build one with
/// <see cref="Create"/>. Thread-safe.
/// </summary>
public sealed class AppraisalWorksClient : IAppraisalWorksClient
{
    private static readonly HttpMethod Get = HttpMethod.Get;
    private static readonly HttpMethod Post = HttpMethod.Post;
    private static readonly HttpMethod Put = HttpMethod.Put;
    private readonly AppraisalWorksTransport _transport;

    /// <summary>Initializes a client over an <see cref="HttpClient"/> whose pipeline signs requests (the DI typed client).</summary>
    /// <param name="httpClient">The HTTP client; its pipeline must contain an <see cref="HmacSigningHandler"/>.</param>
    /// <param name="options">The options.</param>
    public AppraisalWorksClient(HttpClient httpClient, IOptionsMonitor<AppraisalWorksOptions> options)
        : this(httpClient, options, null)
    {
    }

    /// <summary>Initializes a client with the logger of what happened (the DI registration's constructor).</summary>
    /// <param name="httpClient">The HTTP client; its pipeline must contain an <see cref="HmacSigningHandler"/>.</param>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger of orders created and reports fetched; none when null.</param>
    internal AppraisalWorksClient(HttpClient httpClient, IOptionsMonitor<AppraisalWorksOptions> options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _transport = new AppraisalWorksTransport(httpClient, () => options.CurrentValue, logger);
    }

    /// <summary>Initializes a client with fixed options over an <see cref="HttpClient"/> whose pipeline signs requests.</summary>
    /// <param name="httpClient">The HTTP client; its pipeline must contain an <see cref="HmacSigningHandler"/>.</param>
    /// <param name="options">The options.</param>
    public AppraisalWorksClient(HttpClient httpClient, AppraisalWorksOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _transport = new AppraisalWorksTransport(httpClient, () => options);
    }

    /// <summary>
    /// Creates a client without dependency injection: a signing handler over <paramref name="innerHandler"/> (a new
    /// <see cref="SocketsHttpHandler"/> when null), with no retries. Prefer <c>AddAppraisalWorks</c> in applications.
    /// </summary>
    /// <param name="options">The options (validated here).</param>
    /// <param name="innerHandler">The transport handler.</param>
    /// <param name="timeProvider">The clock for signing; the system clock when null.</param>
    /// <returns>The client.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public static AppraisalWorksClient Create(AppraisalWorksOptions options, HttpMessageHandler? innerHandler = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new AppraisalWorksOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(string.Empty, typeof(AppraisalWorksOptions), validation.Failures);
        }

#pragma warning disable CA2000 // The HttpClient owns and disposes the handler chain.
        var signing = new HmacSigningHandler(options, timeProvider) { InnerHandler = innerHandler ?? OutboundResilience.CreatePrimaryHandler() };

        // The pipeline bounds each call (total timeout for JSON calls, idle timeout for streamed ones).
        var http = new HttpClient(signing, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
        return new AppraisalWorksClient(http, options);
    }

    /// <inheritdoc />
    public Task<OrderResponse> CreateOrderAsync(OrderRequest order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var options = _transport.Options;
        order = ApplyDefaults(DocumentedSpelling.Apply(order), options);
        var errors = OrderValidator.ValidateOrder(order, options);
        if (errors.Count > 0)
        {
            throw new AppraisalWorksValidationException(errors);
        }

        var files = order.Request?.RequestData?.Loan?.EmbeddedFile ?? [];
        var content = StreamingJsonContent.Create(order, AppraisalWorksJsonContext.Default.OrderRequest, Documents(files));
        // An order that embeds documents streams them up (tens of MB): bounded by the idle timeout, not the total.
        var mode = files.Count > 0 ? OutboundMode.Streamed : OutboundMode.Buffered;
        return _transport.SendAsync(Post, "Orders", content, AppraisalWorksJsonContext.Default.OrderResponse, cancellationToken, mode, order.Request?.TransactionUid, succeeded: OrderCreated);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> AddCommentAsync(string transactionUid, string comment, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        RequireText(comment, "comment");
        return _transport.SendJsonAsync(Post, $"Orders/{uid}/Comments", new CommentRequest { Comment = comment }, AppraisalWorksJsonContext.Default.CommentRequest, transactionUid, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> AddDocumentAsync(string transactionUid, EmbeddedFile file, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        var errors = OrderValidator.ValidateDocument(file, _transport.Options.AllowUnlistedCodes);
        if (errors.Count > 0)
        {
            throw new AppraisalWorksValidationException(errors);
        }

        var content = StreamingJsonContent.Create(new DocumentRequest { EmbeddedFile = file }, AppraisalWorksJsonContext.Default.DocumentRequest, [file.Document]);
        return _transport.SendAsync(Post, $"Orders/{uid}/Documents", content, AppraisalWorksJsonContext.Default.AppraisalWorksResponse, cancellationToken, OutboundMode.Streamed, transactionUid);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> AddDocumentAsync(string transactionUid, int typeId, string name, string description, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        var file = new EmbeddedFile { TypeId = typeId, Name = name, Description = description, Document = EmbeddedFileContent.FromStream(content) };
        return AddDocumentAsync(transactionUid, file, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> UpdateContactAsync(string transactionUid, ContactUpdate contact, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        ArgumentNullException.ThrowIfNull(contact);
        contact = DocumentedSpelling.Apply(contact);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(contact.PartyType))
        {
            errors.Add("partyType is required.");
        }
        else if (!OrderValidator.IsRole(contact.PartyType))
        {
            errors.Add($"partyType '{contact.PartyType}' is not a Contact Role of the appendix ({string.Join(", ", ContactRoles.All)}).");
        }

        foreach (var (value, field) in new[] { (contact.FirstName, "firstName"), (contact.LastName, "lastName"), (contact.EmailAddress, "emailAddress"), (contact.Phone, "phone") })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{field} is required.");
            }
        }

        ThrowIfAny(errors);
        return _transport.SendJsonAsync(Put, $"Orders/{uid}/Contacts", contact, AppraisalWorksJsonContext.Default.ContactUpdate, transactionUid, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> PlaceOnHoldAsync(string transactionUid, string reason, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        RequireText(reason, "reason");
        return _transport.SendJsonAsync(Put, $"Orders/{uid}/Hold", new ReasonRequest { Reason = reason }, AppraisalWorksJsonContext.Default.ReasonRequest, transactionUid, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> ResumeAsync(string transactionUid, string reason, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        RequireText(reason, "reason");
        return _transport.SendJsonAsync(Put, $"Orders/{uid}/Resume", new ReasonRequest { Reason = reason }, AppraisalWorksJsonContext.Default.ReasonRequest, transactionUid, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> CancelAsync(string transactionUid, string? reason = null, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        return _transport.SendJsonAsync(Put, $"Orders/{uid}/Cancel", new ReasonRequest { Reason = reason }, AppraisalWorksJsonContext.Default.ReasonRequest, transactionUid, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> DeliverToBorrowerAsync(string transactionUid, BorrowerDelivery delivery, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        ArgumentNullException.ThrowIfNull(delivery);
        var errors = new List<string>();
        // The field table marks all six members "Yes" (required), borrowerAddress2 included.
        foreach (var (value, field) in new[]
        {
            (delivery.BorrowerEmail, "borrowerEmail"), (delivery.BorrowerAddress1, "borrowerAddress1"), (delivery.BorrowerAddress2, "borrowerAddress2"),
            (delivery.BorrowerCity, "borrowerCity"), (delivery.BorrowerState, "borrowerState"), (delivery.BorrowerZip, "borrowerZip"),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{field} is required (the document's table marks it required).");
            }
        }

        ThrowIfAny(errors);
        return _transport.SendJsonAsync(Put, $"Orders/{uid}/DeliverToBorrower", delivery, AppraisalWorksJsonContext.Default.BorrowerDelivery, transactionUid, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> RequestInspectionScheduleAsync(string transactionUid, InspectionScheduleRequest schedule, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        ArgumentNullException.ThrowIfNull(schedule);
        ThrowIfAny(OrderValidator.ValidateInspectionSchedule(schedule));
        return _transport.SendJsonAsync(Put, $"Orders/{uid}/InspectionSchedule", schedule, AppraisalWorksJsonContext.Default.InspectionScheduleRequest, transactionUid, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> RescheduleAppointmentAsync(string transactionUid, RescheduleRequest request, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(request.OrderId))
        {
            errors.Add("orderID is required.");
        }

        if (request.AppointmentDate is null || string.IsNullOrWhiteSpace(request.AppointmentDate.Value.Raw))
        {
            errors.Add("appointmentDate is required.");
        }
        else if (!request.AppointmentDate.Value.IsAppointmentForm)
        {
            errors.Add($"appointmentDate '{request.AppointmentDate.Value.Raw}' is not in the documented form M/d/yyyy h:mmtt ZONE (such as 1/1/2021 12:00PM EST); build it with AppraisalWorksDate.FromAppointment.");
        }

        if (string.IsNullOrWhiteSpace(request.Comment))
        {
            errors.Add("comment is required.");
        }

        ThrowIfAny(errors);
        return _transport.SendJsonAsync(Put, $"Orders/{uid}/Reschedule", request, AppraisalWorksJsonContext.Default.RescheduleRequest, transactionUid, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommentDetails> GetCommentAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Comments, detailId), null, AppraisalWorksJsonContext.Default.CommentDetails, cancellationToken, transactionUid: transactionUid, detailId: detailId);

    /// <inheritdoc />
    public Task<DocumentDetails> GetDocumentAsync(string transactionUid, long detailId, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return GetDocumentAsync(transactionUid, detailId, (_, _) => ValueTask.FromResult(destination), progress, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DocumentDetails> GetDocumentAsync(string transactionUid, long detailId, Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> destinationFactory, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destinationFactory);
        string path = EventPath(transactionUid, PostbackEventNames.Documents, detailId);
        var (result, files) = await _transport.GetStreamingAsync(path, ProgressStream.Wrap(destinationFactory, progress), AppraisalWorksJsonContext.Default.DocumentDetails, transactionUid, detailId, cancellationToken).ConfigureAwait(false);
        AttachAll(result.EmbeddedFiles, files);
        return result;
    }

    /// <inheritdoc />
    public Task<HoldDetails> GetHoldAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Hold, detailId), null, AppraisalWorksJsonContext.Default.HoldDetails, cancellationToken, transactionUid: transactionUid, detailId: detailId);

    /// <inheritdoc />
    public Task<ResumeDetails> GetResumeAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Resume, detailId), null, AppraisalWorksJsonContext.Default.ResumeDetails, cancellationToken, transactionUid: transactionUid, detailId: detailId);

    /// <inheritdoc />
    public Task<CancelDetails> GetCancelAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Cancel, detailId), null, AppraisalWorksJsonContext.Default.CancelDetails, cancellationToken, transactionUid: transactionUid, detailId: detailId);

    /// <inheritdoc />
    public Task<AssignmentDetails> GetAssignmentAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Assignment, detailId), null, AppraisalWorksJsonContext.Default.AssignmentDetails, cancellationToken, transactionUid: transactionUid, detailId: detailId);

    /// <inheritdoc />
    public Task<FeeChangeDetails> GetFeeChangeAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Get, EventPath(transactionUid, PostbackEventNames.FeeChanged, detailId), null, AppraisalWorksJsonContext.Default.FeeChangeDetails, cancellationToken, transactionUid: transactionUid, detailId: detailId);

    /// <inheritdoc />
    public Task<ExpectedDeliveryDetails> GetExpectedDeliveryAsync(string transactionUid, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Get, EventPath(transactionUid, PostbackEventNames.ExpectedDelivery, 0), null, AppraisalWorksJsonContext.Default.ExpectedDeliveryDetails, cancellationToken, transactionUid: transactionUid);

    /// <inheritdoc />
    public Task<AppointmentDetails> GetScheduledAsync(string transactionUid, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Scheduled, 0), null, AppraisalWorksJsonContext.Default.AppointmentDetails, cancellationToken, transactionUid: transactionUid);

    /// <inheritdoc />
    public Task<AppointmentDetails> GetRescheduledAsync(string transactionUid, CancellationToken cancellationToken = default) =>
        _transport.SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Rescheduled, 0), null, AppraisalWorksJsonContext.Default.AppointmentDetails, cancellationToken, transactionUid: transactionUid);

    /// <inheritdoc />
    public async Task<CompletedReport> GetCompletedAsync(string transactionUid, Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> destinationFactory, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destinationFactory);
        string path = EventPath(transactionUid, PostbackEventNames.Completed, 0);
        var (result, files) = await _transport.GetStreamingAsync(path, ProgressStream.Wrap(destinationFactory, progress), AppraisalWorksJsonContext.Default.CompletedReport, transactionUid, 0, cancellationToken).ConfigureAwait(false);
        AttachAll(result.EmbeddedFile, files);
        AppraisalWorksLog.ReportFetched(_transport.Logger, transactionUid, result.EmbeddedFile?.Count ?? 0);
        return result;
    }

    /// <inheritdoc />
    public async Task<AppraisalWorksResponse> FetchEventAsync(PostbackEvent postbackEvent, Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>? documentDestinationFactory = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(postbackEvent);
        PostbackRoute.Verify(postbackEvent);
        string uid = postbackEvent.TransactionUid;
        long id = postbackEvent.DetailId;
        Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> Documents() => documentDestinationFactory
            ?? throw new ArgumentException($"A document destination factory is required to fetch a {postbackEvent.KnownName} event.", nameof(documentDestinationFactory));

        // One span over the fetch; the event's own Get* operation is its child.
        using var telemetry = AppraisalWorksTelemetry.Client.Start(nameof(FetchEventAsync));
        AppraisalWorksTransport.Tag(telemetry, uid, id);
        if (telemetry.IsRecording)
        {
            telemetry.SetTag(AppraisalWorksTelemetry.EventAttribute, postbackEvent.KnownName ?? "_OTHER");
        }

        try
        {
            var response = await FetchKnownEventAsync(postbackEvent, uid, id, Documents, cancellationToken).ConfigureAwait(false);
            telemetry.Succeeded();
            return response;
        }
        catch (Exception ex)
        {
            telemetry.FailedWith(ex, AppraisalWorksTransport.StatusOf(ex));
            throw;
        }
    }

    private async Task<AppraisalWorksResponse> FetchKnownEventAsync(PostbackEvent postbackEvent, string uid, long id, Func<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>> Documents, CancellationToken cancellationToken)
    {
        return postbackEvent.KnownName switch
        {
            PostbackEventNames.Comments => await GetCommentAsync(uid, id, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Documents => await GetDocumentAsync(uid, id, Documents(), null, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Hold => await GetHoldAsync(uid, id, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Resume => await GetResumeAsync(uid, id, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Cancel => await GetCancelAsync(uid, id, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Assignment => await GetAssignmentAsync(uid, id, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.FeeChanged => await GetFeeChangeAsync(uid, id, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.ExpectedDelivery => await GetExpectedDeliveryAsync(uid, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Scheduled => await GetScheduledAsync(uid, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Rescheduled => await GetRescheduledAsync(uid, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Completed => await GetCompletedAsync(uid, Documents(), null, cancellationToken).ConfigureAwait(false),
            _ => throw new PostbackRouteException("The postback names an unknown event; no request is made."),
        };
    }

    /// <summary>An order AppraisalWorks accepted: the counter, and the Information line with its <c>transactionUID</c>.</summary>
    private static void OrderCreated(ILogger logger, string? transactionUid, OrderResponse response)
    {
        AppraisalWorksTelemetry.RecordOrderCreated();
        AppraisalWorksLog.OrderCreated(logger, transactionUid ?? "(none)");
    }

    // The documents of an order's files (validated: no file is null), without an iterator.
    private static EmbeddedFileContent?[] Documents(IReadOnlyList<EmbeddedFile> files)
    {
        if (files.Count == 0)
        {
            return [];
        }

        var documents = new EmbeddedFileContent?[files.Count];
        for (int i = 0; i < documents.Length; i++)
        {
            documents[i] = files[i]?.Document;
        }

        return documents;
    }

    internal static OrderRequest ApplyDefaults(OrderRequest order, AppraisalWorksOptions options)
    {
        if (order.RequestingParty is { } rp && string.IsNullOrWhiteSpace(rp.ClientId) && !string.IsNullOrWhiteSpace(options.ClientId))
        {
            order = order with { RequestingParty = rp with { ClientId = options.ClientId } };
        }

        if (options.AppraisalCoordinator is { } coordinator && order.Request?.RequestData?.Loan is { } loan
            && !(loan.Parties ?? []).Any(p => string.Equals(p?.PartyType?.Trim(), ContactRoles.AppraisalCoordinator, StringComparison.OrdinalIgnoreCase)))
        {
            var withType = new Party
            {
                PartyType = ContactRoles.AppraisalCoordinator,
                FirstName = coordinator.FirstName,
                MiddleName = coordinator.MiddleName,
                LastName = coordinator.LastName,
                FullName = coordinator.FullName,
                ContactMethod = coordinator.ContactMethod,
            };
            var newLoan = loan with { Parties = [.. loan.Parties ?? [], withType] };
            order = order with { Request = order.Request with { RequestData = order.Request.RequestData with { Loan = newLoan } } };
        }

        return order;
    }

    private static void AttachAll(IReadOnlyList<EmbeddedFileInfo>? infos, IReadOnlyList<EmbeddedFileInfo> streamed)
    {
        for (int i = 0; i < (infos?.Count ?? 0); i++)
        {
            Attach(infos![i], i, streamed);
        }
    }

    private static void Attach(EmbeddedFileInfo info, int index, IReadOnlyList<EmbeddedFileInfo> streamed)
    {
        info.Index = index;
        if (info.AdditionalProperties is { } extra && extra.Remove(EmbeddedDocumentReader.DocumentIndexProperty, out var marker)
            && marker.TryGetInt32(out int streamedIndex) && streamedIndex >= 0 && streamedIndex < streamed.Count)
        {
            info.Length = streamed[streamedIndex].Length;
            if (extra.Count == 0)
            {
                info.AdditionalProperties = null;
            }
        }
    }

    private static void RequireText(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new AppraisalWorksValidationException([$"{field} is required."]);
        }
    }

    private static void ThrowIfAny(IReadOnlyList<string> errors)
    {
        if (errors.Count > 0)
        {
            throw new AppraisalWorksValidationException(errors);
        }
    }

    private static string EventPath(string transactionUid, string eventName, long detailId)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        ArgumentOutOfRangeException.ThrowIfNegative(detailId);
        string path = $"Orders/{uid}/{eventName}";
        return detailId == 0 || PostbackEventNames.WithoutDetail.Contains(eventName) ? path : path + "/" + detailId.ToString(CultureInfo.InvariantCulture);
    }
}
