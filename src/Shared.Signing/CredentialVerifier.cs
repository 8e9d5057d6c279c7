using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Shared.Signing;

/// <summary>
/// Constant-time checks of the credentials that webhook senders present: HTTP Basic, a token in a named header,
/// and a token in a named query-string parameter. Nothing here needs ASP.NET Core.
/// </summary>
/// <remarks>
/// Values are compared through their SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// so neither the content nor the length of a secret leaks through timing. Every accepted credential is tried.
/// Hostile input gives a failure result, never an exception, and no result or message echoes what was presented.
/// </remarks>
public static class CredentialVerifier
{
    /// <summary>The longest header or query string examined; anything longer is rejected as malformed.</summary>
    public const int MaxInputLength = 8 * 1024;

    private const string BasicSchemePrefix = "Basic ";

    /// <summary>Checks an <c>Authorization: Basic base64(user:password)</c> header.</summary>
    /// <param name="authorizationHeader">The header value, or null when absent.</param>
    /// <param name="accepted">The accepted credentials, current first.</param>
    /// <returns>The result, with the index of the matching credential.</returns>
    /// <remarks>
    /// The decoded credentials are compared as bytes and never become a string; the pooled buffer that held them is
    /// cleared before it goes back to <see cref="ArrayPool{T}.Shared"/>.
    /// </remarks>
    public static VerificationResult VerifyBasic(string? authorizationHeader, IReadOnlyList<BasicCredential> accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        if (accepted.Count == 0)
        {
            return NotConfigured("HTTP Basic credentials");
        }

        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return VerificationResult.Fail(VerificationFailure.Missing, "The Authorization header is missing.");
        }

        if (authorizationHeader.Length > MaxInputLength)
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, "The Authorization header is too long.");
        }

        ReadOnlySpan<char> value = authorizationHeader.AsSpan().Trim();
        if (!value.StartsWith(BasicSchemePrefix, StringComparison.OrdinalIgnoreCase))
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, "The Authorization header does not use the Basic scheme.");
        }

        ReadOnlySpan<char> encoded = value[BasicSchemePrefix.Length..];
        int maxDecoded = Base64.GetMaxDecodedFromUtf8Length(encoded.Length);
        byte[] rented = ArrayPool<byte>.Shared.Rent(maxDecoded);
        Span<byte> decoded = rented.AsSpan(0, maxDecoded);
        try
        {
            return Convert.TryFromBase64Chars(encoded, decoded, out int length)
                ? MatchBasic(decoded[..length], accepted)
                : VerificationResult.Fail(VerificationFailure.Malformed, "The Basic credentials are not valid base64.");
        }
        finally
        {
            // A failed decode may have written part of the credentials, so the whole span is cleared.
            CryptographicOperations.ZeroMemory(decoded);
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Checks a presented token against the accepted ones.</summary>
    /// <param name="presented">The token as presented, or null when absent.</param>
    /// <param name="acceptedTokens">The accepted tokens, current first. Null or empty entries are ignored.</param>
    /// <returns>The result, with the index of the matching token.</returns>
    public static VerificationResult VerifyToken(string? presented, IReadOnlyList<string?> acceptedTokens)
    {
        ArgumentNullException.ThrowIfNull(acceptedTokens);
        if (!acceptedTokens.Any(t => !string.IsNullOrEmpty(t)))
        {
            return NotConfigured("tokens");
        }

        if (string.IsNullOrEmpty(presented))
        {
            return VerificationResult.Fail(VerificationFailure.Missing, "The token is missing.");
        }

        if (presented.Length > MaxInputLength)
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, "The token is too long.");
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        Digest(presented, actual);
        int matched = -1;
        for (int i = 0; i < acceptedTokens.Count; i++)
        {
            string? token = acceptedTokens[i];
            if (string.IsNullOrEmpty(token))
            {
                continue;
            }

            Digest(token, expected);
            if (CryptographicOperations.FixedTimeEquals(actual, expected) && matched < 0)
            {
                matched = i;
            }
        }

        return matched >= 0
            ? VerificationResult.Success(matched)
            : VerificationResult.Fail(VerificationFailure.Mismatch, "The token is not accepted.");
    }

    /// <summary>Checks a token carried in a named HTTP header.</summary>
    /// <param name="getHeader">Looks a header up by name (case-insensitively), returning null when absent.</param>
    /// <param name="headerName">The header's name.</param>
    /// <param name="acceptedTokens">The accepted tokens, current first.</param>
    /// <returns>The result.</returns>
    public static VerificationResult VerifyHeaderToken(Func<string, string?> getHeader, string headerName, IReadOnlyList<string?> acceptedTokens)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        ArgumentException.ThrowIfNullOrEmpty(headerName);
        string? value = getHeader(headerName);
        if (value is null)
        {
            return acceptedTokens.Any(t => !string.IsNullOrEmpty(t))
                ? VerificationResult.Fail(VerificationFailure.Missing, $"The '{headerName}' header is missing.")
                : NotConfigured("tokens");
        }

        return VerifyToken(value.Trim(), acceptedTokens);
    }

    /// <summary>Checks a token carried in a named query-string parameter.</summary>
    /// <param name="queryString">The raw query string, with or without its leading <c>?</c>; null when there is none.</param>
    /// <param name="parameterName">The parameter's name (matched exactly, after percent-decoding).</param>
    /// <param name="acceptedTokens">The accepted tokens, current first.</param>
    /// <returns>The result. A parameter given more than once is rejected as malformed.</returns>
    public static VerificationResult VerifyQueryToken(string? queryString, string parameterName, IReadOnlyList<string?> acceptedTokens)
    {
        ArgumentException.ThrowIfNullOrEmpty(parameterName);
        ArgumentNullException.ThrowIfNull(acceptedTokens);
        if (!acceptedTokens.Any(t => !string.IsNullOrEmpty(t)))
        {
            return NotConfigured("tokens");
        }

        if (queryString is not null && queryString.Length > MaxInputLength)
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, "The query string is too long.");
        }

        var lookup = QueryStringReader.TryGetSingle(queryString, parameterName, out string? value);
        return lookup switch
        {
            QueryStringReader.Lookup.Found => VerifyToken(value, acceptedTokens),
            QueryStringReader.Lookup.Duplicate => VerificationResult.Fail(VerificationFailure.Malformed, $"The '{parameterName}' parameter appears more than once."),
            QueryStringReader.Lookup.Malformed => VerificationResult.Fail(VerificationFailure.Malformed, "The query string is not validly percent-encoded."),
            _ => VerificationResult.Fail(VerificationFailure.Missing, $"The '{parameterName}' query-string parameter is missing."),
        };
    }

    private static VerificationResult NotConfigured(string what) =>
        VerificationResult.Fail(VerificationFailure.NotConfigured, $"No {what} are configured, so nothing can be accepted.");

    private static VerificationResult MatchBasic(ReadOnlySpan<byte> pair, IReadOnlyList<BasicCredential> accepted)
    {
        if (!Utf8.IsValid(pair))
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, "The Basic credentials are not valid UTF-8.");
        }

        // In UTF-8 the byte 0x3A is only ever the colon itself, so the split needs no decoding.
        int colon = pair.IndexOf((byte)':');
        if (colon < 0)
        {
            return VerificationResult.Fail(VerificationFailure.Malformed, "The Basic credentials have no colon between user name and password.");
        }

        Span<byte> user = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> password = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(pair[..colon], user);
        SHA256.HashData(pair[(colon + 1)..], password);

        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        int matched = -1;
        for (int i = 0; i < accepted.Count; i++)
        {
            Digest(accepted[i].UserName, expected);
            bool userMatches = CryptographicOperations.FixedTimeEquals(user, expected);
            Digest(accepted[i].Password, expected);
            bool passwordMatches = CryptographicOperations.FixedTimeEquals(password, expected);
            if (userMatches & passwordMatches && matched < 0)
            {
                matched = i;
            }
        }

        return matched >= 0
            ? VerificationResult.Success(matched)
            : VerificationResult.Fail(VerificationFailure.Mismatch, "The Basic user name or password is not accepted.");
    }

    // Hashes the UTF-8 bytes of a secret through a pooled buffer that is cleared before it is returned.
    private static void Digest(ReadOnlySpan<char> text, Span<byte> destination)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        int written = 0;
        try
        {
            written = Encoding.UTF8.GetBytes(text, rented);
            SHA256.HashData(rented.AsSpan(0, written), destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(rented.AsSpan(0, written));
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
