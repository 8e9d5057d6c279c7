using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Shared.Signing;
using Valuation.Sandbox.Delivery;
using Valuation.Sandbox.Documents;
using Valuation.Sandbox.Json;

namespace Valuation.Sandbox.AppraisalWorks;

/// <summary>The emulated Arrowbase AppraisalWorks API: HMAC authentication, orders, linking, actions, events, postbacks.</summary>
internal sealed partial class AppraisalWorksApi
{
    public const string Root = "/RapiV1";
    private const string DateFormat = "yyyy-MM-dd HH:mm:ss'Z'";

    private static readonly string[] Lifecycle = ["Assignment", "FeeChanged", "Scheduled", "ExpectedDelivery", "Comments", "Completed", "Documents"];

    private static readonly string[] EventRoutes = ["Comments", "Documents", "Hold", "Resume", "Cancel", "Assignment", "FeeChanged", "ExpectedDelivery", "Scheduled", "Rescheduled", "Completed"];

    /// <summary>The document's notification headings; "Inspection Appointment" heads both Scheduled and Rescheduled.</summary>
    private static readonly Dictionary<string, string> EventHeadings = new(StringComparer.Ordinal)
    {
        ["Comments"] = "New Comments", ["Documents"] = "New Documents", ["Hold"] = "On Hold", ["Resume"] = "Resume", ["Cancel"] = "Cancellation",
        ["Assignment"] = "Provider Assignment", ["FeeChanged"] = "Fee Changes", ["ExpectedDelivery"] = "Delivery Date Changes",
        ["Scheduled"] = "Inspection Appointment", ["Rescheduled"] = "Inspection Appointment", ["Completed"] = "Completed Report",
    };

    private readonly SandboxRuntime _runtime;
    private readonly AppraisalWorksSandboxOptions _options;
    private readonly HmacSignatureVerifier _verifier;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AwOrder> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int BaseNumber, int ItemCount)> _links = new(StringComparer.Ordinal);
    private readonly List<AppraisalWorksCommentSnapshot> _comments = [];
    private readonly List<AppraisalWorksDocumentSnapshot> _documents = [];
    private readonly List<AppraisalWorksActionSnapshot> _actions = [];
    private volatile DeliveryChannel _channel;
    private int _nextBaseNumber;
    private long _nextDetailId;
    private int _createRequests;

    public AppraisalWorksApi(SandboxRuntime runtime)
    {
        _runtime = runtime;
        _options = runtime.Options.AppraisalWorks;
        _verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha256, [_options.PrivateKey]);
        _nextBaseNumber = 110000 + runtime.NextInt(0, 9000);
        _nextDetailId = 1820000 + runtime.NextInt(0, 9000);
        Dispatcher = runtime.CreateDispatcher();
        _channel = new DeliveryChannel(_options.PostbackUrl, _options.PostbackTimeout, _options.MaxRedeliveries, _options.RedeliveryInterval, u => u, (_, _) => { });
    }

    public WebhookDispatcher Dispatcher { get; }

    /// <summary>Points postbacks sent from now on (redeliveries of earlier ones keep their URL) at <paramref name="url"/>.</summary>
    public void SetPostbackUrl(Uri? url)
    {
        if (url is { IsAbsoluteUri: false })
        {
            throw new ArgumentException("The postback URL must be absolute.", nameof(url));
        }

        _channel = _channel with { Url = url };
    }

    public int CreateOrderRequestCount => Volatile.Read(ref _createRequests);

    private string Now => _runtime.Clock.GetUtcNow().UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(Root + "/Orders", CreateOrderAsync);
        app.MapPost(Root + "/Orders/{uid}/Comments", AddCommentAsync);
        app.MapPost(Root + "/Orders/{uid}/Documents", AddDocumentAsync);
        foreach (string action in new[] { "Contacts", "Hold", "Resume", "Cancel", "DeliverToBorrower", "InspectionSchedule", "Reschedule" })
        {
            app.MapPut(Root + "/Orders/{uid}/" + action, context => PutActionAsync(context, action));
        }

        foreach (string detailEvent in new[] { "Comments", "Documents", "Hold", "Resume", "Cancel", "Assignment", "FeeChanged" })
        {
            app.MapGet(Root + "/Orders/{uid}/" + detailEvent + "/{detailId}", context => GetDetailEventAsync(context, detailEvent));
        }

        app.MapGet(Root + "/Orders/{uid}/ExpectedDelivery", GetExpectedDeliveryAsync);
        app.MapGet(Root + "/Orders/{uid}/Scheduled", context => GetAppointmentAsync(context, rescheduled: false));
        app.MapGet(Root + "/Orders/{uid}/Rescheduled", context => GetAppointmentAsync(context, rescheduled: true));
        app.MapGet(Root + "/Orders/{uid}/Completed", GetCompletedAsync);
        app.Map(Root + "/{**rest}", context => Envelope(context.Response, StatusCodes.Status404NotFound, $"No such endpoint: {context.Request.Method} {context.Request.Path}."));
    }

    // ---- authentication -----------------------------------------------------------------------------------------

    public async Task AuthenticateAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments(Root, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        string method = context.Request.Method;
        if (!HttpMethods.IsGet(method) && !HttpMethods.IsPost(method) && !HttpMethods.IsPut(method))
        {
            await Envelope(context.Response, StatusCodes.Status501NotImplemented, $"The HTTP method {method} is not supported. Only POST, PUT and GET Request methods are allowed.");
            return;
        }

        string? failure = CheckSignature(context);
        if (failure is not null)
        {
            await Envelope(context.Response, StatusCodes.Status401Unauthorized, failure);
            return;
        }

        await next(context);
    }

    private string? CheckSignature(HttpContext context)
    {
        string? authorization = context.Request.Headers.Authorization;
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return "The Authorization header is missing: expected 'hmac {PublicKey}:{signature}'.";
        }

        var value = authorization.AsSpan().Trim();
        if (!value.StartsWith("hmac ", StringComparison.OrdinalIgnoreCase))
        {
            return "The Authorization header does not use the hmac scheme: expected 'hmac {PublicKey}:{signature}'.";
        }

        value = value[5..].Trim();
        int colon = value.LastIndexOf(':');
        if (colon <= 0 || colon == value.Length - 1)
        {
            return "The Authorization header is malformed: expected 'hmac {PublicKey}:{signature}'.";
        }

        if (!value[..colon].SequenceEqual(_options.PublicKey))
        {
            return "The public key in the Authorization header is not recognised.";
        }

        string? timestamp = context.Request.Headers["x-request-date"];
        if (string.IsNullOrWhiteSpace(timestamp))
        {
            return "The x-request-date header is missing.";
        }

        if (!DateTime.TryParseExact(timestamp, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var stamped))
        {
            return "The x-request-date header is not in the 'yyyy-MM-dd HH:mm:ssZ' format (UTC).";
        }

        var skew = _runtime.Clock.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(stamped, DateTimeKind.Utc));
        if (skew.Duration() > _options.SignatureWindow)
        {
            return $"The x-request-date {timestamp} is outside the allowed window of {_options.SignatureWindow.TotalMinutes:0.##} minutes of the server time {Now}.";
        }

        bool hasBody = context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0;
        if (hasBody && !string.Equals(context.Request.ContentType, "application/json", StringComparison.Ordinal))
        {
            return $"The Content-Type must be exactly 'application/json' (it is part of the signed canonical string), not '{context.Request.ContentType}'.";
        }

        // Documented: the slot "will always be application/json". FromHeader: rebuilt from the header as api_auth
        // servers do, so a GET that signs application/json but sends no Content-Type does not match.
        string contentType = _options.SignedContentType == AppraisalWorksSignedContentType.FromHeader
            ? context.Request.ContentType ?? string.Empty
            : "application/json";
        string rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (context.Request.Path + context.Request.QueryString).ToString();
        string relative = rawTarget.Length > Root.Length ? rawTarget[Root.Length..] : "/";
        string canonical = $"{context.Request.Method},{contentType},,{relative},{timestamp}";
        var result = _verifier.VerifyBase64(Encoding.UTF8.GetBytes(canonical), value[(colon + 1)..].ToString());
        return result.IsValid ? null : $"The signature does not match the request ({result.Failure}). The canonical string signed must be '{canonical}'.";
    }

    // ---- orders -------------------------------------------------------------------------------------------------

    private async Task CreateOrderAsync(HttpContext context)
    {
        Interlocked.Increment(ref _createRequests);
        using var document = await ParseAsync(context);
        if (document is null)
        {
            return;
        }

        var errors = new List<string>();
        var request = AppraisalWorksOrderValidator.Validate(document.RootElement, _options.ClientId, _options.DefaultAppraisalCoordinator, errors);
        if (request is null)
        {
            await Envelope(context.Response, StatusCodes.Status400BadRequest, string.Join(" ", errors));
            return;
        }

        AwOrder? order;
        string? failure = null;
        lock (_gate)
        {
            _orders.TryGetValue(request.TransactionUid, out order);
            if (request.Action == "StatusQuery")
            {
                failure = order is null ? $"No order has transactionUID '{request.TransactionUid}'." : null;
            }
            else if (order is not null)
            {
                failure = $"transactionUID '{request.TransactionUid}' is already used by order {order.OrderNumber}; each product needs its own transactionUID.";
            }
            else
            {
                order = Create(request);
            }
        }

        if (failure is not null)
        {
            await Envelope(context.Response, StatusCodes.Status400BadRequest, failure);
            return;
        }

        string condition;
        lock (_gate)
        {
            condition = order!.Condition;
        }

        await JsonResponses.WriteAsync(
            context.Response,
            StatusCodes.Status200OK,
            new AwOrderResponseWire { OrderNumber = order.OrderNumber, Condition = condition, Datetime = Now },
            SandboxJsonContext.Default.AwOrderResponseWire);
    }

    private AwOrder Create(AwOrderRequest request)
    {
        string linkKey = Normalize(request.InternalAccountId) + "|" + Normalize($"{request.StreetAddress} {request.City} {request.State} {request.Zip}");
        var (baseNumber, count) = _links.TryGetValue(linkKey, out var link) ? link : (_nextBaseNumber++, 0);
        _links[linkKey] = (baseNumber, count + 1);
        var now = _runtime.Clock.GetUtcNow();
        var order = new AwOrder
        {
            TransactionUid = request.TransactionUid,
            OrderNumber = string.Create(CultureInfo.InvariantCulture, $"{baseNumber}-{count + 1}"),
            BaseNumber = baseNumber,
            ItemNumber = count + 1,
            Sequence = _orders.Count,
            LinkKey = linkKey,
            InternalAccountId = request.InternalAccountId,
            StreetAddress = request.StreetAddress,
            City = request.City,
            State = request.State,
            Zip = request.Zip,
            ProductCode = request.ProductCode,
            LoanType = request.LoanType,
            EstimatedValue = request.EstimatedValue ?? (250000m + (_runtime.NextInt(0, 200) * 1000m)),
            CreatedAt = now,
            StepScheduled = true,
        };
        _orders.Add(order.TransactionUid, order);
        foreach (var file in request.EmbeddedFiles)
        {
            _documents.Add(new AppraisalWorksDocumentSnapshot(order.TransactionUid, _nextDetailId++, file.TypeId, file.Name, file.Description, file.Size, file.Sha256, FromClient: true, now));
        }

        _runtime.Scheduler.Schedule(_runtime.Options.StepInterval, ct => LifecycleStepAsync(order, ct));
        return order;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[\s.,#]+")]
    private static partial System.Text.RegularExpressions.Regex Separators();

    private static string Normalize(string text) => Separators().Replace(text.Trim().ToUpperInvariant(), " ").Trim();

    // ---- actions ------------------------------------------------------------------------------------------------

    private async Task AddCommentAsync(HttpContext context)
    {
        if (await FindOrderAsync(context) is not { } order)
        {
            return;
        }

        using var document = await ParseAsync(context);
        if (document is null)
        {
            return;
        }

        var errors = new List<string>();
        string? comment = AwJson.Text(document.RootElement, "comment", "comment", required: true, errors);
        if (errors.Count > 0)
        {
            await Envelope(context.Response, StatusCodes.Status400BadRequest, string.Join(" ", errors));
            return;
        }

        lock (_gate)
        {
            _comments.Add(new AppraisalWorksCommentSnapshot(order.TransactionUid, _nextDetailId++, comment!, "Client Comment", FromClient: true, _runtime.Clock.GetUtcNow()));
            RecordAction(order, "Comments", "POST", document.RootElement.GetRawText());
        }

        await Ok(context);
    }

    private async Task AddDocumentAsync(HttpContext context)
    {
        if (await FindOrderAsync(context) is not { } order)
        {
            return;
        }

        await using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var parsed = ClientDocumentReader.Read(new ReadOnlySpan<byte>(body.GetBuffer(), 0, (int)body.Length));
        if (parsed.Error is not null)
        {
            await Envelope(context.Response, StatusCodes.Status400BadRequest, parsed.Error);
            return;
        }

        lock (_gate)
        {
            _documents.Add(new AppraisalWorksDocumentSnapshot(order.TransactionUid, _nextDetailId++, parsed.TypeId, parsed.Name!, parsed.Description!, parsed.Size, parsed.Sha256!, FromClient: true, _runtime.Clock.GetUtcNow()));
            string summary = JsonSerializer.Serialize(
                new AwDocumentSummaryWire { TypeId = parsed.TypeId, Name = parsed.Name!, Description = parsed.Description!, Size = parsed.Size, Sha256 = parsed.Sha256! },
                SandboxJsonContext.Default.AwDocumentSummaryWire);
            RecordAction(order, "Documents", "POST", summary);
        }

        await Ok(context);
    }

    private async Task PutActionAsync(HttpContext context, string action)
    {
        if (await FindOrderAsync(context) is not { } order)
        {
            return;
        }

        using var document = await ParseAsync(context);
        if (document is null)
        {
            return;
        }

        var root = document.RootElement;
        var errors = new List<string>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("The request body must be a JSON object.");
        }
        else
        {
            ValidateAction(action, root, errors);
        }

        string? failure = errors.Count > 0 ? string.Join(" ", errors) : null;
        if (failure is null)
        {
            lock (_gate)
            {
                failure = Apply(order, action, root);
                if (failure is null)
                {
                    RecordAction(order, action, "PUT", root.GetRawText());
                }
            }
        }

        if (failure is not null)
        {
            await Envelope(context.Response, StatusCodes.Status400BadRequest, failure);
            return;
        }

        await Ok(context);
    }

    private static void ValidateAction(string action, JsonElement root, List<string> errors)
    {
        switch (action)
        {
            case "Contacts":
                string? partyType = AwJson.Text(root, "partyType", "partyType", required: true, errors);
                if (partyType is not null && !AppraisalWorksCatalog.PartyTypes.Contains(partyType))
                {
                    errors.Add($"partyType '{partyType}' is not a Contact Role from the appendix.");
                }

                foreach (string field in new[] { "firstName", "lastName", "emailAddress", "phone" })
                {
                    AwJson.Text(root, field, field, required: true, errors);
                }

                break;
            case "Hold" or "Resume":
                AwJson.Text(root, "reason", "reason", required: true, errors);
                break;
            case "Cancel":
                AwJson.Text(root, "reason", "reason", required: false, errors);
                break;
            case "DeliverToBorrower":
                foreach (string field in new[] { "borrowerEmail", "borrowerAddress1", "borrowerAddress2", "borrowerCity", "borrowerState", "borrowerZip" })
                {
                    AwJson.Text(root, field, field, required: true, errors);
                }

                break;
            case "InspectionSchedule":
                ValidateOption(root, 1, required: true, errors);
                ValidateOption(root, 2, required: false, errors);
                ValidateOption(root, 3, required: false, errors);
                AwJson.Text(root, "contactPhone", "contactPhone", required: false, errors);
                AwJson.Boolean(root, "cell", "cell", errors);
                AwJson.Text(root, "comments", "comments", required: false, errors);
                break;
            case "Reschedule":
                AwJson.Text(root, "orderID", "orderID", required: true, errors);
                string? date = AwJson.Text(root, "appointmentDate", "appointmentDate", required: true, errors);
                if (date is not null && !AwJson.TryParseDate(date, out _))
                {
                    errors.Add($"appointmentDate '{date}' is not a date (e.g. 1/1/2021 12:00PM EST).");
                }

                AwJson.Text(root, "comment", "comment", required: true, errors);
                break;
            default:
                break;
        }
    }

    private static void ValidateOption(JsonElement root, int n, bool required, List<string> errors)
    {
        string? date = AwJson.Text(root, $"option{n}Date", $"option{n}Date", required, errors);
        string? slot = AwJson.Text(root, $"option{n}TimeSlot", $"option{n}TimeSlot", required, errors);
        if (date is not null && !AwJson.TryParseDate(date, out _))
        {
            errors.Add($"option{n}Date '{date}' is not a date (yyyy-MM-dd).");
        }

        if (slot is not null && slot is not ("1" or "2" or "3"))
        {
            errors.Add($"option{n}TimeSlot '{slot}' must be 1, 2 or 3.");
        }
    }

    /// <summary>Applies an action to the order (under the lock); returns why it cannot apply, or null.</summary>
    private string? Apply(AwOrder order, string action, JsonElement root)
    {
        switch (action)
        {
            case "Hold":
                if (order.Cancelled || order.Completed)
                {
                    return $"Order {order.OrderNumber} is {order.Condition.ToLowerInvariant()} and cannot be placed on hold.";
                }

                if (order.OnHold)
                {
                    return $"Order {order.OrderNumber} is already on hold.";
                }

                order.OnHold = true;
                order.ConditionBeforeHold = order.Condition;
                order.Condition = "On Hold";
                SchedulePostback(order, "Hold", NewReason(order, "Hold", Reason(root)));
                return null;
            case "Resume":
                if (order.Cancelled)
                {
                    return null; // The document: resuming "has no effect on an order that has been cancelled".
                }

                if (!order.OnHold)
                {
                    return $"Order {order.OrderNumber} is not on hold.";
                }

                order.OnHold = false;
                order.Condition = order.ConditionBeforeHold ?? "In Progress";
                SchedulePostback(order, "Resume", NewReason(order, "Resume", Reason(root)));
                if (!order.StepScheduled && order.NextStep < Lifecycle.Length)
                {
                    order.StepScheduled = true;
                    _runtime.Scheduler.Schedule(_runtime.Options.StepInterval * 2, ct => LifecycleStepAsync(order, ct));
                }

                return null;
            case "Cancel":
                if (order.Cancelled || order.Completed)
                {
                    return $"Order {order.OrderNumber} is already {order.Condition.ToLowerInvariant()}.";
                }

                order.Cancelled = true;
                order.OnHold = false;
                order.Condition = "Cancelled";
                string reason = Reason(root);
                SchedulePostback(order, "Cancel", NewReason(order, "Cancel", reason.Length == 0 ? "Order cancelled by client request." : reason));
                return null;
            case "InspectionSchedule" or "Reschedule":
                if (order.Cancelled || order.Completed)
                {
                    return $"Order {order.OrderNumber} is {order.Condition.ToLowerInvariant()}; its inspection cannot be scheduled.";
                }

                DateTimeOffset appointment = action == "Reschedule"
                    ? ParseDate(root, "appointmentDate")
                    : ParseDate(root, "option1Date") + SlotStart(AwJson.TryGet(root, "option1TimeSlot", out var slot) ? slot.ToString() : "1");
                if (order.Appointment is null)
                {
                    order.RequestedAppointment = appointment;
                }
                else
                {
                    order.Rescheduled = appointment;
                    SchedulePostback(order, "Rescheduled", 0);
                }

                return null;
            default:
                return order.Cancelled ? $"Order {order.OrderNumber} is cancelled." : null;
        }
    }

    private static string Reason(JsonElement root) =>
        AwJson.TryGet(root, "reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : string.Empty;

    private static DateTimeOffset ParseDate(JsonElement root, string field) =>
        AwJson.TryGet(root, field, out var value) && AwJson.TryParseDate(value.ToString(), out var date) ? date.ToUniversalTime() : DateTimeOffset.UnixEpoch;

    private static TimeSpan SlotStart(string slot) => slot switch
    {
        "2" => TimeSpan.FromHours(12),
        "3" => TimeSpan.FromHours(17),
        _ => TimeSpan.FromHours(8),
    };

    private long NewReason(AwOrder order, string eventName, string reason)
    {
        long id = _nextDetailId++;
        order.Reasons[(eventName, id)] = reason;
        return id;
    }

    private void RecordAction(AwOrder order, string action, string method, string body) =>
        _actions.Add(new AppraisalWorksActionSnapshot(order.TransactionUid, action, method, body, _runtime.Clock.GetUtcNow()));

    // ---- lifecycle ----------------------------------------------------------------------------------------------

    private async Task LifecycleStepAsync(AwOrder order, CancellationToken cancellationToken)
    {
        string eventName;
        long detailId = 0;
        bool scheduleNext;
        lock (_gate)
        {
            order.StepScheduled = false;
            if (order.Cancelled || order.OnHold || order.NextStep >= Lifecycle.Length)
            {
                return;
            }

            eventName = Lifecycle[order.NextStep++];
            var now = _runtime.Clock.GetUtcNow();
            switch (eventName)
            {
                case "Assignment":
                    detailId = _nextDetailId++;
                    order.AssignmentIds.Add(detailId);
                    order.Condition = "Assigned";
                    break;
                case "FeeChanged":
                    detailId = _nextDetailId++;
                    order.FeeChangeIds.Add(detailId);
                    break;
                case "Scheduled":
                    order.Appointment = order.RequestedAppointment ?? new DateTimeOffset(now.UtcDateTime.Date.AddDays(3).AddHours(14).AddMinutes(15), TimeSpan.Zero);
                    order.Condition = "Scheduled";
                    break;
                case "ExpectedDelivery":
                    order.ExpectedDelivery = new DateTimeOffset(now.UtcDateTime.Date.AddDays(7).AddHours(19).AddMinutes(49), TimeSpan.Zero);
                    break;
                case "Comments":
                    detailId = _nextDetailId++;
                    _comments.Add(new AppraisalWorksCommentSnapshot(order.TransactionUid, detailId, "The inspection is complete and the report is being written.", "Order Notes", FromClient: false, now));
                    break;
                case "Completed":
                    order.Completed = true;
                    order.Condition = "Completed";
                    foreach (var document in CompletedDocuments(order))
                    {
                        AddProviderDocument(order, _nextDetailId++, document, now);
                    }

                    break;
                case "Documents":
                    detailId = _nextDetailId++;
                    AddProviderDocument(order, detailId, new ProviderDocument(2060, $"O-{order.OrderNumber}-AppraisalSupport.pdf", "Appraisal Support Document", () => PdfDocument.Create(["Appraisal support document", $"Order {order.OrderNumber}", order.StreetAddress])), now);
                    break;
                default:
                    break;
            }

            scheduleNext = order.NextStep < Lifecycle.Length;
            order.StepScheduled = scheduleNext;
        }

        // The next step is scheduled only after this postback's first attempt, so a slow receiver never sees events out of order.
        await PostbackAsync(order, eventName, detailId, cancellationToken);
        if (scheduleNext)
        {
            _runtime.Scheduler.Schedule(_runtime.Options.StepInterval, ct => LifecycleStepAsync(order, ct));
        }
    }

    private void AddProviderDocument(AwOrder order, long detailId, ProviderDocument document, DateTimeOffset now)
    {
        order.ProviderDocuments[detailId] = document;
        byte[] content = document.Content();
        _documents.Add(new AppraisalWorksDocumentSnapshot(
            order.TransactionUid, detailId, document.TypeId, document.Name, document.Description, content.Length,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)), FromClient: false, now));
    }

    private IEnumerable<ProviderDocument> CompletedDocuments(AwOrder order)
    {
        string address = $"{order.StreetAddress}, {order.City}, {order.State} {order.Zip}";
        int pdfSize = _options.AppraisalPdfSize, xmlSize = _options.MismoXmlSize, invoiceSize = _options.InvoiceSize;
        decimal value = order.EstimatedValue;
        yield return new ProviderDocument(2000, "AppraisalReport.pdf", "Appraisal PDF", () => FakeDocuments.Pdf(pdfSize, "Appraisal report (Valuation.Sandbox)", $"Order {order.OrderNumber}", address));
        yield return new ProviderDocument(2010, "FinalAppraisalDoc.xml", "MISMO 2.6 GSE Appraisal Dataset with embedded PDF file", () => FakeDocuments.MismoXml(xmlSize, order.OrderNumber, address, value));
        yield return new ProviderDocument(1000, "Invoice.PDF", "Invoice for service", () => FakeDocuments.Pdf(invoiceSize, "Invoice (Valuation.Sandbox)", $"Order {order.OrderNumber}", "Amount due: 350.00"));
    }

    private void SchedulePostback(AwOrder order, string eventName, long detailId) =>
        _runtime.Scheduler.Schedule(_runtime.Options.StepInterval, ct => PostbackAsync(order, eventName, detailId, ct));

    private Task PostbackAsync(AwOrder order, string eventName, long detailId, CancellationToken cancellationToken)
    {
        string uid = Uri.EscapeDataString(order.TransactionUid);
        string path = detailId == 0 ? $"/Orders/{uid}/{eventName}" : string.Create(CultureInfo.InvariantCulture, $"/Orders/{uid}/{eventName}/{detailId}");
        var wire = new AwPostbackWire
        {
            ApiEvent = new AwApiEventWire
            {
                TransactionUid = order.TransactionUid,
                EventName = SpellEventName(eventName),
                DetailId = detailId.ToString(CultureInfo.InvariantCulture),
                Path = path,
            },
        };
        string messageId = $"{order.TransactionUid}:{eventName}:{detailId}:{_runtime.NextToken()[..8]}";
        return Dispatcher.DeliverAsync(_channel, messageId, eventName, JsonSerializer.SerializeToUtf8Bytes(wire, SandboxJsonContext.Default.AwPostbackWire), cancellationToken);
    }

    /// <summary>The eventName of a postback in the configured spelling; the path always names the route.</summary>
    private string SpellEventName(string route) => _options.EventNames switch
    {
        AppraisalWorksEventNames.Heading => EventHeadings[route],
        AppraisalWorksEventNames.HeadingWithoutSpaces => EventHeadings[route].Replace(" ", string.Empty, StringComparison.Ordinal),
        AppraisalWorksEventNames.Unlisted => "EV-" + (101 + Array.IndexOf(EventRoutes, route)).ToString(CultureInfo.InvariantCulture),
        _ => route,
    };

    // ---- event GETs ---------------------------------------------------------------------------------------------

    private async Task GetDetailEventAsync(HttpContext context, string eventName)
    {
        if (await FindOrderAsync(context) is not { } order)
        {
            return;
        }

        if (!long.TryParse(context.Request.RouteValues["detailId"] as string, NumberStyles.None, CultureInfo.InvariantCulture, out long detailId))
        {
            await Envelope(context.Response, StatusCodes.Status400BadRequest, "detailId must be a number.");
            return;
        }

        string missing = $"Order {order.OrderNumber} has no {eventName} event with detailId {detailId}.";
        switch (eventName)
        {
            case "Comments":
                AppraisalWorksCommentSnapshot? comment;
                lock (_gate)
                {
                    comment = _comments.FirstOrDefault(c => c.TransactionUid == order.TransactionUid && c.DetailId == detailId);
                }

                await (comment is null
                    ? Envelope(context.Response, StatusCodes.Status400BadRequest, missing)
                    : JsonResponses.WriteAsync(context.Response, 200, new AwCommentWire { Comment = comment.Comment, CommentCategory = comment.Category, Datetime = Now }, SandboxJsonContext.Default.AwCommentWire));
                return;
            case "Documents":
                ProviderDocument? document;
                lock (_gate)
                {
                    document = order.ProviderDocuments.GetValueOrDefault(detailId);
                }

                if (document is null)
                {
                    await Envelope(context.Response, StatusCodes.Status400BadRequest, missing);
                    return;
                }

                await EventPayloadWriter.WriteDocumentAsync(context.Response, document, Now);
                return;
            case "Assignment":
                bool assigned;
                lock (_gate)
                {
                    assigned = order.AssignmentIds.Contains(detailId);
                }

                await (!assigned
                    ? Envelope(context.Response, StatusCodes.Status400BadRequest, missing)
                    : JsonResponses.WriteAsync(
                        context.Response,
                        200,
                        new AwAssignmentWire { AppraiserName = "Jane Appraiser", CompanyName = "Appraisers INC.", Distance = "147.65", AppraiserLicenseNumber = "tst-12345", Datetime = Now },
                        SandboxJsonContext.Default.AwAssignmentWire));
                return;
            case "FeeChanged":
                bool changed;
                lock (_gate)
                {
                    changed = order.FeeChangeIds.Contains(detailId);
                }

                await (!changed
                    ? Envelope(context.Response, StatusCodes.Status400BadRequest, missing)
                    : JsonResponses.WriteAsync(
                        context.Response,
                        200,
                        new AwFeeChangedWire { Reason = "This property is complex and will require a higher fee to complete.", RevisedVendorFee = "350.00", Datetime = Now },
                        SandboxJsonContext.Default.AwFeeChangedWire));
                return;
            default:
                string? reason;
                lock (_gate)
                {
                    reason = order.Reasons.GetValueOrDefault((eventName, detailId));
                }

                await (reason is null
                    ? Envelope(context.Response, StatusCodes.Status400BadRequest, missing)
                    : JsonResponses.WriteAsync(context.Response, 200, new AwReasonWire { Reason = reason, Datetime = Now }, SandboxJsonContext.Default.AwReasonWire));
                return;
        }
    }

    private async Task GetExpectedDeliveryAsync(HttpContext context)
    {
        if (await FindOrderAsync(context) is not { } order)
        {
            return;
        }

        DateTimeOffset? expected;
        lock (_gate)
        {
            expected = order.ExpectedDelivery;
        }

        await (expected is not { } date
            ? Envelope(context.Response, StatusCodes.Status400BadRequest, $"Order {order.OrderNumber} has no expected delivery date yet.")
            : JsonResponses.WriteAsync(context.Response, 200, new AwExpectedDeliveryWire { ExpectedDate = Format(date), Datetime = Now }, SandboxJsonContext.Default.AwExpectedDeliveryWire));
    }

    private async Task GetAppointmentAsync(HttpContext context, bool rescheduled)
    {
        if (await FindOrderAsync(context) is not { } order)
        {
            return;
        }

        DateTimeOffset? appointment;
        lock (_gate)
        {
            appointment = rescheduled ? order.Rescheduled : order.Appointment;
        }

        await (appointment is not { } date
            ? Envelope(context.Response, StatusCodes.Status400BadRequest, $"Order {order.OrderNumber} has no {(rescheduled ? "rescheduled" : "scheduled")} inspection appointment.")
            : JsonResponses.WriteAsync(context.Response, 200, new AwAppointmentWire { AppointmentDate = Format(date), Datetime = Now }, SandboxJsonContext.Default.AwAppointmentWire));
    }

    private async Task GetCompletedAsync(HttpContext context)
    {
        if (await FindOrderAsync(context) is not { } order)
        {
            return;
        }

        bool completed;
        lock (_gate)
        {
            completed = order.Completed;
        }

        if (!completed)
        {
            await Envelope(context.Response, StatusCodes.Status400BadRequest, $"Order {order.OrderNumber} is not completed.");
            return;
        }

        await EventPayloadWriter.WriteCompletedAsync(context.Response, order, [.. CompletedDocuments(order)], Now);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private async Task<AwOrder?> FindOrderAsync(HttpContext context)
    {
        string uid = context.Request.RouteValues["uid"] as string ?? string.Empty;
        AwOrder? order;
        lock (_gate)
        {
            order = _orders.GetValueOrDefault(uid);
        }

        if (order is null)
        {
            await Envelope(context.Response, StatusCodes.Status400BadRequest, $"No order has transactionUID '{(AppraisalWorksOrderValidator.IsSafeUid(uid) ? uid : "(invalid)")}'.");
        }

        return order;
    }

    private async Task<JsonDocument?> ParseAsync(HttpContext context)
    {
        byte[] body = await JsonResponses.ReadBodyAsync(context.Request);
        if (body.Length == 0)
        {
            // No body at all reads as an empty object, so the answer names the missing fields (Cancel needs none).
            body = "{}"u8.ToArray();
        }

        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            await Envelope(context.Response, StatusCodes.Status400BadRequest, $"The request body is not valid JSON: {ex.Message}");
            return null;
        }
    }

    private static string Format(DateTimeOffset instant) => instant.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);

    private Task Ok(HttpContext context) =>
        JsonResponses.WriteAsync(context.Response, StatusCodes.Status200OK, new AwEnvelopeWire { IsSuccess = true, Datetime = Now }, SandboxJsonContext.Default.AwEnvelopeWire);

    private Task Envelope(HttpResponse response, int status, string description) =>
        JsonResponses.WriteAsync(
            response,
            status,
            new AwEnvelopeWire { IsSuccess = false, Description = description, Datetime = Now },
            SandboxJsonContext.Default.AwEnvelopeWire);

    // ---- snapshots ----------------------------------------------------------------------------------------------

    public IReadOnlyList<AppraisalWorksOrderSnapshot> Orders
    {
        get
        {
            lock (_gate)
            {
                return [.. _orders.Values.OrderBy(o => o.Sequence).Select(o => new AppraisalWorksOrderSnapshot(
                    o.TransactionUid, o.OrderNumber, o.InternalAccountId, o.StreetAddress, o.City, o.State, o.Zip, o.ProductCode, o.LoanType, o.Condition, o.OnHold,
                    [.. _orders.Values.Where(x => x.BaseNumber == o.BaseNumber).OrderBy(x => x.ItemNumber).Select(x => x.OrderNumber)],
                    o.CreatedAt))];
            }
        }
    }

    public IReadOnlyList<AppraisalWorksCommentSnapshot> Comments
    {
        get
        {
            lock (_gate)
            {
                return [.. _comments];
            }
        }
    }

    public IReadOnlyList<AppraisalWorksDocumentSnapshot> Documents
    {
        get
        {
            lock (_gate)
            {
                return [.. _documents];
            }
        }
    }

    public IReadOnlyList<AppraisalWorksActionSnapshot> Actions
    {
        get
        {
            lock (_gate)
            {
                return [.. _actions];
            }
        }
    }
}
