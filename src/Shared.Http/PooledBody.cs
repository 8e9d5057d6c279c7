using System.Buffers;
using System.Text;

namespace Valuation.Http;

/// <summary>A response body read into a pooled buffer; dispose it to return the buffer.</summary>
internal sealed class PooledBody : IDisposable
{
    private byte[]? _array;

    /// <summary>Initializes a body over a buffer rented from <see cref="ArrayPool{T}.Shared"/> (or an empty array).</summary>
    /// <param name="array">The buffer, owned from now on.</param>
    /// <param name="length">The bytes of the body.</param>
    /// <param name="truncated">Whether the body went on past what was read.</param>
    public PooledBody(byte[] array, int length, bool truncated = false)
    {
        _array = array;
        Length = length;
        Truncated = truncated;
    }

    /// <summary>Gets the number of bytes read.</summary>
    public int Length { get; }

    /// <summary>Gets a value indicating whether the body went on past what was read (error bodies are capped, not refused).</summary>
    public bool Truncated { get; }

    /// <summary>Gets the bytes.</summary>
    public ReadOnlySpan<byte> Span => (_array ?? throw new ObjectDisposedException(nameof(PooledBody))).AsSpan(0, Length);

    /// <summary>Gets the bytes as memory.</summary>
    public ReadOnlyMemory<byte> Memory => (_array ?? throw new ObjectDisposedException(nameof(PooledBody))).AsMemory(0, Length);

    /// <summary>Decodes the body as UTF-8, at most <paramref name="maxChars"/> characters.</summary>
    /// <param name="maxChars">The most characters kept.</param>
    /// <returns>The text, or null when the body is empty.</returns>
    public string? ToText(int maxChars)
    {
        if (Length == 0)
        {
            return null;
        }

        string text = Encoding.UTF8.GetString(Span);
        return text.Length > maxChars ? text[..maxChars] : text;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is { Length: > 0 })
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
