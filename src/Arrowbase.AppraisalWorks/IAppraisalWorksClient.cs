using Arrowbase.AppraisalWorks.Postbacks;

namespace Arrowbase.AppraisalWorks;

/// <summary>
/// The AppraisalWorks API: place orders, act on them, and read every postback event. Thread-safe. Every failure is
/// an <see cref="AppraisalWorksException"/> (validation failures an <see cref="AppraisalWorksValidationException"/>,
/// raised before anything is sent). <c>transactionUid</c> arguments are validated and escaped as one path segment.
/// </summary>
public interface IAppraisalWorksClient
{
    /// <summary>Validates and places a new order (<c>POST /Orders</c>); never retried once it may have reached the server.</summary>
    /// <param name="order">The order. A missing <c>requestingParty.clientID</c> and Appraisal Coordinator come from the options.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response with the order number (<c>111977-1</c>).</returns>
    Task<OrderResponse> CreateOrderAsync(OrderRequest order, CancellationToken cancellationToken = default);

    /// <summary>Adds a comment (<c>POST /Orders/{uid}/Comments</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="comment">The comment.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response envelope.</returns>
    Task<AppraisalWorksResponse> AddCommentAsync(string transactionUid, string comment, CancellationToken cancellationToken = default);

    /// <summary>Adds a document (<c>POST /Orders/{uid}/Documents</c>), its content streamed as base64.</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="file">The document with all four members.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response envelope.</returns>
    Task<AppraisalWorksResponse> AddDocumentAsync(string transactionUid, EmbeddedFile file, CancellationToken cancellationToken = default);

    /// <summary>Adds a document read from a stream (<c>POST /Orders/{uid}/Documents</c>), streamed as base64.</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="typeId">The client document type (see <see cref="Appendices.DocumentTypes"/>).</param>
    /// <param name="name">The file name.</param>
    /// <param name="description">The description.</param>
    /// <param name="content">The content, read from its current position; the caller keeps ownership.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response envelope.</returns>
    Task<AppraisalWorksResponse> AddDocumentAsync(string transactionUid, int typeId, string name, string description, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Adds or updates a contact (<c>PUT /Orders/{uid}/Contacts</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="contact">The contact; every member is required.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response envelope.</returns>
    Task<AppraisalWorksResponse> UpdateContactAsync(string transactionUid, ContactUpdate contact, CancellationToken cancellationToken = default);

    /// <summary>Places the order on hold (<c>PUT /Orders/{uid}/Hold</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="reason">The reason (required).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response envelope.</returns>
    Task<AppraisalWorksResponse> PlaceOnHoldAsync(string transactionUid, string reason, CancellationToken cancellationToken = default);

    /// <summary>Removes a hold (<c>PUT /Orders/{uid}/Resume</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="reason">The reason (required).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response envelope.</returns>
    Task<AppraisalWorksResponse> ResumeAsync(string transactionUid, string reason, CancellationToken cancellationToken = default);

    /// <summary>Cancels the order (<c>PUT /Orders/{uid}/Cancel</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="reason">The reason (optional).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response envelope.</returns>
    Task<AppraisalWorksResponse> CancelAsync(string transactionUid, string? reason = null, CancellationToken cancellationToken = default);

    /// <summary>Requests report delivery to the borrower (<c>PUT /Orders/{uid}/DeliverToBorrower</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="delivery">The borrower's addresses; every member is required.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response envelope.</returns>
    Task<AppraisalWorksResponse> DeliverToBorrowerAsync(string transactionUid, BorrowerDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>Requests inspection dates (<c>PUT /Orders/{uid}/InspectionSchedule</c>): 1 to 3 options, slots "1".."3".</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="schedule">The options.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response envelope.</returns>
    Task<AppraisalWorksResponse> RequestInspectionScheduleAsync(string transactionUid, InspectionScheduleRequest schedule, CancellationToken cancellationToken = default);

    /// <summary>Requests a new appointment (<c>PUT /Orders/{uid}/Reschedule</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="request">The request; every member is required.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The response envelope.</returns>
    Task<AppraisalWorksResponse> RescheduleAppointmentAsync(string transactionUid, RescheduleRequest request, CancellationToken cancellationToken = default);

    /// <summary>Gets a comment (<c>GET /Orders/{uid}/Comments/{detailId}</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="detailId">The postback's detailId.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The comment.</returns>
    Task<CommentDetails> GetCommentAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default);

    /// <summary>Gets a document (<c>GET /Orders/{uid}/Documents/{detailId}</c>), decoding its content into <paramref name="destination"/>.</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="detailId">The postback's detailId.</param>
    /// <param name="destination">Receives the decoded document (flushed, not disposed).</param>
    /// <param name="progress">Receives the number of document bytes decoded so far (all documents of the call), or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document's metadata and length.</returns>
    Task<DocumentDetails> GetDocumentAsync(string transactionUid, long detailId, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a document, asking <paramref name="destinationFactory"/> for its destination once its metadata is known.</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="detailId">The postback's detailId.</param>
    /// <param name="destinationFactory">Returns the stream that receives the decoded document (flushed, not disposed).</param>
    /// <param name="progress">Receives the number of document bytes decoded so far (all documents of the call), or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document's metadata and length.</returns>
    Task<DocumentDetails> GetDocumentAsync(string transactionUid, long detailId, Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> destinationFactory, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Gets a hold notification (<c>GET /Orders/{uid}/Hold/{detailId}</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="detailId">The postback's detailId.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The details.</returns>
    Task<HoldDetails> GetHoldAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default);

    /// <summary>Gets a resume notification (<c>GET /Orders/{uid}/Resume/{detailId}</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="detailId">The postback's detailId.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The details.</returns>
    Task<ResumeDetails> GetResumeAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default);

    /// <summary>Gets a cancellation (<c>GET /Orders/{uid}/Cancel/{detailId}</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="detailId">The postback's detailId.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The details.</returns>
    Task<CancelDetails> GetCancelAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default);

    /// <summary>Gets a provider assignment (<c>GET /Orders/{uid}/Assignment/{detailId}</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="detailId">The postback's detailId.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The details.</returns>
    Task<AssignmentDetails> GetAssignmentAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default);

    /// <summary>Gets a fee change request (<c>GET /Orders/{uid}/FeeChanged/{detailId}</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="detailId">The postback's detailId.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The details.</returns>
    Task<FeeChangeDetails> GetFeeChangeAsync(string transactionUid, long detailId, CancellationToken cancellationToken = default);

    /// <summary>Gets the expected delivery date (<c>GET /Orders/{uid}/ExpectedDelivery</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The details.</returns>
    Task<ExpectedDeliveryDetails> GetExpectedDeliveryAsync(string transactionUid, CancellationToken cancellationToken = default);

    /// <summary>Gets the scheduled appointment (<c>GET /Orders/{uid}/Scheduled</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The details.</returns>
    Task<AppointmentDetails> GetScheduledAsync(string transactionUid, CancellationToken cancellationToken = default);

    /// <summary>Gets the rescheduled appointment (<c>GET /Orders/{uid}/Rescheduled</c>).</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The details.</returns>
    Task<AppointmentDetails> GetRescheduledAsync(string transactionUid, CancellationToken cancellationToken = default);

    /// <summary>Gets the completed report (<c>GET /Orders/{uid}/Completed</c>), decoding each document into the stream the factory returns.</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="destinationFactory">Returns each document's destination (flushed, not disposed).</param>
    /// <param name="progress">Receives the number of document bytes decoded so far (all documents of the call), or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The report data and the documents' metadata and lengths.</returns>
    Task<CompletedReport> GetCompletedAsync(string transactionUid, Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> destinationFactory, IProgress<long>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Fetches a postback event's data from the route rebuilt from its parts (never from its sent path), refusing a
    /// mismatched or hostile path with a <see cref="PostbackRouteException"/> before any request is sent.
    /// </summary>
    /// <param name="postbackEvent">The parsed postback.</param>
    /// <param name="documentDestinationFactory">Where Documents and Completed events write their documents; required for those events.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The typed data: <see cref="CommentDetails"/>, <see cref="DocumentDetails"/>, <see cref="HoldDetails"/>, ... or <see cref="CompletedReport"/>.</returns>
    Task<AppraisalWorksResponse> FetchEventAsync(PostbackEvent postbackEvent, Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>? documentDestinationFactory = null, CancellationToken cancellationToken = default);
}
