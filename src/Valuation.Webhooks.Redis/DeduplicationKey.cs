using System.Buffers;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Valuation.Webhooks.Redis;

/// <summary>
/// Turns a message key (chosen by the webhook sender, so possibly hostile) into a bounded Redis key.
/// </summary>
/// <remarks>
/// A short key of printable ASCII is kept readable as <c>{prefix}k:{key}</c>; anything else (long, control
/// characters, non-ASCII, lone surrogates) becomes <c>{prefix}h:{SHA-256 hex}</c> of the key's exact UTF-16 code
/// units, so distinct keys stay distinct (no lossy UTF-8 replacement) and every Redis key is at most
/// <see cref="MaxReadableLength"/> + 2 characters after the prefix.
/// </remarks>
internal static class DeduplicationKey
{
    /// <summary>The longest message key kept readable; longer ones are hashed.</summary>
    internal const int MaxReadableLength = 128;

    private static readonly SearchValues<char> s_readable = SearchValues.Create(
        "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Builds the Redis key for <paramref name="key"/> under <paramref name="prefix"/>.</summary>
    internal static string Build(string prefix, string key)
    {
        if (key.Length <= MaxReadableLength && !key.AsSpan().ContainsAnyExcept(s_readable))
        {
            return string.Concat(prefix, "k:", key);
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(key.AsSpan()), hash);
        return string.Concat(prefix, "h:", Convert.ToHexStringLower(hash));
    }
}
