using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Arrowbase.AppraisalWorks.Appendices;
using Arrowbase.AppraisalWorks.Documents;
using Arrowbase.AppraisalWorks.Http;
using Arrowbase.AppraisalWorks.Json;
using Arrowbase.AppraisalWorks.Postbacks;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

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
    private readonly HttpClient _http;
    private readonly Func<AppraisalWorksOptions> _options;

    /// <summary>Initializes a client over an <see cref="HttpClient"/> whose pipeline signs requests (the DI typed client).</summary>
    /// <param name="httpClient">The HTTP client; its pipeline must contain an <see cref="HmacSigningHandler"/>.</param>
    /// <param name="options">The options.</param>
    public AppraisalWorksClient(HttpClient httpClient, IOptionsMonitor<AppraisalWorksOptions> options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _http = httpClient;
        _options = () => options.CurrentValue;
    }

    /// <summary>Initializes a client with fixed options over an <see cref="HttpClient"/> whose pipeline signs requests.</summary>
    /// <param name="httpClient">The HTTP client; its pipeline must contain an <see cref="HmacSigningHandler"/>.</param>
    /// <param name="options">The options.</param>
    public AppraisalWorksClient(HttpClient httpClient, AppraisalWorksOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        _http = httpClient;
        _options = () => options;
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
        var signing = new HmacSigningHandler(options, timeProvider) { InnerHandler = innerHandler ?? new SocketsHttpHandler() };
        var http = new HttpClient(signing, disposeHandler: true) { Timeout = options.TotalRequestTimeout };
#pragma warning restore CA2000
        return new AppraisalWorksClient(http, options);
    }

    /// <inheritdoc />
    public Task<OrderResponse> CreateOrderAsync(OrderRequest order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var options = _options();
        order = ApplyDefaults(DocumentedSpelling.Apply(order), options);
        var errors = OrderValidator.ValidateOrder(order, options);
        if (errors.Count > 0)
        {
            throw new AppraisalWorksValidationException(errors);
        }

        var files = order.Request?.RequestData?.Loan?.EmbeddedFile ?? [];
        var content = StreamingJsonContent.Create(order, AppraisalWorksJsonContext.Default.OrderRequest, files.Select(f => f.Document));
        return SendAsync(Post, "Orders", content, AppraisalWorksJsonContext.Default.OrderResponse, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> AddCommentAsync(string transactionUid, string comment, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        RequireText(comment, "comment");
        return SendJsonAsync(Post, $"Orders/{uid}/Comments", new CommentRequest { Comment = comment }, AppraisalWorksJsonContext.Default.CommentRequest, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> AddDocumentAsync(string transactionUid, EmbeddedFile file, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        var errors = OrderValidator.ValidateDocument(file, _options().AllowUnlistedCodes);
        if (errors.Count > 0)
        {
            throw new AppraisalWorksValidationException(errors);
        }

        var content = StreamingJsonContent.Create(new DocumentRequest { EmbeddedFile = file }, AppraisalWorksJsonContext.Default.DocumentRequest, [file.Document]);
        return SendAsync(Post, $"Orders/{uid}/Documents", content, AppraisalWorksJsonContext.Default.AppraisalWorksResponse, cancellationToken);
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
        return SendJsonAsync(Put, $"Orders/{uid}/Contacts", contact, AppraisalWorksJsonContext.Default.ContactUpdate, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> PlaceOnHoldAsync(string transactionUid, string reason, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        RequireText(reason, "reason");
        return SendJsonAsync(Put, $"Orders/{uid}/Hold", new ReasonRequest { Reason = reason }, AppraisalWorksJsonContext.Default.ReasonRequest, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> ResumeAsync(string transactionUid, string reason, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        RequireText(reason, "reason");
        return SendJsonAsync(Put, $"Orders/{uid}/Resume", new ReasonRequest { Reason = reason }, AppraisalWorksJsonContext.Default.ReasonRequest, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> CancelAsync(string transactionUid, string? reason = null, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        return SendJsonAsync(Put, $"Orders/{uid}/Cancel", new ReasonRequest { Reason = reason }, AppraisalWorksJsonContext.Default.ReasonRequest, cancellationToken);
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
        return SendJsonAsync(Put, $"Orders/{uid}/DeliverToBorrower", delivery, AppraisalWorksJsonContext.Default.BorrowerDelivery, cancellationToken);
    }

    /// <inheritdoc />
    public Task<AppraisalWorksResponse> RequestInspectionScheduleAsync(string transactionUid, InspectionScheduleRequest schedule, CancellationToken cancellationToken = default)
    {
        string uid = TransactionUid.ToPathSegment(transactionUid, nameof(transactionUid));
        ArgumentNullException.ThrowIfNull(schedule);
        ThrowIfAny(OrderValidator.ValidateInspectionSchedule(schedule));
        return SendJsonAsync(Put, $"Orders/{uid}/InspectionSchedule", schedule, AppraisalWorksJsonContext.Default.InspectionScheduleRequest, cancellationToken);
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
        return SendJsonAsync(Put, $"Orders/{uid}/Reschedule", request, AppraisalWorksJsonContext.Default.RescheduleRequest, cancellationToken);
    }

    /// <inheritdoc />
    public Task<CommentDetails> GetCommentAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default) =>
        SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Comments, detailId), null, AppraisalWorksJsonContext.Default.CommentDetails, cancellationToken);

    /// <inheritdoc />
    public Task<DocumentDetails> GetDocumentAsync(string transactionUid, long detailId, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return GetDocumentAsync(transactionUid, detailId, (_, _) => ValueTask.FromResult(destination), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<DocumentDetails> GetDocumentAsync(string transactionUid, long detailId, Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> destinationFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destinationFactory);
        string path = EventPath(transactionUid, PostbackEventNames.Documents, detailId);
        var (result, files) = await GetStreamingAsync(path, destinationFactory, AppraisalWorksJsonContext.Default.DocumentDetails, cancellationToken).ConfigureAwait(false);
        AttachAll(result.EmbeddedFiles, files);
        return result;
    }

    /// <inheritdoc />
    public Task<HoldDetails> GetHoldAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default) =>
        SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Hold, detailId), null, AppraisalWorksJsonContext.Default.HoldDetails, cancellationToken);

    /// <inheritdoc />
    public Task<ResumeDetails> GetResumeAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default) =>
        SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Resume, detailId), null, AppraisalWorksJsonContext.Default.ResumeDetails, cancellationToken);

    /// <inheritdoc />
    public Task<CancelDetails> GetCancelAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default) =>
        SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Cancel, detailId), null, AppraisalWorksJsonContext.Default.CancelDetails, cancellationToken);

    /// <inheritdoc />
    public Task<AssignmentDetails> GetAssignmentAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default) =>
        SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Assignment, detailId), null, AppraisalWorksJsonContext.Default.AssignmentDetails, cancellationToken);

    /// <inheritdoc />
    public Task<FeeChangeDetails> GetFeeChangeAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default) =>
        SendAsync(Get, EventPath(transactionUid, PostbackEventNames.FeeChanged, detailId), null, AppraisalWorksJsonContext.Default.FeeChangeDetails, cancellationToken);

    /// <inheritdoc />
    public Task<ExpectedDeliveryDetails> GetExpectedDeliveryAsync(string transactionUid, CancellationToken cancellationToken = default) =>
        SendAsync(Get, EventPath(transactionUid, PostbackEventNames.ExpectedDelivery, 0), null, AppraisalWorksJsonContext.Default.ExpectedDeliveryDetails, cancellationToken);

    /// <inheritdoc />
    public Task<AppointmentDetails> GetScheduledAsync(string transactionUid, CancellationToken cancellationToken = default) =>
        SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Scheduled, 0), null, AppraisalWorksJsonContext.Default.AppointmentDetails, cancellationToken);

    /// <inheritdoc />
    public Task<AppointmentDetails> GetRescheduledAsync(string transactionUid, CancellationToken cancellationToken = default) =>
        SendAsync(Get, EventPath(transactionUid, PostbackEventNames.Rescheduled, 0), null, AppraisalWorksJsonContext.Default.AppointmentDetails, cancellationToken);

    /// <inheritdoc />
    public async Task<CompletedReport> GetCompletedAsync(string transactionUid, Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> destinationFactory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destinationFactory);
        string path = EventPath(transactionUid, PostbackEventNames.Completed, 0);
        var (result, files) = await GetStreamingAsync(path, destinationFactory, AppraisalWorksJsonContext.Default.CompletedReport, cancellationToken).ConfigureAwait(false);
        AttachAll(result.EmbeddedFile, files);
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
        return postbackEvent.KnownName switch
        {
            PostbackEventNames.Comments => await GetCommentAsync(uid, id, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Documents => await GetDocumentAsync(uid, id, Documents(), cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Hold => await GetHoldAsync(uid, id, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Resume => await GetResumeAsync(uid, id, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Cancel => await GetCancelAsync(uid, id, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Assignment => await GetAssignmentAsync(uid, id, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.FeeChanged => await GetFeeChangeAsync(uid, id, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.ExpectedDelivery => await GetExpectedDeliveryAsync(uid, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Scheduled => await GetScheduledAsync(uid, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Rescheduled => await GetRescheduledAsync(uid, cancellationToken).ConfigureAwait(false),
            PostbackEventNames.Completed => await GetCompletedAsync(uid, Documents(), cancellationToken).ConfigureAwait(false),
            _ => throw new PostbackRouteException("The postback names an unknown event; no request is made."),
        };
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

    private Uri BuildUri(string relative)
    {
        var baseAddress = _options().BaseAddress;
        string root = baseAddress.AbsoluteUri;
        if (!root.EndsWith('/'))
        {
            root += "/";
        }

        return new Uri(new Uri(root), relative);
    }

    private Task<AppraisalWorksResponse> SendJsonAsync<TBody>(HttpMethod method, string relative, TBody body, JsonTypeInfo<TBody> bodyType, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, bodyType));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(AppraisalWorksSignature.ContentType);
        return SendAsync(method, relative, content, AppraisalWorksJsonContext.Default.AppraisalWorksResponse, cancellationToken);
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string relative, HttpContent? content, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
        where T : AppraisalWorksResponse
    {
        using var request = new HttpRequestMessage(method, BuildUri(relative)) { Content = content };
        using var response = await SendCoreAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw CreateFailure(response.StatusCode, body, method, relative);
        }

        T result;
        try
        {
            result = JsonSerializer.Deserialize(body.Length == 0 ? "{}"u8 : body.Span, responseType)
                ?? throw new JsonException("The response body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw new AppraisalWorksException($"The AppraisalWorks response to {method} {Describe(relative)} could not be read: {ex.Message}", response.StatusCode, null, ex);
        }

        return EnsureSuccess(result, response.StatusCode, method, relative);
    }

    private async Task<(T Result, IReadOnlyList<EmbeddedFileInfo> Files)> GetStreamingAsync<T>(string relative, Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> factory, JsonTypeInfo<T> responseType, CancellationToken cancellationToken)
        where T : AppraisalWorksResponse
    {
        using var request = new HttpRequestMessage(Get, BuildUri(relative));
        using var response = await SendCoreAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var errorBody = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);
            throw CreateFailure(response.StatusCode, errorBody, Get, relative);
        }

        EmbeddedDocumentReadResult read;
        T result;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                read = await EmbeddedDocumentReader.ReadAsync(stream, factory, _options().MaxResponseMemberBytes, cancellationToken).ConfigureAwait(false);
            }

            result = JsonSerializer.Deserialize(read.Skeleton.Span, responseType) ?? throw new JsonException("The response body is JSON null.");
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            throw new AppraisalWorksException($"The AppraisalWorks response to GET {Describe(relative)} could not be read: {ex.Message}", response.StatusCode, null, ex);
        }

        return (EnsureSuccess(result, response.StatusCode, Get, relative), read.Files);
    }

    private async Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or ExecutionRejectedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The caller's own cancellation is rethrown as is; everything else below HTTP becomes one typed exception.
            string target = $"{request.Method} {Describe(request.RequestUri?.AbsolutePath ?? string.Empty)}";
            string what = ex switch
            {
                TimeoutRejectedException => "timed out (AppraisalWorks:AttemptTimeout or AppraisalWorks:TotalRequestTimeout elapsed)",
                BrokenCircuitException => "was not sent: the circuit breaker is open after repeated failures",
                ExecutionRejectedException => "was rejected by the resilience pipeline",
                OperationCanceledException => "timed out (AppraisalWorks:TotalRequestTimeout elapsed)",
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError } => "failed: connection failed",
                _ => "failed: the connection failed or the response was cut off",
            };
            throw new AppraisalWorksException($"The AppraisalWorks request {target} {what}: {ex.Message}", ex);
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        int limit = _options().MaxResponseMemberBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new AppraisalWorksException($"The AppraisalWorks response is larger than {limit} bytes (HTTP {(int)response.StatusCode}).", response.StatusCode, null);
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();

            // Pooled: a fresh 16 KiB array per call was most of what a small call allocated (see docs/performance.md).
            byte[] chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > limit)
                    {
                        throw new AppraisalWorksException($"The AppraisalWorks response is larger than {limit} bytes (HTTP {(int)response.StatusCode}).", response.StatusCode, null);
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        }
    }

    private static T EnsureSuccess<T>(T result, HttpStatusCode status, HttpMethod method, string relative)
        where T : AppraisalWorksResponse
    {
        if (result.IsSuccess == false)
        {
            throw new AppraisalWorksException(
                $"AppraisalWorks answered {method} {Describe(relative)} with HTTP {(int)status} but isSuccess false: {result.Description ?? "(no description)"}",
                status,
                result);
        }

        return result;
    }

    private static AppraisalWorksException CreateFailure(HttpStatusCode status, ReadOnlyMemory<byte> body, HttpMethod method, string relative)
    {
        AppraisalWorksResponse? envelope = null;
        try
        {
            if (!body.IsEmpty)
            {
                envelope = JsonSerializer.Deserialize(body.Span, AppraisalWorksJsonContext.Default.AppraisalWorksResponse);
            }
        }
        catch (JsonException)
        {
            envelope = null; // a non-JSON error body (an HTML error page): the status alone describes the failure
        }

        string target = $"{method} {Describe(relative)}";
        string message = status switch
        {
            HttpStatusCode.Unauthorized =>
                $"AppraisalWorks rejected the authentication of {target} (HTTP 401): the HMAC signature, the public/private key pair, or the x-request-date timestamp (check the clock) was not accepted. Check AppraisalWorks:PublicKey and AppraisalWorks:PrivateKey.",
            HttpStatusCode.BadRequest => $"AppraisalWorks refused {target} as a bad request (HTTP 400): {envelope?.Description ?? "(no description)"}",
            HttpStatusCode.NotImplemented => $"AppraisalWorks does not implement {target} (HTTP 501): {envelope?.Description ?? "(no description)"}",
            _ => $"AppraisalWorks failed {target} with HTTP {(int)status}: {envelope?.Description ?? "(no description)"}",
        };
        return new AppraisalWorksException(message, status, envelope);
    }

    private static string Describe(string relative) => relative.StartsWith('/') ? relative : "/" + relative;
}
