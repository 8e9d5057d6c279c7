namespace Arrowbase.AppraisalWorks;

/// <summary>
/// Settings of the AppraisalWorks client, bound from the <c>AppraisalWorks</c> configuration section and validated at
/// start-up. <see cref="ToString"/> never prints the private key.
/// </summary>
public sealed class AppraisalWorksOptions
{
    /// <summary>The configuration section name conventionally used: <c>AppraisalWorks</c>.</summary>
    public const string SectionName = "AppraisalWorks";

    /// <summary>The UAT (test) API root, the default <see cref="BaseAddress"/>.</summary>
    public static readonly Uri UatBaseAddress = new("https://uat-api.arrowbasetech.com/RapiV1/");

    /// <summary>Gets or sets the API root; default <c>https://uat-api.arrowbasetech.com/RapiV1/</c>. Set production here.</summary>
    public Uri BaseAddress { get; set; } = UatBaseAddress;

    /// <summary>Gets or sets the AppraisalWorks client ID, sent as <c>requestingParty.clientID</c> when an order lacks one.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Gets or sets the public key, sent in the Authorization header.</summary>
    public string PublicKey { get; set; } = string.Empty;

    /// <summary>Gets or sets the private key (a secret; never printed), the HMAC key.</summary>
    public string PrivateKey { get; set; } = string.Empty;

    /// <summary>Gets or sets the default Appraisal Coordinator, added to a new order that has none.</summary>
    public Party? AppraisalCoordinator { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the AppraisalWorks account defaults the Appraisal Coordinator to a
    /// pre-defined contact (the document: it "may be defaulted to a pre-defined contact on all new order requests";
    /// a setting made with your implementation consultant). When true, an order without one is valid and is sent
    /// without one. Default false: the coordinator is required, as the field notes say.
    /// </summary>
    public bool AccountHasDefaultAppraisalCoordinator { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether product codes and document type codes that the document's appendices
    /// do not list are sent as given (for products added after the document). Default false: an unlisted code is a
    /// validation problem. Listed values are always written in the appendix's spelling.
    /// </summary>
    public bool AllowUnlistedCodes { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a GET (a request without a body) carries <c>Content-Type: application/json</c>,
    /// as the signed canonical string says ("This will always be application/json"). Default true; set false for a
    /// server that refuses a Content-Type on a GET.
    /// </summary>
    public bool ContentTypeOnGet { get; set; } = true;

    /// <summary>
    /// Gets or sets how long one attempt may take until the response headers arrive; default 30 seconds. Uploads of
    /// documents are bounded by <see cref="IdleTimeout"/> instead.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how long a JSON call may take in all, its attempts, retry delays and the reading of the response
    /// included; default 100 seconds (HttpClient's own default). Calls that stream documents (an order or document
    /// upload with files, <c>GetDocumentAsync</c>, <c>GetCompletedAsync</c>) are bounded by <see cref="IdleTimeout"/> instead.
    /// </summary>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// Gets or sets the longest a streamed upload or download of documents may move no byte before it is abandoned;
    /// default 60 seconds. Such a call has no total limit (tens of MB over a slow link): this and the caller's token bound it.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets the most retries of a GET after a transient failure (5xx, 408, 429, a broken connection, a
    /// timeout); default 3. A POST or PUT (orders, comments, documents, hold, resume, cancel, deliver to borrower)
    /// is retried only when the failure proves nothing was sent (connection refused, unknown host). 0 turns retries off.
    /// </summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the base delay between retries (exponential with jitter; a Retry-After header wins); default 2 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets the largest JSON response read without documents (an order response, an event's details);
    /// default 16 MiB. A larger body fails the call, unread.
    /// </summary>
    public long MaxResponseBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Gets or sets the largest response that streams documents (<c>GetDocumentAsync</c>, <c>GetCompletedAsync</c>):
    /// default 1 GiB, room for several documents of tens of MB each, base64 in JSON.
    /// </summary>
    public long MaxDownloadBytes { get; set; } = 1L << 30;

    /// <summary>Gets or sets the largest member other than a document (and the largest error body) read into memory from a streamed response; default 1 MiB.</summary>
    public int MaxResponseMemberBytes { get; set; } = 1024 * 1024;

    /// <inheritdoc />
    public override string ToString() =>
        $"AppraisalWorksOptions(BaseAddress: {BaseAddress}, ClientId: {ClientId}, PublicKey: {PublicKey}, PrivateKey: {(string.IsNullOrEmpty(PrivateKey) ? "(not set)" : "***")})";
}
