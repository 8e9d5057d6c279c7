using System.Net;

namespace Valuation.Http.Tests;

/// <summary>The typed exception a package would build from an <see cref="OutboundFailure"/>.</summary>
internal sealed class TestOutboundException(OutboundFailure failure) : Exception(failure.Message, failure.InnerException)
{
    public OutboundFailure Failure { get; } = failure;
}

internal static class Pipelines
{
    public static readonly Uri Base = new("https://api.test/v1/");

    public static OutboundSettings Settings(TimeSpan? total = null, TimeSpan? idle = null, long maxResponse = 1024 * 1024, long maxDownload = 4L * 1024 * 1024) =>
        new(Base, total ?? TimeSpan.FromSeconds(30), idle ?? TimeSpan.FromSeconds(30), maxResponse, maxDownload, false, "Vendor", "Vendor");

    public static OutboundPipeline Over(HttpMessageHandler handler, OutboundSettings? settings = null, TimeProvider? time = null)
    {
        var s = settings ?? Settings();
        return new OutboundPipeline(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, () => s, f => new TestOutboundException(f), time);
    }
}

/// <summary>A handler that answers with a function of the request.</summary>
internal sealed class FuncHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
{
    public List<HttpRequestMessage> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return answer(request, cancellationToken);
    }

    public static FuncHandler Ok(HttpContent content) => new((request, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request }));
}

/// <summary>A body that gives <paramref name="first"/> bytes and then nothing, until cancelled: a half-open connection.</summary>
internal sealed class StallingStream(int first) : Stream
{
    private int _left = first;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_left > 0)
        {
            int n = Math.Min(_left, buffer.Length);
            buffer.Span[..n].Fill((byte)'a');
            _left -= n;
            return n;
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// A body that gives its chunks one read at a time (a read never spans two chunks), then ends, stalls until cancelled,
/// or breaks with an <see cref="IOException"/>. Before each chunk it may run <c>beforeChunk</c> (advance a fake clock: a slow link).
/// Records whether and how it was disposed.
/// </summary>
internal sealed class ScriptedStream(IReadOnlyList<byte[]> chunks, ScriptedStream.End end = ScriptedStream.End.Eof, Action? beforeChunk = null) : Stream
{
    private int _next;
    private int _offset;

    public enum End
    {
        Eof,
        Stall,
        Break,
    }

    public bool Disposed { get; private set; }

    public bool DisposedAsynchronously { get; private set; }

    public int Reads { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public static byte[] RandomBytes(int count)
    {
        byte[] bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    public static List<byte[]> Split(byte[] data, int chunk) => data.Chunk(chunk).ToList();

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        Reads++;
        if (_next < chunks.Count)
        {
            return Take(buffer);
        }

        return end switch
        {
            End.Break => throw new IOException("The connection was reset."),
            End.Stall => throw new NotSupportedException("A synchronous read would stall forever."),
            _ => 0,
        };
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Reads++;
        cancellationToken.ThrowIfCancellationRequested();
        if (_next < chunks.Count)
        {
            if (_offset == 0)
            {
                beforeChunk?.Invoke();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return Take(buffer.Span);
        }

        switch (end)
        {
            case End.Break:
                throw new IOException("The connection was reset.");
            case End.Stall:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            default:
                return 0;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        DisposedAsynchronously = !Disposed;
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }

    private int Take(Span<byte> buffer)
    {
        var chunk = chunks[_next];
        int n = Math.Min(buffer.Length, chunk.Length - _offset);
        chunk.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        if (_offset == chunk.Length)
        {
            _next++;
            _offset = 0;
        }

        return n;
    }
}

