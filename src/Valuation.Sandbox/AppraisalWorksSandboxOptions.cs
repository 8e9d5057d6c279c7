namespace Valuation.Sandbox;

/// <summary>
/// How the sandbox spells a postback's <c>eventName</c>. The document defines it only as a "text description of the
/// event code" (its one example is <c>Resume</c>); its <c>path</c> always names the route.
/// </summary>
public enum AppraisalWorksEventNames
{
    /// <summary>The route segment: <c>Comments</c>, <c>Hold</c>, <c>FeeChanged</c>, <c>Scheduled</c>, ... (the default).</summary>
    RouteSegment = 0,

    /// <summary>The document's notification headings: <c>New Comments</c>, <c>On Hold</c>, <c>Fee Changes</c>, <c>Inspection Appointment</c>, ...</summary>
    Heading = 1,

    /// <summary>The headings without spaces: <c>NewComments</c>, <c>OnHold</c>, <c>FeeChanges</c>, ...</summary>
    HeadingWithoutSpaces = 2,

    /// <summary>A code no document lists (<c>EV-101</c>, ...): a receiver must follow the well-formed <c>path</c>.</summary>
    Unlisted = 3,
}

/// <summary>How the sandbox rebuilds the Content-Type slot of the signed canonical string.</summary>
public enum AppraisalWorksSignedContentType
{
    /// <summary>Always <c>application/json</c>, as the document's table says (the default).</summary>
    Documented = 0,

    /// <summary>
    /// The request's <c>Content-Type</c> header, blank when absent, as <c>api_auth</c>-style servers rebuild it: a GET
    /// that signs <c>application/json</c> but sends no Content-Type is refused (401).
    /// </summary>
    FromHeader = 1,
}

/// <summary>The AppraisalWorks side of the sandbox.</summary>
/// <remarks>A class, not a record: printing it never reveals the private key.</remarks>
public sealed class AppraisalWorksSandboxOptions
{
    /// <summary>The well-known sandbox client id.</summary>
    public const string DefaultClientId = "4564";

    /// <summary>The well-known sandbox public key.</summary>
    public const string DefaultPublicKey = "aw-sandbox-public-3b9d";

    /// <summary>The well-known sandbox private key (a GUID, as the vendor issues them; sandbox only).</summary>
    public const string DefaultPrivateKey = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";

    /// <summary>The client id that <c>requestingParty.clientID</c> must carry.</summary>
    public string ClientId { get; set; } = DefaultClientId;

    /// <summary>The public key expected in <c>Authorization: hmac {PublicKey}:{signature}</c>.</summary>
    public string PublicKey { get; set; } = DefaultPublicKey;

    /// <summary>The private key that keys the HMAC-SHA256 signature.</summary>
    public string PrivateKey { get; set; } = DefaultPrivateKey;

    /// <summary>How far <c>x-request-date</c> may lie from the sandbox clock, either way. Defaults to 5 minutes.</summary>
    public TimeSpan SignatureWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Where <c>apiEvent</c> postbacks are POSTed. Null: none are sent (the lifecycle still runs).</summary>
    public Uri? PostbackUrl { get; set; }

    /// <summary>How long the receiver has to answer a postback. Defaults to 30 seconds.</summary>
    public TimeSpan PostbackTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many redeliveries follow a failed postback (the vendor documents none; a sandbox choice). Defaults to 3.</summary>
    public int MaxRedeliveries { get; set; } = 3;

    /// <summary>The time between two postback attempts, on the sandbox clock. Defaults to 1 minute.</summary>
    public TimeSpan RedeliveryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How postbacks spell <c>eventName</c>. Defaults to <see cref="AppraisalWorksEventNames.RouteSegment"/>.</summary>
    public AppraisalWorksEventNames EventNames { get; set; } = AppraisalWorksEventNames.RouteSegment;

    /// <summary>How the Content-Type slot of the canonical string is rebuilt. Defaults to <see cref="AppraisalWorksSignedContentType.Documented"/>.</summary>
    public AppraisalWorksSignedContentType SignedContentType { get; set; } = AppraisalWorksSignedContentType.Documented;

    /// <summary>
    /// When true the account has a default Appraisal Coordinator (the document: it "may be defaulted to a pre-defined
    /// contact"), so an order without one is accepted. Defaults to false.
    /// </summary>
    public bool DefaultAppraisalCoordinator { get; set; }

    /// <summary>The size in bytes of the appraisal PDF (typeID 2000) in the Completed payload. Defaults to 48 KiB.</summary>
    public int AppraisalPdfSize { get; set; } = 48 * 1024;

    /// <summary>The size in bytes of the MISMO XML (typeID 2010) in the Completed payload. Defaults to 24 KiB.</summary>
    public int MismoXmlSize { get; set; } = 24 * 1024;

    /// <summary>The size in bytes of the invoice PDF (typeID 1000) in the Completed payload. Defaults to 4 KiB.</summary>
    public int InvoiceSize { get; set; } = 4 * 1024;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ClientId, nameof(ClientId));
        ArgumentException.ThrowIfNullOrEmpty(PublicKey, nameof(PublicKey));
        ArgumentException.ThrowIfNullOrEmpty(PrivateKey, nameof(PrivateKey));
        if (SignatureWindow < TimeSpan.Zero || PostbackTimeout <= TimeSpan.Zero || RedeliveryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(SignatureWindow), "SignatureWindow, PostbackTimeout and RedeliveryInterval must be positive.");
        }

        if (!Enum.IsDefined(EventNames) || !Enum.IsDefined(SignedContentType))
        {
            throw new ArgumentOutOfRangeException(nameof(EventNames), "EventNames and SignedContentType must be defined values.");
        }

        if (MaxRedeliveries < 0 || AppraisalPdfSize < 0 || MismoXmlSize < 0 || InvoiceSize < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRedeliveries), "MaxRedeliveries and document sizes cannot be negative.");
        }
    }
}
