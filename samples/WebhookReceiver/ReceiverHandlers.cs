using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Json;
using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager.Callouts;

namespace WebhookReceiver;

/// <summary>Records each verified, de-duplicated HouseCanary callout with its whole typed message. Put your own work here.</summary>
public class ReceiverCalloutHandler(ReceivedLog log) : CalloutHandler
{
    /// <inheritdoc />
    public override Task OnOrderStatusChangeAsync(OrderStatusChangeMessage message, CancellationToken cancellationToken) => Record(message, "processed");

    /// <inheritdoc />
    public override Task OnOrderItemStatusChangeAsync(OrderItemStatusChangeMessage message, CancellationToken cancellationToken) => Record(message, "processed");

    /// <inheritdoc />
    public override Task OnOrderCompleteAsync(OrderCompleteMessage message, CancellationToken cancellationToken) => Record(message, "processed");

    /// <inheritdoc />
    public override Task OnUnknownMessageAsync(UnknownCalloutMessage message, CancellationToken cancellationToken) => Record(message, "unknown");

    private Task Record(CalloutMessage message, string outcome)
    {
        var details = JsonNode.Parse(CalloutSigner.Serialize(message))!.AsObject();
        if (message is OrderCompleteMessage complete)
        {
            // The report is shown by its size (it may be tens of MB); the pre-signed download URL without its signature.
            details.Remove("report");
            details["report_bytes"] = complete.HasReport ? complete.DecodeReport().Length : null;
            details["download_url"] = complete.DownloadUri?.GetLeftPart(UriPartial.Path);
        }

        log.Add("housecanary", message.MessageType, message.MessageId?.ToString() ?? string.Empty, outcome, message.GetType().Name, JsonSerializer.SerializeToElement(details, ReceiverJsonContext.Default.JsonNode));
        return Task.CompletedTask;
    }
}

/// <summary>
/// Records each AppraisalWorks postback after the processor checked it, rebuilt its route and fetched its details;
/// documents go to <c>Receiver:DocumentsPath</c> under sanitized names.
/// </summary>
public class ReceiverPostbackHandler(ReceivedLog log, ReceiverSettings settings) : PostbackHandler
{
    /// <inheritdoc />
    public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postbackEvent);
        ArgumentNullException.ThrowIfNull(file);
        Directory.CreateDirectory(settings.DocumentsPath);
        string name = string.Create(CultureInfo.InvariantCulture, $"{Safe(postbackEvent.TransactionUid)}_{postbackEvent.DetailId}_{file.Index}_{Safe(file.Name)}");
        return ValueTask.FromResult<Stream>(File.Create(Path.Combine(settings.DocumentsPath, name)));
    }

    /// <inheritdoc />
    public override Task OnCommentsAsync(PostbackEvent postbackEvent, CommentDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details);

    /// <inheritdoc />
    public override Task OnDocumentsAsync(PostbackEvent postbackEvent, DocumentDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details);

    /// <inheritdoc />
    public override Task OnHoldAsync(PostbackEvent postbackEvent, HoldDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details);

    /// <inheritdoc />
    public override Task OnResumeAsync(PostbackEvent postbackEvent, ResumeDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details);

    /// <inheritdoc />
    public override Task OnCancelAsync(PostbackEvent postbackEvent, CancelDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details);

    /// <inheritdoc />
    public override Task OnAssignmentAsync(PostbackEvent postbackEvent, AssignmentDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details);

    /// <inheritdoc />
    public override Task OnFeeChangedAsync(PostbackEvent postbackEvent, FeeChangeDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details);

    /// <inheritdoc />
    public override Task OnExpectedDeliveryAsync(PostbackEvent postbackEvent, ExpectedDeliveryDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details);

    /// <inheritdoc />
    public override Task OnScheduledAsync(PostbackEvent postbackEvent, AppointmentDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details);

    /// <inheritdoc />
    public override Task OnRescheduledAsync(PostbackEvent postbackEvent, AppointmentDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details);

    /// <inheritdoc />
    public override Task OnCompletedAsync(PostbackEvent postbackEvent, CompletedReport report, CancellationToken cancellationToken) =>
        Record(postbackEvent, report);

    /// <inheritdoc />
    public override Task OnUnknownEventAsync(PostbackEvent postbackEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postbackEvent);
        log.Add("appraisalworks", postbackEvent.EventName, Id(postbackEvent), "unknown", null, JsonSerializer.SerializeToElement(postbackEvent.ToString(), ReceiverJsonContext.Default.String));
        return Task.CompletedTask;
    }

    private Task Record(PostbackEvent e, AppraisalWorksResponse details)
    {
        var json = JsonSerializer.SerializeToElement(details, AppraisalWorksJsonContext.Default.GetTypeInfo(details.GetType())!);
        log.Add("appraisalworks", e.KnownName ?? e.EventName, Id(e), "processed", details.GetType().Name, json);
        return Task.CompletedTask;
    }

    private static string Id(PostbackEvent e) => string.Create(CultureInfo.InvariantCulture, $"{e.TransactionUid}/{e.DetailId}");

    private static string Safe(string? name)
    {
        string last = (name ?? "document").Replace('\\', '/').Split('/')[^1];
        string safe = new([.. last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')]);
        safe = safe.Trim('.');
        return safe.Length == 0 ? "document" : safe.Length > 100 ? safe[..100] : safe;
    }
}
