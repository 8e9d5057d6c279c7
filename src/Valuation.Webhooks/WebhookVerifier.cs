using Shared.Signing;
using Valuation.Webhooks.Reading;

namespace Valuation.Webhooks;

/// <summary>
/// Authenticates a webhook whose body is already in memory, by the scheme its options configure: the same checks
/// the processors run, for hosts that only need the verdict. Fails closed; thread-safe; results never carry a
/// secret or the presented value.
/// </summary>
public sealed class WebhookVerifier
{
    private readonly RequestAuthenticator _authenticator;
    private readonly WebhookReceiverOptions _options;

    /// <summary>Initializes a verifier (the options are read once).</summary>
    /// <param name="options">The receiver's options.</param>
    public WebhookVerifier(WebhookReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _authenticator = new RequestAuthenticator(options);
    }

    /// <summary>Gets the configured scheme.</summary>
    public WebhookAuthenticationScheme Scheme => _options.Scheme;

    /// <summary>Verifies a webhook.</summary>
    /// <param name="body">The raw body exactly as received.</param>
    /// <param name="getHeader">Looks a header up by name, case-insensitively; null when absent.</param>
    /// <param name="queryString">The raw query string (with or without <c>?</c>), or null.</param>
    /// <returns>The result; when invalid, <see cref="VerificationResult.Failure"/> and its message say why.</returns>
    public VerificationResult Verify(ReadOnlySpan<byte> body, Func<string, string?> getHeader, string? queryString)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        Span<byte> presented = stackalloc byte[Hmac.MaxHashSizeInBytes];
        var early = _authenticator.CheckBeforeBody(new WebhookRequest(ReadOnlyMemory<byte>.Empty, getHeader, queryString), presented, out int length);
        if (!early.IsValid || !_authenticator.SignsBody)
        {
            return early;
        }

        var hashes = _authenticator.CreateHashes();
        try
        {
            foreach (var hash in hashes)
            {
                hash.AppendData(body);
            }

            return RequestAuthenticator.FinishSignature(hashes, presented[..length]);
        }
        finally
        {
            foreach (var hash in hashes)
            {
                hash.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"WebhookVerifier({_options.Scheme})";
}
