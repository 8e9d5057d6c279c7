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
    /// Gets or sets how long one attempt may take; default 5 minutes, so that uploading or downloading a 100 MB
    /// document over a slow link is not cut off (the resilience handler's 10 second default would be).
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long a call may take across all its attempts; default 15 minutes.</summary>
    public TimeSpan TotalRequestTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets the most retries of a retryable failure; default 3.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the base delay between retries (exponential with jitter); default 2 seconds.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets the largest error or event response read into memory (documents excluded); default 1 MiB.</summary>
    public int MaxResponseMemberBytes { get; set; } = 1024 * 1024;

    /// <inheritdoc />
    public override string ToString() =>
        $"AppraisalWorksOptions(BaseAddress: {BaseAddress}, ClientId: {ClientId}, PublicKey: {PublicKey}, PrivateKey: {(string.IsNullOrEmpty(PrivateKey) ? "(not set)" : "***")})";
}
