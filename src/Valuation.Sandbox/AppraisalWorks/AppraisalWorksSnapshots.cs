namespace Valuation.Sandbox.AppraisalWorks;

/// <summary>A read-only snapshot of an AppraisalWorks order (one product) held by the sandbox.</summary>
/// <param name="TransactionUid">The client's transactionUID.</param>
/// <param name="OrderNumber">The order number with its item number, e.g. <c>111977-2</c>.</param>
/// <param name="InternalAccountId">The loan identifier.</param>
/// <param name="StreetAddress">The subject property street address.</param>
/// <param name="City">The city.</param>
/// <param name="State">The state.</param>
/// <param name="Zip">The zip code.</param>
/// <param name="ProductCode">The product code.</param>
/// <param name="LoanType">The loan type.</param>
/// <param name="Condition">In Progress, Assigned, Scheduled, On Hold, Cancelled or Completed.</param>
/// <param name="OnHold">Whether the order is on hold.</param>
/// <param name="LinkedOrderNumbers">Every order number linked under the same base number (this one included), in item order.</param>
/// <param name="CreatedAt">When the order was placed (sandbox clock).</param>
public sealed record AppraisalWorksOrderSnapshot(
    string TransactionUid,
    string OrderNumber,
    string InternalAccountId,
    string StreetAddress,
    string City,
    string State,
    string Zip,
    string ProductCode,
    string LoanType,
    string Condition,
    bool OnHold,
    IReadOnlyList<string> LinkedOrderNumbers,
    DateTimeOffset CreatedAt);

/// <summary>A comment on an order, from the client or from the provider.</summary>
/// <param name="TransactionUid">The order's transactionUID.</param>
/// <param name="DetailId">The comment's detail id.</param>
/// <param name="Comment">The text.</param>
/// <param name="Category">The comment category.</param>
/// <param name="FromClient">True when the client posted it; false for a provider comment (sent as a postback).</param>
/// <param name="At">When it was added (sandbox clock).</param>
public sealed record AppraisalWorksCommentSnapshot(string TransactionUid, long DetailId, string Comment, string Category, bool FromClient, DateTimeOffset At);

/// <summary>A document on an order, from the client (embedded in the order or posted) or from the provider.</summary>
/// <param name="TransactionUid">The order's transactionUID.</param>
/// <param name="DetailId">The document event's detail id (provider documents), or the sandbox's id for a client upload.</param>
/// <param name="TypeId">The document type code.</param>
/// <param name="Name">The file name.</param>
/// <param name="Description">The description.</param>
/// <param name="Size">The decoded size in bytes.</param>
/// <param name="Sha256">The lowercase hex SHA-256 of the decoded bytes.</param>
/// <param name="FromClient">True when the client sent it.</param>
/// <param name="At">When it was added (sandbox clock).</param>
public sealed record AppraisalWorksDocumentSnapshot(
    string TransactionUid,
    long DetailId,
    int TypeId,
    string Name,
    string Description,
    long Size,
    string Sha256,
    bool FromClient,
    DateTimeOffset At);

/// <summary>A workflow action the client took (Comments, Documents, Contacts, Hold, Resume, Cancel, DeliverToBorrower, InspectionSchedule, Reschedule).</summary>
/// <param name="TransactionUid">The order's transactionUID.</param>
/// <param name="Action">The action's route segment, e.g. <c>Hold</c>.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Body">The request JSON (for Documents, without the base64 document).</param>
/// <param name="At">When it was received (sandbox clock).</param>
public sealed record AppraisalWorksActionSnapshot(string TransactionUid, string Action, string Method, string Body, DateTimeOffset At);
