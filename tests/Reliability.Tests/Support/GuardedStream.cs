namespace Reliability.Tests.Support;

/// <summary>
/// A read-only stream of <paramref name="length"/> bytes (a JSON-ish prefix, then filler) that throws if it is
/// asked for more once it has already handed out more than <paramref name="limit"/> bytes: a reader that rejects
/// an oversized body "before reading it whole" never trips it.
/// </summary>
internal sealed class GuardedStream(long length, long limit, byte[]? prefix = null) : Stream
{
    private readonly byte[] _prefix = prefix ?? "{\"message_type\":\"order_complete\",\"message_id\":\"big\",\"report\":\""u8.ToArray();

    public long Position_ { get; private set; }

    public long Reads { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => Position_; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (Position_ > limit)
        {
            throw new InvalidOperationException($"The body was read past the limit of {limit} bytes (already {Position_}).");
        }

        Reads++;
        int n = (int)Math.Min(buffer.Length, length - Position_);
        for (int i = 0; i < n; i++)
        {
            long p = Position_ + i;
            buffer[i] = p < _prefix.Length ? _prefix[p] : (byte)'A';
        }

        Position_ += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
