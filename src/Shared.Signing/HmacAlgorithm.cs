namespace Shared.Signing;

/// <summary>The keyed-hash algorithms that the valuation partners use.</summary>
public enum HmacAlgorithm
{
    /// <summary>HMAC-SHA1 (20-byte digest), used by HouseCanary callout signatures.</summary>
    Sha1 = 1,

    /// <summary>HMAC-SHA256 (32-byte digest), used by AppraisalWorks request signing.</summary>
    Sha256 = 2,
}
