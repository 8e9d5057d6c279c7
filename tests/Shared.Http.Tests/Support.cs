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
