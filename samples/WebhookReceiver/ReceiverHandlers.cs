using System.Globalization;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager.Callouts;

namespace WebhookReceiver;

/// <summary>Records each verified, de-duplicated HouseCanary callout. Put your own work here.</summary>
public class ReceiverCalloutHandler(ReceivedLog log) : CalloutHandler
{
    /// <inheritdoc />
    public override Task OnOrderStatusChangeAsync(OrderStatusChangeMessage message, CancellationToken cancellationToken) =>
        Record(message, "processed", new() { ["order_id"] = message.OrderId.Value, ["new_status"] = message.NewStatus });

    /// <inheritdoc />
    public override Task OnOrderItemStatusChangeAsync(OrderItemStatusChangeMessage message, CancellationToken cancellationToken) =>
        Record(message, "processed", new() { ["order_id"] = message.OrderId.Value, ["order_item_id"] = message.OrderItemId.Value, ["new_status"] = message.NewStatus });

    /// <inheritdoc />
    public override Task OnOrderCompleteAsync(OrderCompleteMessage message, CancellationToken cancellationToken) =>
        Record(message, "processed", new()
        {
            ["order_id"] = message.OrderId.Value,
            ["order_item_id"] = message.OrderItemId.Value,
            ["download_url"] = message.DownloadUri?.GetLeftPart(UriPartial.Path),
            ["report_bytes"] = message.HasReport ? message.DecodeReport().Length.ToString(CultureInfo.InvariantCulture) : null,
        });

    /// <inheritdoc />
    public override Task OnUnknownMessageAsync(UnknownCalloutMessage message, CancellationToken cancellationToken) =>
        Record(message, "unknown", new() { ["order_id"] = message.OrderId.IsEmpty ? null : message.OrderId.Value });

    private Task Record(CalloutMessage message, string outcome, Dictionary<string, string?> details)
    {
        log.Add("housecanary", message.MessageType, message.MessageId ?? string.Empty, outcome, message.GetType().Name, details);
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
        Record(postbackEvent, details, new() { ["comment"] = details.Comment });

    /// <inheritdoc />
    public override Task OnDocumentsAsync(PostbackEvent postbackEvent, DocumentDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details, new() { ["name"] = details.EmbeddedFile?.Name, ["bytes"] = details.EmbeddedFile?.Length?.ToString(CultureInfo.InvariantCulture) });

    /// <inheritdoc />
    public override Task OnHoldAsync(PostbackEvent postbackEvent, HoldDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details, new() { ["reason"] = details.Reason });

    /// <inheritdoc />
    public override Task OnResumeAsync(PostbackEvent postbackEvent, ResumeDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details, new() { ["reason"] = details.Reason });

    /// <inheritdoc />
    public override Task OnCancelAsync(PostbackEvent postbackEvent, CancelDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details, new() { ["reason"] = details.Reason });

    /// <inheritdoc />
    public override Task OnAssignmentAsync(PostbackEvent postbackEvent, AssignmentDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details, new() { ["appraiserName"] = details.AppraiserName, ["companyName"] = details.CompanyName });

    /// <inheritdoc />
    public override Task OnFeeChangedAsync(PostbackEvent postbackEvent, FeeChangeDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details, new() { ["revisedVendorFee"] = details.RevisedVendorFee?.ToString(CultureInfo.InvariantCulture), ["reason"] = details.Reason });

    /// <inheritdoc />
    public override Task OnExpectedDeliveryAsync(PostbackEvent postbackEvent, ExpectedDeliveryDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details, new() { ["expectedDate"] = details.ExpectedDate?.ToString() });

    /// <inheritdoc />
    public override Task OnScheduledAsync(PostbackEvent postbackEvent, AppointmentDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details, new() { ["appointmentDate"] = details.AppointmentDate?.ToString() });

    /// <inheritdoc />
    public override Task OnRescheduledAsync(PostbackEvent postbackEvent, AppointmentDetails details, CancellationToken cancellationToken) =>
        Record(postbackEvent, details, new() { ["appointmentDate"] = details.AppointmentDate?.ToString() });

    /// <inheritdoc />
    public override Task OnCompletedAsync(PostbackEvent postbackEvent, CompletedReport report, CancellationToken cancellationToken) =>
        Record(postbackEvent, report, new()
        {
            ["value"] = report.ValuationResults?.Value?.ToString(CultureInfo.InvariantCulture),
            ["documents"] = string.Join(", ", report.EmbeddedFile?.Select(f => f.Name) ?? []),
        });

    /// <inheritdoc />
    public override Task OnUnknownEventAsync(PostbackEvent postbackEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postbackEvent);
        log.Add("appraisalworks", postbackEvent.EventName, Id(postbackEvent), "unknown", null, new Dictionary<string, string?>());
        return Task.CompletedTask;
    }

    private Task Record(PostbackEvent e, AppraisalWorksResponse details, Dictionary<string, string?> fields)
    {
        log.Add("appraisalworks", e.KnownName ?? e.EventName, Id(e), "processed", details.GetType().Name, fields);
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
