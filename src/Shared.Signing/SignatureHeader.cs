namespace Shared.Signing;

/// <summary>
/// Reads and writes signature headers of the form <c>sha1=&lt;hex&gt;</c> and <c>sha256=&lt;hex&gt;</c>.
/// </summary>
/// <remarks>
/// The algorithm prefix is matched case-insensitively and the hex digits may be of either case. Hostile input
/// (empty, huge, odd length, non-hex, a wrong or missing prefix) yields a failure result, never an exception.
/// </remarks>
public static class SignatureHeader
{
    /// <summary>Gets the prefix (including <c>=</c>) for an algorithm: <c>sha1=</c> or <c>sha256=</c>.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The prefix.</returns>
    public static string GetPrefix(HmacAlgorithm algorithm) => algorithm switch
    {
        HmacAlgorithm.Sha1 => "sha1=",
        HmacAlgorithm.Sha256 => "sha256=",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown HMAC algorithm."),
    };

    /// <summary>Formats a digest as a header value, such as <c>sha1=5b2c…</c> (lowercase hex).</summary>
    /// <param name="algorithm">The algorithm that produced the digest.</param>
    /// <param name="digest">The digest.</param>
    /// <returns>The header value.</returns>
    public static string Format(HmacAlgorithm algorithm, ReadOnlySpan<byte> digest)
    {
        if (digest.Length != Hmac.GetHashSizeInBytes(algorithm))
        {
            throw new ArgumentException($"A {algorithm} digest is {Hmac.GetHashSizeInBytes(algorithm)} bytes, not {digest.Length}.", nameof(digest));
        }

        return GetPrefix(algorithm) + Convert.ToHexStringLower(digest);
    }

    /// <summary>Parses a header value such as <c>sha1=&lt;hex&gt;</c> into its digest.</summary>
    /// <param name="value">The header value, possibly null or hostile.</param>
    /// <param name="algorithm">The algorithm whose prefix and digest length are expected.</param>
    /// <param name="digest">Receives the digest; at least <see cref="Hmac.GetHashSizeInBytes"/> bytes.</param>
    /// <param name="bytesWritten">The digest length on success; 0 otherwise.</param>
    /// <returns>A passing result, or why the value could not be read.</returns>
    public static VerificationResult TryParse(ReadOnlySpan<char> value, HmacAlgorithm algorithm, Span<byte> digest, out int bytesWritten)
    {
        bytesWritten = 0;
        string prefix = GetPrefix(algorithm);
        int size = Hmac.GetHashSizeInBytes(algorithm);
        value = value.Trim();
        if (value.IsEmpty)
        {
            return VerificationResult.Fail(VerificationFailure.Missing, "The signature header is empty.");
        }

        if (!value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, $"The signature header does not start with '{prefix}'.");
        }

        ReadOnlySpan<char> hex = value[prefix.Length..];
        if (hex.Length != size * 2)
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, $"The signature must be {size * 2} hex digits after '{prefix}'; it has {hex.Length} characters.");
        }

        if (digest.Length < size)
        {
            throw new ArgumentException($"The destination needs {size} bytes.", nameof(digest));
        }

        // The hex has exactly 2 * size digits and the destination exactly size bytes, so Done means size bytes were written.
        if (Convert.FromHexString(hex, digest[..size], out _, out _) != System.Buffers.OperationStatus.Done)
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, "The signature contains characters that are not hexadecimal digits.");
        }

        bytesWritten = size;
        return VerificationResult.Success();
    }

    /// <summary>Decodes a base64 signature (as AppraisalWorks sends) into its digest.</summary>
    /// <param name="value">The base64 text, possibly null or hostile.</param>
    /// <param name="algorithm">The algorithm whose digest length is expected.</param>
    /// <param name="digest">Receives the digest.</param>
    /// <param name="bytesWritten">The digest length on success; 0 otherwise.</param>
    /// <returns>A passing result, or why the value could not be read.</returns>
    public static VerificationResult TryParseBase64(ReadOnlySpan<char> value, HmacAlgorithm algorithm, Span<byte> digest, out int bytesWritten)
    {
        bytesWritten = 0;
        int size = Hmac.GetHashSizeInBytes(algorithm);
        value = value.Trim();
        if (value.IsEmpty)
        {
            return VerificationResult.Fail(VerificationFailure.Missing, "The signature is empty.");
        }

        if (value.Length != ((size + 2) / 3) * 4)
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, $"A base64 {algorithm} signature has {((size + 2) / 3) * 4} characters; this one has {value.Length}.");
        }

        Span<byte> buffer = stackalloc byte[Hmac.MaxHashSizeInBytes + 3];
        if (!Convert.TryFromBase64Chars(value, buffer, out int written) || written != size)
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, "The signature is not valid base64.");
        }

        buffer[..size].CopyTo(digest);
        bytesWritten = size;
        return VerificationResult.Success();
    }
}
