using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;

namespace ValuationReceiver;

/// <summary>
/// Receives each verified AppraisalWorks postback once, with the event's details already fetched. Put your own work
/// here; an exception makes the endpoint answer non-2xx.
/// </summary>
public sealed class AppraisalWorksPostbackHandler(ILogger<AppraisalWorksPostbackHandler> logger, IConfiguration configuration) : PostbackHandler
{
    private readonly string _documents = Path.GetFullPath(configuration["Receiver:DocumentsPath"] ?? "received-documents");

    /// <summary>Opens where each embedded document (the appraisal PDF, the MISMO XML, the invoice) is streamed to.</summary>
    public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_documents);

        // Never trust a file name from the wire: build one from parsed values, keeping only safe characters.
        string order = new([.. postbackEvent.TransactionUid.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').Take(64)]);
        string name = $"{order}_{postbackEvent.DetailId}_{file.Index}_{file.TypeId}.bin";
        return ValueTask.FromResult<Stream>(File.Create(Path.Combine(_documents, name)));
    }

    /// <inheritdoc />
    public override Task OnCompletedAsync(PostbackEvent postbackEvent, CompletedReport report, CancellationToken cancellationToken)
    {
        logger.LogInformation("AppraisalWorks order {TransactionUid} is complete; its documents are in {Folder}", postbackEvent.TransactionUid, _documents);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnCommentsAsync(PostbackEvent postbackEvent, CommentDetails details, CancellationToken cancellationToken)
    {
        logger.LogInformation("AppraisalWorks order {TransactionUid} has a new comment ({DetailId})", postbackEvent.TransactionUid, postbackEvent.DetailId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnHoldAsync(PostbackEvent postbackEvent, HoldDetails details, CancellationToken cancellationToken)
    {
        logger.LogInformation("AppraisalWorks order {TransactionUid} is on hold", postbackEvent.TransactionUid);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnCancelAsync(PostbackEvent postbackEvent, CancelDetails details, CancellationToken cancellationToken)
    {
        logger.LogInformation("AppraisalWorks order {TransactionUid} was cancelled", postbackEvent.TransactionUid);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnUnknownEventAsync(PostbackEvent postbackEvent, CancellationToken cancellationToken)
    {
        logger.LogWarning("AppraisalWorks sent an event this version does not know: {EventName}", postbackEvent.EventName);
        return Task.CompletedTask;
    }
}
