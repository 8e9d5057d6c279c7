using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Shared.Signing;

/// <summary>
/// One-shot HMAC computation over bytes, strings (UTF-8) and streams, as raw bytes, lowercase hex or base64.
/// </summary>
/// <remarks>
/// The span overloads use the static <c>HMACSHA1.HashData</c> / <c>HMACSHA256.HashData</c> APIs and write into a
/// caller's buffer; the string overloads encode into buffers rented from <see cref="ArrayPool{T}.Shared"/>, so a
/// signature costs no allocation beyond its result, and the key's bytes are cleared before their buffer is returned.
/// </remarks>
public static class Hmac
{
    private const int StreamBufferSize = 81920;

    /// <summary>The largest digest produced by any <see cref="HmacAlgorithm"/>, in bytes.</summary>
    public const int MaxHashSizeInBytes = 32;

    /// <summary>Gets the digest length of <paramref name="algorithm"/>, in bytes.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>20 for SHA-1, 32 for SHA-256.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The algorithm is not defined.</exception>
    public static int GetHashSizeInBytes(HmacAlgorithm algorithm) => algorithm switch
    {
        HmacAlgorithm.Sha1 => HMACSHA1.HashSizeInBytes,
        HmacAlgorithm.Sha256 => HMACSHA256.HashSizeInBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown HMAC algorithm."),
    };

    /// <summary>Computes the HMAC of <paramref name="data"/> into <paramref name="destination"/>.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The secret key.</param>
    /// <param name="data">The data to authenticate.</param>
    /// <param name="destination">Receives the digest; at least <see cref="GetHashSizeInBytes"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public static int Compute(HmacAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) => algorithm switch
    {
        HmacAlgorithm.Sha1 => HMACSHA1.HashData(key, data, destination),
        HmacAlgorithm.Sha256 => HMACSHA256.HashData(key, data, destination),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown HMAC algorithm."),
    };

    /// <summary>Computes the HMAC of <paramref name="data"/>.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The secret key.</param>
    /// <param name="data">The data to authenticate.</param>
    /// <returns>The digest.</returns>
    public static byte[] Compute(HmacAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var result = new byte[GetHashSizeInBytes(algorithm)];
        Compute(algorithm, key, data, result);
        return result;
    }

    /// <summary>Computes the HMAC of the UTF-8 bytes of <paramref name="data"/>, keyed with the UTF-8 bytes of <paramref name="key"/>.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The secret key, encoded as UTF-8.</param>
    /// <param name="data">The text to authenticate, encoded as UTF-8.</param>
    /// <returns>The digest.</returns>
    public static byte[] Compute(HmacAlgorithm algorithm, string key, string data)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(data);
        Span<byte> digest = stackalloc byte[MaxHashSizeInBytes];
        int written = ComputeUtf8(algorithm, key, data, digest);
        return digest[..written].ToArray();
    }

    /// <summary>Computes the HMAC of <paramref name="data"/> as lowercase hexadecimal.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The secret key.</param>
    /// <param name="data">The data to authenticate.</param>
    /// <returns>The digest as lowercase hex.</returns>
    public static string ComputeHex(HmacAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[MaxHashSizeInBytes];
        int written = Compute(algorithm, key, data, digest);
        return Convert.ToHexStringLower(digest[..written]);
    }

    /// <summary>Computes the HMAC of the UTF-8 text <paramref name="data"/> as lowercase hexadecimal.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The secret key, encoded as UTF-8.</param>
    /// <param name="data">The text to authenticate, encoded as UTF-8.</param>
    /// <returns>The digest as lowercase hex.</returns>
    public static string ComputeHex(HmacAlgorithm algorithm, string key, string data)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(data);
        Span<byte> digest = stackalloc byte[MaxHashSizeInBytes];
        int written = ComputeUtf8(algorithm, key, data, digest);
        return Convert.ToHexStringLower(digest[..written]);
    }

    /// <summary>Computes the HMAC of <paramref name="data"/> as base64.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The secret key.</param>
    /// <param name="data">The data to authenticate.</param>
    /// <returns>The digest as base64.</returns>
    public static string ComputeBase64(HmacAlgorithm algorithm, ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[MaxHashSizeInBytes];
        int written = Compute(algorithm, key, data, digest);
        return Convert.ToBase64String(digest[..written]);
    }

    /// <summary>Computes the HMAC of the UTF-8 text <paramref name="data"/> as base64.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The secret key, encoded as UTF-8.</param>
    /// <param name="data">The text to authenticate, encoded as UTF-8.</param>
    /// <returns>The digest as base64.</returns>
    public static string ComputeBase64(HmacAlgorithm algorithm, string key, string data)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(data);
        Span<byte> digest = stackalloc byte[MaxHashSizeInBytes];
        int written = ComputeUtf8(algorithm, key, data, digest);
        return Convert.ToBase64String(digest[..written]);
    }

    /// <summary>Computes the HMAC of the UTF-8 text <paramref name="data"/> into <paramref name="destination"/>.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The secret key, encoded as UTF-8.</param>
    /// <param name="data">The text to authenticate, encoded as UTF-8.</param>
    /// <param name="destination">Receives the digest.</param>
    /// <returns>The number of bytes written.</returns>
    public static int ComputeUtf8(HmacAlgorithm algorithm, ReadOnlySpan<char> key, ReadOnlySpan<char> data, Span<byte> destination)
    {
        byte[] keyBuffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(key.Length));
        byte[] dataBuffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(data.Length));
        int keyLength = 0;
        try
        {
            keyLength = Encoding.UTF8.GetBytes(key, keyBuffer);
            int dataLength = Encoding.UTF8.GetBytes(data, dataBuffer);
            return Compute(algorithm, keyBuffer.AsSpan(0, keyLength), dataBuffer.AsSpan(0, dataLength), destination);
        }
        finally
        {
            // The key is a secret: wipe it before the buffer goes back to the pool.
            CryptographicOperations.ZeroMemory(keyBuffer.AsSpan(0, keyLength));
            ArrayPool<byte>.Shared.Return(keyBuffer);
            ArrayPool<byte>.Shared.Return(dataBuffer);
        }
    }

    /// <summary>Computes the HMAC of everything that remains in <paramref name="data"/>.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The secret key.</param>
    /// <param name="data">The stream to read to its end.</param>
    /// <returns>The digest.</returns>
    public static byte[] Compute(HmacAlgorithm algorithm, ReadOnlySpan<byte> key, Stream data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return algorithm switch
        {
            HmacAlgorithm.Sha1 => HMACSHA1.HashData(key, data),
            HmacAlgorithm.Sha256 => HMACSHA256.HashData(key, data),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown HMAC algorithm."),
        };
    }

    /// <summary>Computes the HMAC of everything that remains in <paramref name="data"/>, asynchronously.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The secret key.</param>
    /// <param name="data">The stream to read to its end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The digest.</returns>
    public static ValueTask<byte[]> ComputeAsync(HmacAlgorithm algorithm, ReadOnlyMemory<byte> key, Stream data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return algorithm switch
        {
            HmacAlgorithm.Sha1 => HMACSHA1.HashDataAsync(key, data, cancellationToken),
            HmacAlgorithm.Sha256 => HMACSHA256.HashDataAsync(key, data, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown HMAC algorithm."),
        };
    }

    /// <summary>Computes the HMAC of a stream as lowercase hex, asynchronously.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The secret key.</param>
    /// <param name="data">The stream to read to its end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The digest as lowercase hex.</returns>
    public static async ValueTask<string> ComputeHexAsync(HmacAlgorithm algorithm, ReadOnlyMemory<byte> key, Stream data, CancellationToken cancellationToken = default)
        => Convert.ToHexStringLower(await ComputeAsync(algorithm, key, data, cancellationToken).ConfigureAwait(false));

    /// <summary>Computes the HMAC of a stream as base64, asynchronously.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="key">The secret key.</param>
    /// <param name="data">The stream to read to its end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The digest as base64.</returns>
    public static async ValueTask<string> ComputeBase64Async(HmacAlgorithm algorithm, ReadOnlyMemory<byte> key, Stream data, CancellationToken cancellationToken = default)
        => Convert.ToBase64String(await ComputeAsync(algorithm, key, data, cancellationToken).ConfigureAwait(false));

    internal static HashAlgorithmName ToHashAlgorithmName(HmacAlgorithm algorithm) => algorithm switch
    {
        HmacAlgorithm.Sha1 => HashAlgorithmName.SHA1,
        HmacAlgorithm.Sha256 => HashAlgorithmName.SHA256,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown HMAC algorithm."),
    };

    internal static int BufferSize => StreamBufferSize;
}
