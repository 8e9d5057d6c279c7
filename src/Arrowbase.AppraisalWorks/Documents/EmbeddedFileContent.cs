using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Arrowbase.AppraisalWorks.Json;

namespace Arrowbase.AppraisalWorks;

/// <summary>
/// The content of a document sent to AppraisalWorks: bytes, a <see cref="Stream"/>, or base64 text. Streams are
/// read in segments and written as base64 straight into the request body, so memory stays flat as files grow.
/// </summary>
/// <remarks>
/// A stream is rewound to the position it had when this content was created before each send; a stream that cannot
/// seek can be sent once only (a second attempt fails with a clear <see cref="InvalidOperationException"/>). The
/// stream is not disposed: the caller owns it.
/// </remarks>
[JsonConverter(typeof(EmbeddedFileContentConverter))]
public sealed class EmbeddedFileContent
{
    private const int SegmentBytes = 48 * 1024; // a multiple of 3: every segment but the last encodes without padding
    private const int FlushThreshold = 32 * 1024;
    private readonly Stream? _stream;
    private readonly long _initialPosition;
    private int _sends;

    private EmbeddedFileContent(ReadOnlyMemory<byte> bytes, Stream? stream, string? base64)
    {
        Bytes = bytes;
        _stream = stream;
        Base64Text = base64;
        _initialPosition = stream is { CanSeek: true } ? stream.Position : -1;
        Marker = "\u0000aw-document:" + Guid.NewGuid().ToString("N");
    }

    /// <summary>Gets the base64 text, when the content was created from text (or read from JSON).</summary>
    public string? Base64Text { get; }

    internal ReadOnlyMemory<byte> Bytes { get; }

    internal string Marker { get; }

    internal bool IsStream => _stream is not null;

    /// <summary>Creates content from bytes.</summary>
    /// <param name="bytes">The document's bytes.</param>
    /// <returns>The content.</returns>
    public static EmbeddedFileContent FromBytes(ReadOnlyMemory<byte> bytes) => new(bytes, null, null);

    /// <summary>Creates content read from a stream (from its current position to its end) at send time.</summary>
    /// <param name="stream">A readable stream; the caller keeps ownership.</param>
    /// <returns>The content.</returns>
    public static EmbeddedFileContent FromStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The document stream must be readable.", nameof(stream));
        }

        return new(default, stream, null);
    }

    /// <summary>Creates content from base64 text, sent as given.</summary>
    /// <param name="base64">The base64 text.</param>
    /// <returns>The content.</returns>
    public static EmbeddedFileContent FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        return new(default, null, base64);
    }

    /// <summary>Gets a value indicating whether the content is present (non-empty or a stream).</summary>
    internal bool IsEmpty => _stream is null && Bytes.IsEmpty && string.IsNullOrEmpty(Base64Text);

    /// <inheritdoc />
    public override string ToString() => _stream is not null ? "EmbeddedFileContent(stream)" : Base64Text is not null ? $"EmbeddedFileContent(base64, {Base64Text.Length} chars)" : $"EmbeddedFileContent({Bytes.Length} bytes)";

    /// <summary>Writes the content as one JSON base64 string value, flushing the writer as it goes.</summary>
    internal async Task WriteValueAsync(Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        if (Base64Text is not null)
        {
            writer.WriteStringValue(Base64Text);
            return;
        }

        if (_stream is null)
        {
            var remaining = Bytes;
            while (remaining.Length > SegmentBytes)
            {
                writer.WriteBase64StringSegment(remaining.Span[..SegmentBytes], isFinalSegment: false);
                remaining = remaining[SegmentBytes..];
                await FlushIfNeededAsync(writer, cancellationToken).ConfigureAwait(false);
            }

            writer.WriteBase64StringSegment(remaining.Span, isFinalSegment: true);
            return;
        }

        if (Interlocked.Increment(ref _sends) > 1)
        {
            if (!_stream.CanSeek)
            {
                throw new InvalidOperationException("The document stream cannot seek, so it cannot be sent a second time; supply a seekable stream to allow a retry.");
            }

            _stream.Position = _initialPosition;
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(SegmentBytes);
        try
        {
            while (true)
            {
                int filled = 0;
                while (filled < SegmentBytes)
                {
                    int read = await _stream.ReadAsync(buffer.AsMemory(filled, SegmentBytes - filled), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                }

                bool final = filled < SegmentBytes;
                writer.WriteBase64StringSegment(buffer.AsSpan(0, filled), isFinalSegment: final);
                if (final)
                {
                    return;
                }

                await FlushIfNeededAsync(writer, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async ValueTask FlushIfNeededAsync(Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        if (writer.BytesPending >= FlushThreshold)
        {
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
