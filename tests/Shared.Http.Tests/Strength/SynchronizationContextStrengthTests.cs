using System.Net;
using Valuation.Tests.Support;

namespace Valuation.Http.Tests.Strength;

/// <summary>
/// The pipeline never resumes on the caller's <see cref="SynchronizationContext"/>: a UI or classic ASP.NET caller that
/// blocks on a call would otherwise deadlock. Each case makes a different step the first one that completes
/// asynchronously, under a context that counts what is posted to it.
/// </summary>
public class SynchronizationContextStrengthTests
{
    [Theory]
    [InlineData("body", Yield.Open)]
    [InlineData("body", Yield.Read)]
    [InlineData("body", Yield.Dispose)]
    [InlineData("error body", Yield.Open)]
    [InlineData("error body", Yield.Read)]
    [InlineData("error body", Yield.Dispose)]
    [InlineData("stream", Yield.Open)]
    [InlineData("stream", Yield.Read)]
    [InlineData("stream", Yield.Dispose)]
    public async Task Reading_a_body_never_resumes_on_the_callers_context(string reader, Yield at)
    {
        byte[] data = ScriptedStream.RandomBytes(300);
        var context = new CountingSynchronizationContext();
        var call = await OutboundCallStrengthTests.Send(new YieldingContent(new YieldingStream(data, at), at, announced: null), reader == "stream" ? OutboundMode.Streamed : OutboundMode.Buffered);
        using (call)
        {
            byte[] got;
            switch (reader)
            {
                case "body":
                    using (var body = await context.Run(call.ReadBodyAsync))
                    {
                        got = body.Span.ToArray();
                    }

                    break;
                case "error body":
                    using (var body = await context.Run(() => call.ReadErrorBodyAsync(1024)))
                    {
                        got = body.Span.ToArray();
                    }

                    break;
                default:
                    var stream = await context.Run(call.OpenStreamAsync);
                    byte[] buffer = new byte[1024];
                    int n = await context.Run(() => stream.ReadAsync(buffer).AsTask());
                    got = buffer[..n];
                    await context.Run(async () =>
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                        return 0;
                    });
                    break;
            }

            Assert.Equal(data, got);
        }

        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task Refusing_an_announced_oversized_download_never_resumes_on_the_callers_context()
    {
        var context = new CountingSynchronizationContext();
        using var call = await OutboundCallStrengthTests.Send(new YieldingContent(new YieldingStream(new byte[10_000], Yield.Dispose), Yield.Dispose, announced: 10_000), OutboundMode.Streamed, Pipelines.Settings(maxDownload: 8192));

        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => context.Run(call.OpenStreamAsync));

        Assert.Equal(OutboundFailureKind.ResponseTooLarge, ex.Failure.Kind);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task Sending_never_resumes_on_the_callers_context()
    {
        var context = new CountingSynchronizationContext();
        var handler = new FuncHandler(async (r, _) =>
        {
            await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = r };
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));

        using var call = await context.Run(() => Pipelines.Over(handler).SendAsync(request, "GetOrder", OutboundMode.Buffered, default));

        Assert.Equal(HttpStatusCode.OK, call.Response.StatusCode);
        Assert.Equal(0, context.Posts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_upload_never_resumes_on_the_callers_context(bool transportYields)
    {
        var context = new CountingSynchronizationContext();
        byte[] data = ScriptedStream.RandomBytes(3000);
        var sink = new YieldingSink(transportYields);
        var handler = new FuncHandler(async (r, ct) =>
        {
            await r.Content!.CopyToAsync(sink, ct).ConfigureAwait(false);
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = r };
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/1/documents")) { Content = new YieldingUpload(data, yieldFirst: !transportYields) };

        using var call = await context.Run(() => Pipelines.Over(handler).SendAsync(request, "AddDocument", OutboundMode.Streamed, default));

        Assert.Equal(data, sink.ToArray());
        Assert.Equal(0, context.Posts);
    }

    public enum Yield
    {
        Open,
        Read,
        Dispose,
    }

    /// <summary>A body that completes its first read or its disposal asynchronously, without capturing any context.</summary>
    private sealed class YieldingStream(byte[] data, Yield at) : Stream
    {
        private int _position;

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
            if (at == Yield.Read && _position == 0)
            {
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }

            int n = Math.Min(buffer.Length, data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            if (at == Yield.Dispose)
            {
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }

            await base.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A response body whose stream opens asynchronously when asked to.</summary>
    private sealed class YieldingContent(Stream body, Yield at, long? announced) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => body.CopyToAsync(stream);

        protected override Task<Stream> CreateContentReadStreamAsync() => CreateContentReadStreamAsync(CancellationToken.None);

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken)
        {
            if (at == Yield.Open)
            {
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }

            return body;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = announced ?? 0;
            return announced is not null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                body.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>An upload body that first completes asynchronously (when asked to), then writes in three pieces.</summary>
    private sealed class YieldingUpload(byte[] data, bool yieldFirst) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            if (yieldFirst)
            {
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }

            foreach (var piece in data.Chunk(1000))
            {
                await stream.WriteAsync(piece, cancellationToken).ConfigureAwait(false);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = data.Length;
            return true;
        }
    }

    /// <summary>The transport's stream: its writes complete asynchronously when asked to.</summary>
    private sealed class YieldingSink(bool yields) : MemoryStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (yields)
            {
                await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            }

            await base.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
