using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Shared.Signing;

namespace Valuation.Webhooks.Reading;

/// <summary>
/// Authenticates a request by the configured scheme. Credentials that do not depend on the body (Basic, the token
/// schemes) are checked before a byte of it is read; the Signature scheme's header is parsed before the body too
/// (a missing or malformed one fails at once) and its HMACs are computed while the body streams in. Fails closed.
/// Thread-safe; messages never carry a secret or the presented value.
/// </summary>
internal sealed class RequestAuthenticator
{
    private readonly WebhookReceiverOptions _options;
    private readonly byte[][] _secrets;
    private readonly BasicCredential[] _basic;
    private readonly string?[] _tokens;
    private readonly ConcurrentBag<IncrementalHash[]> _pool = [];
    private const int MaxPooled = 64;

    public RequestAuthenticator(WebhookReceiverOptions options)
    {
        _options = options;
        _secrets = options.Secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => Encoding.UTF8.GetBytes(s)).ToArray();
        _tokens = options.Tokens.Where(t => !string.IsNullOrEmpty(t)).ToArray<string?>();
        _basic = !string.IsNullOrEmpty(options.BasicUserName) && !string.IsNullOrEmpty(options.BasicPassword) && !options.BasicUserName.Contains(':', StringComparison.Ordinal)
            ? [new BasicCredential(options.BasicUserName, options.BasicPassword)]
            : [];
    }

    public bool SignsBody => _options.Scheme == WebhookAuthenticationScheme.Signature;

    /// <summary>Checks everything that can be checked before the body: all of it, except the Signature scheme's HMAC.</summary>
    /// <param name="request">The request.</param>
    /// <param name="presented">Receives the presented digest (Signature scheme).</param>
    /// <param name="presentedLength">The presented digest's length.</param>
    /// <returns>The result; for the Signature scheme, success means "now hash the body".</returns>
    public VerificationResult CheckBeforeBody(WebhookRequest request, Span<byte> presented, out int presentedLength)
    {
        presentedLength = 0;
        string p = _options.ConfigurationPath + ":";
        switch (_options.Scheme)
        {
            case WebhookAuthenticationScheme.None:
                return VerificationResult.Success();
            case WebhookAuthenticationScheme.Basic:
                return _basic.Length == 0
                    ? VerificationResult.Fail(VerificationFailure.NotConfigured, p + "BasicUserName and BasicPassword are not configured, so nothing is accepted.")
                    : CredentialVerifier.VerifyBasic(request.GetHeader("Authorization"), _basic);
            case WebhookAuthenticationScheme.HeaderToken:
                return string.IsNullOrWhiteSpace(_options.HeaderName)
                    ? VerificationResult.Fail(VerificationFailure.NotConfigured, p + "HeaderName is not configured, so nothing is accepted.")
                    : CredentialVerifier.VerifyHeaderToken(request.GetHeader, _options.HeaderName, _tokens);
            case WebhookAuthenticationScheme.QueryToken:
                return string.IsNullOrWhiteSpace(_options.QueryParameterName)
                    ? VerificationResult.Fail(VerificationFailure.NotConfigured, p + "QueryParameterName is not configured, so nothing is accepted.")
                    : CredentialVerifier.VerifyQueryToken(request.QueryString, _options.QueryParameterName, _tokens);
            case WebhookAuthenticationScheme.Signature:
                if (_secrets.Length == 0 || string.IsNullOrWhiteSpace(_options.SignatureHeaderName))
                {
                    return VerificationResult.Fail(VerificationFailure.NotConfigured, p + "Secrets and SignatureHeaderName are not configured, so nothing is accepted.");
                }

                string? header = request.GetHeader(_options.SignatureHeaderName);
                if (header is null)
                {
                    return VerificationResult.Fail(VerificationFailure.Missing, $"The '{_options.SignatureHeaderName}' signature header is missing.");
                }

                return SignatureHeader.TryParse(header, _options.SignatureAlgorithm, presented, out presentedLength);
            default:
                return VerificationResult.Fail(VerificationFailure.NotConfigured, p + "Scheme is not configured, so nothing is accepted.");
        }
    }

    /// <summary>
    /// Rents one incremental HMAC per accepted secret, to be fed the body as it streams in; keyed instances are
    /// reused (a keyed HMAC costs a key schedule to set up), so give them back with <see cref="ReturnHashes"/>.
    /// </summary>
    /// <returns>The hashes.</returns>
    public IncrementalHash[] RentHashes() => _pool.TryTake(out var hashes) ? hashes : CreateHashes();

    /// <summary>Gives hashes back after use, reset whatever they were fed (or disposes them when the pool is full).</summary>
    /// <param name="hashes">The hashes from <see cref="RentHashes"/>.</param>
    public void ReturnHashes(IncrementalHash[] hashes)
    {
        Span<byte> scratch = stackalloc byte[Hmac.MaxHashSizeInBytes];
        foreach (var hash in hashes)
        {
            // A no-op after FinishSignature; after a refused or failed read it discards the partial body.
            hash.GetHashAndReset(scratch);
        }

        if (_pool.Count < MaxPooled)
        {
            _pool.Add(hashes);
            return;
        }

        foreach (var hash in hashes)
        {
            hash.Dispose();
        }
    }

    /// <summary>Creates one incremental HMAC per accepted secret.</summary>
    /// <returns>The hashes; the caller disposes them.</returns>
    public IncrementalHash[] CreateHashes()
    {
        var name = _options.SignatureAlgorithm == HmacAlgorithm.Sha1 ? HashAlgorithmName.SHA1 : HashAlgorithmName.SHA256;
        var hashes = new IncrementalHash[_secrets.Length];
        for (int i = 0; i < hashes.Length; i++)
        {
            hashes[i] = IncrementalHash.CreateHMAC(name, _secrets[i]);
        }

        return hashes;
    }

    /// <summary>Compares every secret's HMAC with the presented digest in constant time.</summary>
    /// <param name="hashes">The hashes, fed the whole body.</param>
    /// <param name="presented">The presented digest.</param>
    /// <returns>The result, with the index of the matching secret.</returns>
    public static VerificationResult FinishSignature(IncrementalHash[] hashes, ReadOnlySpan<byte> presented)
    {
        Span<byte> expected = stackalloc byte[Hmac.MaxHashSizeInBytes];
        int matched = -1;
        for (int i = 0; i < hashes.Length; i++)
        {
            int size = hashes[i].GetHashAndReset(expected);

            // Every secret is compared, so the time taken does not reveal which one matched.
            if (CryptographicOperations.FixedTimeEquals(expected[..size], presented) && matched < 0)
            {
                matched = i;
            }
        }

        return matched >= 0
            ? VerificationResult.Success(matched)
            : VerificationResult.Fail(VerificationFailure.Mismatch, "The signature does not match the body for any configured secret.");
    }
}
