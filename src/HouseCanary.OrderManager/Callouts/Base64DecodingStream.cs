using System.Buffers;
using System.Buffers.Text;

namespace HouseCanary.OrderManager.Callouts;

/// <summary>A forward-only stream that decodes base64 UTF-8 text in fixed-size chunks, skipping ASCII whitespace.</summary>
internal sealed class Base64DecodingStream : Stream
{
    private const int ChunkChars = 16 * 1024;

    private readonly ReadOnlyMemory<byte> _source;
    private readonly byte[] _chars = new byte[ChunkChars];
    private readonly byte[] _decoded = new byte[ChunkChars / 4 * 3];
    private int _sourcePosition;
    private int _decodedStart;
    private int _decodedEnd;
    private bool _finished;

    public Base64DecodingStream(ReadOnlyMemory<byte> source) => _source = source;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_decodedStart == _decodedEnd)
        {
            if (_finished)
            {
                return 0;
            }

            Fill();
        }

        int n = Math.Min(buffer.Length, _decodedEnd - _decodedStart);
        _decoded.AsSpan(_decodedStart, n).CopyTo(buffer);
        _decodedStart += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void Fill()
    {
        ReadOnlySpan<byte> source = _source.Span;
        int chunkStart = _sourcePosition;
        int count = 0;
        while (count < ChunkChars && _sourcePosition < source.Length)
        {
            byte b = source[_sourcePosition++];
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                continue;
            }

            _chars[count++] = b;
        }

        while (_sourcePosition < source.Length && source[_sourcePosition] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            _sourcePosition++;
        }

        bool final = _sourcePosition >= source.Length;
        if (final && count % 4 != 0)
        {
            throw new FormatException($"The report is not valid base64: its length without whitespace ({chunkStart + count} characters in the last block) is not a multiple of 4.");
        }

        var status = Base64.DecodeFromUtf8(_chars.AsSpan(0, count), _decoded, out int consumed, out int written, isFinalBlock: final);
        if (status != OperationStatus.Done || consumed != count)
        {
            throw new FormatException($"The report is not valid base64 (invalid data near character {chunkStart + consumed}).");
        }

        _decodedStart = 0;
        _decodedEnd = written;
        _finished = final;
    }
}
