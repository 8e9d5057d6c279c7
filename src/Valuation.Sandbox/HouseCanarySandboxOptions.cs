namespace Valuation.Sandbox;

/// <summary>How the sandbox authenticates the callouts it sends (the document's four schemes).</summary>
public enum CalloutAuthentication
{
    /// <summary>No authentication (not offered by HouseCanary; useful only for quick experiments).</summary>
    None = 0,

    /// <summary>HTTP Basic with <see cref="HouseCanarySandboxOptions.CalloutUserName"/> and <see cref="HouseCanarySandboxOptions.CalloutPassword"/>.</summary>
    Basic = 1,

    /// <summary>A token in the header named <see cref="HouseCanarySandboxOptions.CalloutTokenName"/>.</summary>
    HeaderToken = 2,

    /// <summary>A token in the query-string parameter named <see cref="HouseCanarySandboxOptions.CalloutTokenName"/>.</summary>
    QueryStringToken = 3,

    /// <summary>HMAC-SHA1 hex of the raw body, as <c>sha1=&lt;hex&gt;</c> in <see cref="HouseCanarySandboxOptions.CalloutSignatureHeaderName"/>.</summary>
    Signature = 4,
}

/// <summary>How the sandbox lists an order's items (<c>GET orders/{id}/items/</c>); the public integration accepts all three.</summary>
public enum HouseCanaryItemList
{
    /// <summary>A Django REST framework page <c>{count, next, previous, results}</c> (the default).</summary>
    Page = 0,

    /// <summary>A bare JSON array.</summary>
    Array = 1,

    /// <summary>An object <c>{"items": [...]}</c>.</summary>
    ItemsObject = 2,
}

/// <summary>How the sandbox writes an item's <c>available_downloadables</c>.</summary>
public enum HouseCanaryDownloadables
{
    /// <summary>Objects with a <c>key</c>, as the one public integration reads them (the default).</summary>
    Objects = 0,

    /// <summary>Plain key strings.</summary>
    Strings = 1,
}

/// <summary>What a completed export zip holds.</summary>
public enum HouseCanaryExportLayout
{
    /// <summary>The Partner document's valueReport layout: <c>{prefix}_OrderItem.json</c> (unless <c>exclude_json</c>) and <c>{prefix}_ValueReport.pdf</c> (the default).</summary>
    PartnerDocument = 0,

    /// <summary>
    /// What public Client API exports hold: <c>Order.json</c>, <c>{prefix}_OrderItem.json</c>, a report JSON
    /// (<c>{prefix}_AgileInsights.json</c>; its name is the sandbox's guess) and <c>{prefix}_AgileInsights.pdf</c>.
    /// </summary>
    ClientApi = 1,
}

/// <summary>The HouseCanary side of the sandbox.</summary>
/// <remarks>A class, not a record: printing it never reveals the token or the callout secrets.</remarks>
public sealed class HouseCanarySandboxOptions
{
    /// <summary>The well-known sandbox API token (sandbox only, never a real credential).</summary>
    public const string DefaultApiToken = "hc-sandbox-token-5f0c2a7e";

    /// <summary>The API token accepted in <c>Authorization: Token {token}</c>.</summary>
    public string ApiToken { get; set; } = DefaultApiToken;

    /// <summary>The owner organisation id the partner may act for. Defaults to 101.</summary>
    public long OwnerOrganizationId { get; set; } = 101;

    /// <summary>The owner id the partner may act for. Defaults to 202.</summary>
    public long OwnerId { get; set; } = 202;

    /// <summary>Where callouts are POSTed. Null: no callouts are sent (the lifecycle still runs).</summary>
    public Uri? CalloutUrl { get; set; }

    /// <summary>The callout authentication scheme. Defaults to <see cref="CalloutAuthentication.Signature"/>.</summary>
    public CalloutAuthentication CalloutAuthentication { get; set; } = CalloutAuthentication.Signature;

    /// <summary>The Basic user name.</summary>
    public string? CalloutUserName { get; set; }

    /// <summary>The Basic password.</summary>
    public string? CalloutPassword { get; set; }

    /// <summary>The header name (HeaderToken) or query parameter name (QueryStringToken) carrying the token.</summary>
    public string? CalloutTokenName { get; set; }

    /// <summary>The callout token (HeaderToken and QueryStringToken schemes).</summary>
    public string? CalloutToken { get; set; }

    /// <summary>The signature header name. Defaults to <c>X-HC-Signature</c>.</summary>
    public string CalloutSignatureHeaderName { get; set; } = "X-HC-Signature";

    /// <summary>The HMAC-SHA1 secret for the Signature scheme.</summary>
    public string? CalloutSignatureSecret { get; set; }

    /// <summary>How long the receiver has to answer before the attempt counts as failed. Defaults to 30 seconds.</summary>
    public TimeSpan CalloutTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many redeliveries follow a failed first attempt. Defaults to 10.</summary>
    public int MaxRedeliveries { get; set; } = 10;

    /// <summary>The time between two attempts, on the sandbox clock. Defaults to 5 minutes.</summary>
    public TimeSpan RedeliveryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How <c>GET orders/{id}/items/</c> answers. Defaults to <see cref="HouseCanaryItemList.Page"/>.</summary>
    public HouseCanaryItemList ItemList { get; set; } = HouseCanaryItemList.Page;

    /// <summary>How <c>available_downloadables</c> is written. Defaults to <see cref="HouseCanaryDownloadables.Objects"/>.</summary>
    public HouseCanaryDownloadables Downloadables { get; set; } = HouseCanaryDownloadables.Objects;

    /// <summary>What a completed export zip holds. Defaults to <see cref="HouseCanaryExportLayout.PartnerDocument"/>.</summary>
    public HouseCanaryExportLayout ExportLayout { get; set; } = HouseCanaryExportLayout.PartnerDocument;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(ApiToken, nameof(ApiToken));
        if (MaxRedeliveries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRedeliveries), MaxRedeliveries, "MaxRedeliveries cannot be negative.");
        }

        if (!Enum.IsDefined(ItemList) || !Enum.IsDefined(Downloadables) || !Enum.IsDefined(ExportLayout))
        {
            throw new ArgumentOutOfRangeException(nameof(ItemList), "ItemList, Downloadables and ExportLayout must be defined values.");
        }

        if (CalloutTimeout <= TimeSpan.Zero || RedeliveryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(CalloutTimeout), "CalloutTimeout and RedeliveryInterval must be positive.");
        }

        ValidateCalloutUrl(CalloutUrl);
    }

    internal void ValidateCalloutUrl(Uri? url)
    {
        if (url is null)
        {
            return;
        }

        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException("The callout URL must be absolute.", nameof(url));
        }

        // The parameter names point at the setting to fix, not at the URL argument.
#pragma warning disable CA2208
        switch (CalloutAuthentication)
        {
            case CalloutAuthentication.Basic when string.IsNullOrEmpty(CalloutUserName) || CalloutPassword is null:
                throw new ArgumentException("The Basic callout scheme needs CalloutUserName and CalloutPassword.", nameof(CalloutUserName));
            case CalloutAuthentication.HeaderToken or CalloutAuthentication.QueryStringToken
                when string.IsNullOrEmpty(CalloutTokenName) || string.IsNullOrEmpty(CalloutToken):
                throw new ArgumentException("The token callout schemes need CalloutTokenName and CalloutToken.", nameof(CalloutToken));
            case CalloutAuthentication.Signature
                when string.IsNullOrEmpty(CalloutSignatureSecret) || string.IsNullOrEmpty(CalloutSignatureHeaderName):
                throw new ArgumentException("The Signature callout scheme needs CalloutSignatureSecret and CalloutSignatureHeaderName.", nameof(CalloutSignatureSecret));
            default:
                break;
        }
#pragma warning restore CA2208
    }
}
