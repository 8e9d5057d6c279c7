using Shared.Signing;

namespace HouseCanary.OrderManager.Callouts;

/// <summary>
/// Authenticates a callout by the configured scheme (Basic, Header token, QueryString token, or HMAC-SHA1
/// Signature over the raw body). Needs no ASP.NET Core: it takes the raw bytes, a header lookup and the raw query
/// string. Fails closed (no scheme or no secret configured: nothing verifies). Thread-safe; messages never carry
/// a secret or the presented value.
/// </summary>
public sealed class CalloutVerifier
{
    private readonly CalloutOptions _options;
    private readonly HmacSignatureVerifier? _signature;
    private readonly BasicCredential? _basic;
    private readonly string?[] _tokens;

    /// <summary>Initializes a verifier from the callout options (read once).</summary>
    /// <param name="options">The callout options.</param>
    public CalloutVerifier(CalloutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _tokens = [options.Token, .. options.AdditionalTokens];
        if (options.Scheme == CalloutAuthenticationScheme.Signature)
        {
            _signature = new HmacSignatureVerifier(HmacAlgorithm.Sha1, [options.Secret, .. options.AdditionalSecrets]);
        }

        if (options.Scheme == CalloutAuthenticationScheme.Basic
            && !string.IsNullOrEmpty(options.Username) && !string.IsNullOrEmpty(options.Password) && !options.Username.Contains(':', StringComparison.Ordinal))
        {
            _basic = new BasicCredential(options.Username, options.Password);
        }
    }

    /// <summary>Gets the configured scheme.</summary>
    public CalloutAuthenticationScheme Scheme => _options.Scheme;

    /// <summary>Verifies a callout.</summary>
    /// <param name="body">The raw body exactly as received.</param>
    /// <param name="getHeader">Looks a header up by name, case-insensitively; null when absent.</param>
    /// <param name="queryString">The raw query string (with or without <c>?</c>), or null.</param>
    /// <returns>The result; when invalid, <see cref="VerificationResult.Failure"/> and its message say why.</returns>
    public VerificationResult Verify(ReadOnlySpan<byte> body, Func<string, string?> getHeader, string? queryString)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        switch (_options.Scheme)
        {
            case CalloutAuthenticationScheme.Basic:
                return _basic is null
                    ? VerificationResult.Fail(VerificationFailure.NotConfigured, "HouseCanary:Callouts:Username and Password are not configured, so no callout is accepted.")
                    : CredentialVerifier.VerifyBasic(getHeader("Authorization"), [_basic]);
            case CalloutAuthenticationScheme.Header:
                return string.IsNullOrWhiteSpace(_options.HeaderName)
                    ? VerificationResult.Fail(VerificationFailure.NotConfigured, "HouseCanary:Callouts:HeaderName is not configured, so no callout is accepted.")
                    : CredentialVerifier.VerifyHeaderToken(getHeader, _options.HeaderName, _tokens);
            case CalloutAuthenticationScheme.QueryString:
                return string.IsNullOrWhiteSpace(_options.ParameterName)
                    ? VerificationResult.Fail(VerificationFailure.NotConfigured, "HouseCanary:Callouts:ParameterName is not configured, so no callout is accepted.")
                    : CredentialVerifier.VerifyQueryToken(queryString, _options.ParameterName, _tokens);
            case CalloutAuthenticationScheme.Signature:
                return _signature!.VerifyHeader(body, getHeader(_options.GetSignatureHeaderName()));
            default:
                return VerificationResult.Fail(VerificationFailure.NotConfigured, "HouseCanary:Callouts:Scheme is not configured, so no callout is accepted.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"CalloutVerifier({_options.Scheme})";
}
