namespace Arrowbase.AppraisalWorks.Postbacks;

/// <summary>
/// Receives verified, de-duplicated postbacks with their fetched, typed data. Override the methods of the events you
/// handle; the others do nothing. A method that throws makes the processor answer 500 (or, with an inbox, retry later)
/// and release the de-duplication claim, so that a redelivery is processed again. Register it with
/// <c>services.AddAppraisalWorksPostbacks&lt;THandler&gt;(configuration.GetSection("AppraisalWorks:Postbacks"))</c>.
/// </summary>
public abstract class PostbackHandler
{
    /// <summary>
    /// Returns the stream that receives a delivered document (Documents and Completed events), given its metadata.
    /// The processor disposes the stream once the document is written, before <see cref="OnDocumentsAsync"/> or
    /// <see cref="OnCompletedAsync"/> runs. Abstract so that no document is silently dropped.
    /// </summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="file">The document's metadata (type, name, description).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A writable stream.</returns>
    public abstract ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken);

    /// <summary>Handles a new comment.</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="details">The fetched data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual Task OnCommentsAsync(PostbackEvent postbackEvent, CommentDetails details, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles a new document (its content went to <see cref="OpenDocumentStreamAsync"/>).</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="details">The fetched data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual Task OnDocumentsAsync(PostbackEvent postbackEvent, DocumentDetails details, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles a hold.</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="details">The fetched data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual Task OnHoldAsync(PostbackEvent postbackEvent, HoldDetails details, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles a resume.</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="details">The fetched data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual Task OnResumeAsync(PostbackEvent postbackEvent, ResumeDetails details, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles a cancellation.</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="details">The fetched data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual Task OnCancelAsync(PostbackEvent postbackEvent, CancelDetails details, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles a provider assignment.</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="details">The fetched data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual Task OnAssignmentAsync(PostbackEvent postbackEvent, AssignmentDetails details, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles a fee change request.</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="details">The fetched data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual Task OnFeeChangedAsync(PostbackEvent postbackEvent, FeeChangeDetails details, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles a change of the expected delivery date.</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="details">The fetched data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual Task OnExpectedDeliveryAsync(PostbackEvent postbackEvent, ExpectedDeliveryDetails details, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles a scheduled inspection.</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="details">The fetched data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual Task OnScheduledAsync(PostbackEvent postbackEvent, AppointmentDetails details, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles a rescheduled inspection.</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="details">The fetched data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual Task OnRescheduledAsync(PostbackEvent postbackEvent, AppointmentDetails details, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles a completed report (its documents went to <see cref="OpenDocumentStreamAsync"/>).</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="report">The fetched data.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual Task OnCompletedAsync(PostbackEvent postbackEvent, CompletedReport report, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles an event whose name is not documented (nothing is fetched for it).</summary>
    /// <param name="postbackEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public virtual Task OnUnknownEventAsync(PostbackEvent postbackEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
