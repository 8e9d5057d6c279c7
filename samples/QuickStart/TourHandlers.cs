using System.Globalization;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager.Callouts;

namespace QuickStart;

/// <summary>The tour's HouseCanary callout handler: reached only by callouts that passed signature verification.</summary>
public sealed class TourCalloutHandler(TourEvents events) : CalloutHandler
{
    /// <inheritdoc />
    public override Task OnOrderStatusChangeAsync(OrderStatusChangeMessage message, CancellationToken cancellationToken)
    {
        events.Output.WriteLine($"  callout (signature verified): order {message.OrderId} is now {message.NewStatus}");
        events.CalloutProcessed();
        events.OrderStatusChanged(message.OrderId.Value, message.NewStatus);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnOrderItemStatusChangeAsync(OrderItemStatusChangeMessage message, CancellationToken cancellationToken)
    {
        events.Output.WriteLine($"  callout (signature verified): item {message.OrderItemId} is now {message.NewStatus}");
        events.CalloutProcessed();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnOrderCompleteAsync(OrderCompleteMessage message, CancellationToken cancellationToken)
    {
        string report = message.HasReport ? $"report embedded ({DownloadProgress.Format(message.ReportBase64.Length / 4 * 3)})" : "no embedded report";
        events.Output.WriteLine($"  callout (signature verified): order_complete for item {message.OrderItemId}, {report}");
        events.CalloutProcessed();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnUnknownMessageAsync(UnknownCalloutMessage message, CancellationToken cancellationToken)
    {
        events.Output.WriteLine($"  callout (signature verified): unknown message_type '{message.MessageType}', ignored");
        return Task.CompletedTask;
    }
}

/// <summary>
/// The tour's AppraisalWorks postback handler: the processor has checked the per-run token, rebuilt the event's
/// route and fetched its details with a signed GET before any of these methods runs.
/// </summary>
public sealed class TourPostbackHandler(TourEvents events) : PostbackHandler
{
    private readonly List<AppraisalWorksFiles.Pending> _files = [];

    /// <inheritdoc />
    public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken)
    {
        var pending = events.Files.Open(postbackEvent.TransactionUid, file);
        _files.Add(pending);
        return ValueTask.FromResult(pending.Stream);
    }

    /// <inheritdoc />
    public override Task OnAssignmentAsync(PostbackEvent postbackEvent, AssignmentDetails details, CancellationToken cancellationToken) =>
        Done(postbackEvent, $"{details.AppraiserName} of {details.CompanyName}");

    /// <inheritdoc />
    public override Task OnFeeChangedAsync(PostbackEvent postbackEvent, FeeChangeDetails details, CancellationToken cancellationToken) =>
        Done(postbackEvent, string.Create(CultureInfo.InvariantCulture, $"now {details.RevisedVendorFee:0.00} ({details.Reason})"));

    /// <inheritdoc />
    public override Task OnScheduledAsync(PostbackEvent postbackEvent, AppointmentDetails details, CancellationToken cancellationToken) =>
        Done(postbackEvent, $"inspection on {details.AppointmentDate}");

    /// <inheritdoc />
    public override Task OnRescheduledAsync(PostbackEvent postbackEvent, AppointmentDetails details, CancellationToken cancellationToken) =>
        Done(postbackEvent, $"inspection moved to {details.AppointmentDate}");

    /// <inheritdoc />
    public override Task OnExpectedDeliveryAsync(PostbackEvent postbackEvent, ExpectedDeliveryDetails details, CancellationToken cancellationToken) =>
        Done(postbackEvent, $"report due {details.ExpectedDate}");

    /// <inheritdoc />
    public override Task OnCommentsAsync(PostbackEvent postbackEvent, CommentDetails details, CancellationToken cancellationToken) =>
        Done(postbackEvent, $"\"{details.Comment}\"");

    /// <inheritdoc />
    public override Task OnHoldAsync(PostbackEvent postbackEvent, HoldDetails details, CancellationToken cancellationToken) =>
        Done(postbackEvent, details.Reason ?? "no reason given");

    /// <inheritdoc />
    public override Task OnResumeAsync(PostbackEvent postbackEvent, ResumeDetails details, CancellationToken cancellationToken) =>
        Done(postbackEvent, details.Reason ?? "no reason given");

    /// <inheritdoc />
    public override Task OnCancelAsync(PostbackEvent postbackEvent, CancelDetails details, CancellationToken cancellationToken) =>
        Done(postbackEvent, details.Reason ?? "no reason given");

    /// <inheritdoc />
    public override Task OnDocumentsAsync(PostbackEvent postbackEvent, DocumentDetails details, CancellationToken cancellationToken) =>
        Done(postbackEvent, $"'{details.EmbeddedFile?.Name}' ({DownloadProgress.Format(details.EmbeddedFile?.Length ?? 0)})");

    /// <inheritdoc />
    public override Task OnCompletedAsync(PostbackEvent postbackEvent, CompletedReport report, CancellationToken cancellationToken) =>
        Done(postbackEvent, string.Create(CultureInfo.InvariantCulture, $"value {report.ValuationResults?.Value:#,0} by {report.ValuationResults?.AppraiserName}, {report.EmbeddedFile?.Count ?? 0} documents"));

    /// <inheritdoc />
    public override Task OnUnknownEventAsync(PostbackEvent postbackEvent, CancellationToken cancellationToken)
    {
        events.Output.WriteLine($"  postback: unknown event '{postbackEvent.EventName}', ignored");
        return Task.CompletedTask;
    }

    private Task Done(PostbackEvent e, string what)
    {
        // "Completed: value ...": the event's name labels the line, so the detail never repeats it.
        events.Output.WriteLine($"  postback (token verified, details fetched): {e.KnownName}: {what}");
        foreach (var file in _files)
        {
            file.Complete();
        }

        _files.Clear();
        events.PostbackProcessed(e.TransactionUid, e.KnownName ?? e.EventName);
        return Task.CompletedTask;
    }
}
