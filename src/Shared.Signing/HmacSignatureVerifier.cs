using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Shared.Signing;

/// <summary>
/// Verifies HMAC signatures over raw payload bytes against one or more secrets (to allow rotation), comparing
/// in constant time with <see cref="CryptographicOperations.FixedTimeEquals"/>.
/// </summary>
/// <remarks>
/// An instance is immutable and thread-safe. It fails closed: with no secret configured, nothing verifies.
/// Its <see cref="ToString"/> names the algorithm and the number of secrets, never a secret.
/// </remarks>
public sealed class HmacSignatureVerifier
{
    private readonly byte[][] _secrets;

    /// <summary>Initializes a verifier with secrets given as text (encoded as UTF-8).</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="secrets">The accepted secrets, current first. Null or empty entries are ignored.</param>
    public HmacSignatureVerifier(HmacAlgorithm algorithm, IEnumerable<string?> secrets)
        : this(algorithm, (secrets ?? throw new ArgumentNullException(nameof(secrets))).Where(s => !string.IsNullOrEmpty(s)).Select(s => Encoding.UTF8.GetBytes(s!)))
    {
    }

    /// <summary>Initializes a verifier with secrets given as bytes.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="secrets">The accepted secrets, current first. Empty entries are ignored.</param>
    public HmacSignatureVerifier(HmacAlgorithm algorithm, IEnumerable<byte[]> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _ = Hmac.GetHashSizeInBytes(algorithm);
        Algorithm = algorithm;
        _secrets = secrets.Where(s => s is { Length: > 0 }).Select(s => (byte[])s.Clone()).ToArray();
    }

    /// <summary>Gets the algorithm.</summary>
    public HmacAlgorithm Algorithm { get; }

    /// <summary>Gets the number of accepted secrets.</summary>
    public int SecretCount => _secrets.Length;

    /// <summary>Verifies a prefixed hex header such as <c>sha1=&lt;hex&gt;</c> over <paramref name="payload"/>.</summary>
    /// <param name="payload">The raw bytes exactly as received.</param>
    /// <param name="signatureHeader">The header value, or null when the header was absent.</param>
    /// <returns>The result, with the index of the matching secret.</returns>
    public VerificationResult VerifyHeader(ReadOnlySpan<byte> payload, string? signatureHeader)
    {
        if (_secrets.Length == 0)
        {
            return NotConfigured();
        }

        if (signatureHeader is null)
        {
            return VerificationResult.Fail(VerificationFailure.Missing, "The signature header is missing.");
        }

        Span<byte> presented = stackalloc byte[Hmac.MaxHashSizeInBytes];
        var parsed = SignatureHeader.TryParse(signatureHeader, Algorithm, presented, out int size);
        return parsed.IsValid ? Match(payload, presented[..size]) : parsed;
    }

    /// <summary>Verifies a base64 signature (no prefix) over <paramref name="payload"/>.</summary>
    /// <param name="payload">The raw bytes exactly as received.</param>
    /// <param name="base64Signature">The signature, or null when absent.</param>
    /// <returns>The result.</returns>
    public VerificationResult VerifyBase64(ReadOnlySpan<byte> payload, string? base64Signature)
    {
        if (_secrets.Length == 0)
        {
            return NotConfigured();
        }

        if (base64Signature is null)
        {
            return VerificationResult.Fail(VerificationFailure.Missing, "The signature is missing.");
        }

        Span<byte> presented = stackalloc byte[Hmac.MaxHashSizeInBytes];
        var parsed = SignatureHeader.TryParseBase64(base64Signature, Algorithm, presented, out int size);
        return parsed.IsValid ? Match(payload, presented[..size]) : parsed;
    }

    /// <summary>Verifies a raw digest over <paramref name="payload"/>.</summary>
    /// <param name="payload">The raw bytes exactly as received.</param>
    /// <param name="digest">The presented digest.</param>
    /// <returns>The result.</returns>
    public VerificationResult VerifyDigest(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> digest)
    {
        if (_secrets.Length == 0)
        {
            return NotConfigured();
        }

        if (digest.IsEmpty)
        {
            return VerificationResult.Fail(VerificationFailure.Missing, "The signature is empty.");
        }

        if (digest.Length != Hmac.GetHashSizeInBytes(Algorithm))
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, $"A {Algorithm} signature is {Hmac.GetHashSizeInBytes(Algorithm)} bytes; this one is {digest.Length}.");
        }

        return Match(payload, digest);
    }

    /// <summary>
    /// Verifies a prefixed hex header over everything that remains in <paramref name="payload"/>, reading it once
    /// however many secrets are configured.
    /// </summary>
    /// <param name="payload">The raw body.</param>
    /// <param name="signatureHeader">The header value, or null when absent.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The result.</returns>
    public async ValueTask<VerificationResult> VerifyHeaderAsync(Stream payload, string? signatureHeader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (_secrets.Length == 0)
        {
            return NotConfigured();
        }

        if (signatureHeader is null)
        {
            return VerificationResult.Fail(VerificationFailure.Missing, "The signature header is missing.");
        }

        byte[] presented = new byte[Hmac.MaxHashSizeInBytes];
        var parsed = SignatureHeader.TryParse(signatureHeader, Algorithm, presented, out int size);
        if (!parsed.IsValid)
        {
            return parsed;
        }

        var hashes = new IncrementalHash[_secrets.Length];
        byte[] buffer = ArrayPool<byte>.Shared.Rent(Hmac.BufferSize);
        try
        {
            for (int i = 0; i < hashes.Length; i++)
            {
                hashes[i] = IncrementalHash.CreateHMAC(Hmac.ToHashAlgorithmName(Algorithm), _secrets[i]);
            }

            int read;
            while ((read = await payload.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                foreach (var hash in hashes)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }

            return MatchHashes(hashes, presented.AsSpan(0, size));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            foreach (var hash in hashes)
            {
                hash?.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"HmacSignatureVerifier({Algorithm}, {_secrets.Length} secret(s))";

    private static VerificationResult NotConfigured() =>
        VerificationResult.Fail(VerificationFailure.NotConfigured, "No signing secret is configured, so no signature can be accepted.");

    private static VerificationResult Mismatch() =>
        VerificationResult.Fail(VerificationFailure.Mismatch, "The signature does not match the payload for any configured secret.");

    private VerificationResult Match(ReadOnlySpan<byte> payload, ReadOnlySpan<byte> presented)
    {
        Span<byte> expected = stackalloc byte[Hmac.MaxHashSizeInBytes];
        int matched = -1;
        for (int i = 0; i < _secrets.Length; i++)
        {
            int size = Hmac.Compute(Algorithm, _secrets[i], payload, expected);

            // Every secret is tried, so the time taken does not reveal which one matched.
            if (CryptographicOperations.FixedTimeEquals(expected[..size], presented) && matched < 0)
            {
                matched = i;
            }
        }

        return matched >= 0 ? VerificationResult.Success(matched) : Mismatch();
    }

    private static VerificationResult MatchHashes(IncrementalHash[] hashes, ReadOnlySpan<byte> presented)
    {
        Span<byte> expected = stackalloc byte[Hmac.MaxHashSizeInBytes];
        int matched = -1;
        for (int i = 0; i < hashes.Length; i++)
        {
            int size = hashes[i].GetHashAndReset(expected);
            if (CryptographicOperations.FixedTimeEquals(expected[..size], presented) && matched < 0)
            {
                matched = i;
            }
        }

        return matched >= 0 ? VerificationResult.Success(matched) : Mismatch();
    }
}
