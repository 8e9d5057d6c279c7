namespace HouseCanary.OrderManager.Callouts;

/// <summary>How HouseCanary authenticates its callouts: exactly the four schemes of the document.</summary>
public enum CalloutAuthenticationScheme
{
    /// <summary>Not configured: every callout is rejected (fail closed).</summary>
    None = 0,

    /// <summary>HTTP Basic with <see cref="CalloutOptions.Username"/> and <see cref="CalloutOptions.Password"/>.</summary>
    Basic = 1,

    /// <summary>An API token in the header named <see cref="CalloutOptions.HeaderName"/>.</summary>
    Header = 2,

    /// <summary>An API token in the query-string parameter named <see cref="CalloutOptions.ParameterName"/>.</summary>
    QueryString = 3,

    /// <summary>
    /// HMAC-SHA1 of the raw body keyed with <see cref="CalloutOptions.Secret"/>, lowercase hex, sent as
    /// <c>sha1=&lt;hex&gt;</c> in the header named <see cref="CalloutOptions.HeaderName"/> (default <c>X-HC-Signature</c>).
    /// </summary>
    Signature = 4,
}
