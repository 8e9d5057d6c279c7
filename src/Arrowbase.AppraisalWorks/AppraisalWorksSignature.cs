using System.Globalization;
using System.Text;
using Shared.Signing;

namespace Arrowbase.AppraisalWorks;

/// <summary>
/// The AppraisalWorks request-signing rules, public so that a server (such as the sandbox) verifies with exactly
/// the rules the client signs with.
/// </summary>
/// <remarks>
/// The canonical string is <c>VERB,application/json,,RELATIVE-URL,yyyy-MM-dd HH:mm:ssZ</c> (the empty third element
/// is deliberate); the signature is the base64 HMAC-SHA256 of its UTF-8 bytes keyed with the UTF-8 bytes of the
/// private key; the header is <c>Authorization: hmac {PublicKey}:{signature}</c> with the same timestamp in
/// <c>x-request-date</c>.
/// </remarks>
public static class AppraisalWorksSignature
{
    /// <summary>The authorization scheme: <c>hmac</c>.</summary>
    public const string Scheme = "hmac";

    /// <summary>The header that carries the signed timestamp: <c>x-request-date</c>.</summary>
    public const string RequestDateHeader = "x-request-date";

    /// <summary>The content type that is part of every canonical string and sent on every body.</summary>
    public const string ContentType = "application/json";

    /// <summary>The timestamp format: <c>yyyy-MM-dd HH:mm:ssZ</c> in UTC.</summary>
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss'Z'";

    /// <summary>Formats <paramref name="timestamp"/> as the signed UTC timestamp, such as <c>2022-04-12 16:32:25Z</c>.</summary>
    /// <param name="timestamp">The instant the request is prepared.</param>
    /// <returns>The formatted timestamp.</returns>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>Builds the canonical string <c>VERB,application/json,,RELATIVE-URL,TIMESTAMP</c>.</summary>
    /// <param name="method">The HTTP method; upper-cased.</param>
    /// <param name="relativePathAndQuery">The path below the API root (such as <c>/Orders</c>), with its query string when it has one.</param>
    /// <param name="timestamp">The formatted timestamp (see <see cref="FormatTimestamp"/>).</param>
    /// <returns>The canonical string.</returns>
    public static string CreateCanonicalString(string method, string relativePathAndQuery, string timestamp)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        ArgumentException.ThrowIfNullOrEmpty(relativePathAndQuery);
        ArgumentException.ThrowIfNullOrEmpty(timestamp);
        return string.Concat(method.ToUpperInvariant(), ",", ContentType, ",,", relativePathAndQuery, ",", timestamp);
    }

    /// <summary>Signs a canonical string: base64 HMAC-SHA256 keyed with the UTF-8 bytes of <paramref name="privateKey"/>.</summary>
    /// <param name="privateKey">The private key issued by AppraisalWorks.</param>
    /// <param name="canonicalString">The canonical string.</param>
    /// <returns>The base64 signature.</returns>
    public static string Sign(string privateKey, string canonicalString)
    {
        ArgumentException.ThrowIfNullOrEmpty(privateKey);
        ArgumentNullException.ThrowIfNull(canonicalString);
        return Hmac.ComputeBase64(HmacAlgorithm.Sha256, privateKey, canonicalString);
    }

    /// <summary>Formats the Authorization header value <c>hmac {publicKey}:{signature}</c> (without the scheme: see <see cref="Scheme"/>).</summary>
    /// <param name="publicKey">The public key.</param>
    /// <param name="signature">The base64 signature.</param>
    /// <returns>The parameter part of the header, <c>{publicKey}:{signature}</c>.</returns>
    public static string FormatAuthorizationParameter(string publicKey, string signature) => publicKey + ":" + signature;

    /// <summary>
    /// Splits an Authorization header value <c>hmac {publicKey}:{signature}</c>, for a server that verifies requests.
    /// </summary>
    /// <param name="authorization">The header value.</param>
    /// <param name="publicKey">The public key, when the header is well formed.</param>
    /// <param name="signature">The base64 signature, when the header is well formed.</param>
    /// <returns>True when the header has the scheme <c>hmac</c> and a non-empty key and signature.</returns>
    public static bool TryParseAuthorization(string? authorization, out string publicKey, out string signature)
    {
        publicKey = signature = string.Empty;
        if (string.IsNullOrWhiteSpace(authorization) || authorization.Length > 4096)
        {
            return false;
        }

        var value = authorization.AsSpan().Trim();
        int space = value.IndexOf(' ');
        if (space <= 0 || !value[..space].Equals(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parameter = value[(space + 1)..].Trim();
        int colon = parameter.IndexOf(':');
        if (colon <= 0 || colon == parameter.Length - 1)
        {
            return false;
        }

        publicKey = parameter[..colon].ToString();
        signature = parameter[(colon + 1)..].ToString();
        return true;
    }

    /// <summary>
    /// Verifies a presented signature against a canonical string in constant time (via
    /// <see cref="HmacSignatureVerifier"/>), for a server that receives signed requests.
    /// </summary>
    /// <param name="privateKey">The private key of the presented public key.</param>
    /// <param name="canonicalString">The canonical string rebuilt from the request.</param>
    /// <param name="signature">The presented base64 signature.</param>
    /// <returns>The result; its message never contains the key or the signature.</returns>
    public static VerificationResult Verify(string privateKey, string canonicalString, string? signature)
    {
        ArgumentException.ThrowIfNullOrEmpty(privateKey);
        ArgumentNullException.ThrowIfNull(canonicalString);
        return new HmacSignatureVerifier(HmacAlgorithm.Sha256, [privateKey]).VerifyBase64(Encoding.UTF8.GetBytes(canonicalString), signature);
    }

    /// <summary>
    /// Computes the relative URL that is signed: the request path below the base address's path, plus the query
    /// string when present. <c>https://h/RapiV1/Orders?x=1</c> under <c>https://h/RapiV1/</c> gives <c>/Orders?x=1</c>.
    /// </summary>
    /// <param name="baseAddress">The API root, with or without a trailing slash.</param>
    /// <param name="requestUri">The absolute request URI.</param>
    /// <returns>The relative URL to sign.</returns>
    /// <exception cref="ArgumentException">The request URI is not below the base address.</exception>
    public static string GetRelativeUrl(Uri baseAddress, Uri requestUri)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentNullException.ThrowIfNull(requestUri);
        if (!requestUri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request URI must be absolute to be signed.", nameof(requestUri));
        }

        string basePath = baseAddress.IsAbsoluteUri ? baseAddress.AbsolutePath : baseAddress.OriginalString;
        basePath = basePath.TrimEnd('/');
        string path = requestUri.AbsolutePath;
        if (basePath.Length > 0)
        {
            if (!path.StartsWith(basePath, StringComparison.OrdinalIgnoreCase)
                || (path.Length > basePath.Length && path[basePath.Length] != '/'))
            {
                throw new ArgumentException("The request URI is not below the configured base address.", nameof(requestUri));
            }

            path = path[basePath.Length..];
        }

        if (path.Length == 0)
        {
            path = "/";
        }

        return path + requestUri.Query;
    }
}
