using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;

namespace Valuation.Http.Tests.Strength;

public class UploadContentStrengthTests
{
    [Fact]
    public async Task An_upload_is_sent_with_its_content_headers_and_length()
    {
        HttpContentHeaders? sent = null;
        long? length = null;
        var handler = new FuncHandler(async (r, ct) =>
        {
            sent = r.Content!.Headers;
            length = r.Content.Headers.ContentLength;
            await r.Content.CopyToAsync(Stream.Null, ct);
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = r };
        });
        var content = new ByteArrayContent(new byte[1000]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Headers.ContentLanguage.Add("en");
        content.Headers.ContentLanguage.Add("fr");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/1/documents")) { Content = content };

        using var call = await Pipelines.Over(handler).SendAsync(request, "AddDocument", OutboundMode.Streamed, default);

        Assert.Equal(1000, length);
        Assert.Equal("application/pdf", sent!.ContentType?.MediaType);
        Assert.Equal(new[] { "en", "fr" }, sent.ContentLanguage.ToArray());
    }

    [Fact]
    public async Task An_upload_of_unknown_length_is_sent_without_a_length()
    {
        long? length = -1;
        var handler = new FuncHandler(async (r, ct) =>
        {
            length = r.Content!.Headers.ContentLength;
            await r.Content.CopyToAsync(Stream.Null, ct);
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = r };
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/1/documents")) { Content = new SyncWritingContent(2, null, null) };

        using var call = await Pipelines.Over(handler).SendAsync(request, "AddDocument", OutboundMode.Streamed, default);

        Assert.Null(length);
    }

    [Fact]
    public async Task A_body_written_synchronously_reaches_the_server_whole_and_each_write_restarts_the_idle_timer()
    {
        var time = new FakeTimeProvider();
        var sink = new MemoryStream();
        var handler = new FuncHandler(async (r, ct) =>
        {
            await r.Content!.CopyToAsync(sink, ct);
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = r };
        });
        var content = new SyncWritingContent(6, time, TimeSpan.FromMilliseconds(200));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/1/documents")) { Content = content };

        using var call = await Pipelines.Over(handler, Pipelines.Settings(idle: TimeSpan.FromMilliseconds(300)), time).SendAsync(request, "AddDocument", OutboundMode.Streamed, default);

        Assert.Equal(content.Written, sink.ToArray()); // 1.2 s of writes, never 300 ms without a byte
        Assert.Equal((true, false, false), content.Capabilities);
    }

    [Fact]
    public async Task Disposing_the_request_disposes_the_wrapped_body()
    {
        var body = new TrackingMemoryStream(new byte[10]); // seekable: StreamContent closes a forward-only one once sent
        var handler = new FuncHandler(async (r, ct) =>
        {
            await r.Content!.CopyToAsync(Stream.Null, ct);
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = r };
        });
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/1/documents")) { Content = new StreamContent(body) };
        using (var call = await Pipelines.Over(handler).SendAsync(request, "AddDocument", OutboundMode.Streamed, default))
        {
            Assert.IsType<UploadContent>(request.Content);
            Assert.False(body.Disposed, "before");
        }

        request.Dispose();

        Assert.True(body.Disposed);
    }

    private sealed class TrackingMemoryStream(byte[] data) : MemoryStream(data)
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    /// <summary>A body written with the synchronous Write overloads, alternating array and span, pausing on a fake clock after each.</summary>
    private sealed class SyncWritingContent(int chunks, FakeTimeProvider? time, TimeSpan? pause) : HttpContent
    {
        private readonly byte[] _written = ScriptedStream.RandomBytes(chunks * 500);

        public byte[] Written => _written;

        public (bool CanWrite, bool CanRead, bool CanSeek) Capabilities { get; private set; }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            Capabilities = (stream.CanWrite, stream.CanRead, stream.CanSeek);
            for (int i = 0; i < chunks; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (i % 2 == 0)
                {
                    stream.Write(_written, i * 500, 500);
                }
                else
                {
                    stream.Write(_written.AsSpan(i * 500, 500));
                }

                if (time is not null && pause is { } p)
                {
                    time.Advance(p);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
