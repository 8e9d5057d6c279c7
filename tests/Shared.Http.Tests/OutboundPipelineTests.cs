using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Valuation.Http.Tests;

public class OutboundPipelineTests
{
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task A_bodiless_unsafe_request_is_sent_with_an_empty_body_so_the_socket_handler_cannot_resend_it(string method)
    {
        var handler = FuncHandler.Ok(new StringContent("{}"));
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Pipelines.Base, "orders/1/export/zip"));

        using var call = await Pipelines.Over(handler).SendAsync(request, "CreateExport", OutboundMode.Buffered, default);

        var sent = Assert.Single(handler.Requests);
        Assert.NotNull(sent.Content);
        Assert.Equal(0, sent.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task A_GET_keeps_no_body()
    {
        var handler = FuncHandler.Ok(new StringContent("{}"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));

        using var call = await Pipelines.Over(handler).SendAsync(request, "GetOrder", OutboundMode.Buffered, default);

        Assert.Null(Assert.Single(handler.Requests).Content);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(303)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_redirect_is_a_typed_failure_naming_the_status_and_the_target_host(int status)
    {
        var handler = new FuncHandler((r, _) =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { RequestMessage = r };
            response.Headers.Location = new Uri("https://elsewhere.test:8443/collect");
            return Task.FromResult(response);
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/")) { Content = new StringContent("{}") };

        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(handler).SendAsync(request, "CreateOrder", OutboundMode.Buffered, default));

        Assert.Equal(OutboundFailureKind.Redirect, ex.Failure.Kind);
        Assert.Equal((HttpStatusCode)status, ex.Failure.StatusCode);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.Contains("elsewhere.test:8443", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.Failure.MayHaveBeenApplied); // a POST answered with a redirect: the server may have acted
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_redirect_that_a_handler_followed_is_refused()
    {
        var handler = new FuncHandler((r, _) =>
        {
            r.RequestUri = new Uri("https://elsewhere.test/landing");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = r, Content = new StringContent("{}") });
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));

        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(handler).SendAsync(request, "GetOrder", OutboundMode.Buffered, default));

        Assert.Equal(OutboundFailureKind.Redirect, ex.Failure.Kind);
        Assert.Contains("elsewhere.test", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_total_timeout_covers_reading_the_body()
    {
        var total = TimeSpan.FromMilliseconds(300);
        var handler = FuncHandler.Ok(new StreamContent(new StallingStream(100)));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));
        var watch = Stopwatch.StartNew();
        using var call = await Pipelines.Over(handler, Pipelines.Settings(total: total)).SendAsync(request, "GetOrder", OutboundMode.Buffered, default);

        var ex = await Assert.ThrowsAsync<TestOutboundException>(call.ReadBodyAsync);

        Assert.Equal(OutboundFailureKind.Timeout, ex.Failure.Kind);
        Assert.Contains("Vendor:TotalRequestTimeout", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.Failure.MayHaveBeenApplied);
        Assert.InRange(watch.Elapsed, total, total + Slack);
    }

    [Fact]
    public async Task A_streamed_body_that_moves_no_byte_ends_at_the_idle_timeout_and_each_byte_restarts_it()
    {
        var idle = TimeSpan.FromMilliseconds(300);
        var step = TimeSpan.FromMilliseconds(200); // longer than the total timeout, shorter than the idle timeout
        var time = new FakeTimeProvider();
        var handler = FuncHandler.Ok(new StreamContent(new StallingStream(5000), 1000));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("https://files.test/report.pdf"));
        using var call = await Pipelines.Over(handler, Pipelines.Settings(total: TimeSpan.FromMilliseconds(50), idle: idle), time).SendAsync(request, "Download", OutboundMode.Streamed, default);
        await using var stream = await call.OpenStreamAsync();
        var buffer = new byte[1000];
        long read = 0;
        while (read < 5000)
        {
            int n = await stream.ReadAsync(buffer);
            Assert.True(n > 0);
            read += n;
            time.Advance(step);
        }

        var stalled = stream.ReadAsync(buffer).AsTask();
        time.Advance(idle - step - TimeSpan.FromMilliseconds(1));
        Assert.False(stalled.IsCompleted); // 299 ms since the last byte: still waiting

        time.Advance(TimeSpan.FromMilliseconds(1));
        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => stalled);

        Assert.Equal(OutboundFailureKind.IdleTimeout, ex.Failure.Kind);
        Assert.Equal(5000, read); // 1 s of reads: the 50 ms total timeout does not apply to a streamed call
        Assert.Contains("Vendor:IdleTimeout", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_cap_is_a_typed_failure(bool announced)
    {
        byte[] big = new byte[10_000];
        HttpContent content = announced ? new ByteArrayContent(big) : new StreamContent(new MemoryStream(big));
        if (!announced)
        {
            content.Headers.ContentLength = null;
        }

        var handler = FuncHandler.Ok(content);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));
        using var call = await Pipelines.Over(handler, Pipelines.Settings(maxResponse: 4096)).SendAsync(request, "GetOrder", OutboundMode.Buffered, default);

        var ex = await Assert.ThrowsAsync<TestOutboundException>(call.ReadBodyAsync);

        Assert.Equal(OutboundFailureKind.ResponseTooLarge, ex.Failure.Kind);
        Assert.Contains("4096", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_at_the_cap_is_read_whole()
    {
        byte[] exact = Encoding.UTF8.GetBytes(new string('x', 4096));
        var handler = FuncHandler.Ok(new StreamContent(new MemoryStream(exact)));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));
        using var call = await Pipelines.Over(handler, Pipelines.Settings(maxResponse: 4096)).SendAsync(request, "GetOrder", OutboundMode.Buffered, default);

        using var body = await call.ReadBodyAsync();

        Assert.Equal(exact, body.Span.ToArray());
    }

    [Fact]
    public async Task An_error_body_is_captured_up_to_its_cap_and_marked_truncated()
    {
        var handler = new FuncHandler((r, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.BadRequest) { RequestMessage = r, Content = new ByteArrayContent(new byte[100_000]) }));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));
        using var call = await Pipelines.Over(handler).SendAsync(request, "GetOrder", OutboundMode.Buffered, default);

        using var body = await call.ReadErrorBodyAsync(1024);

        Assert.Equal(1024, body.Length);
        Assert.True(body.Truncated);
    }

    [Fact]
    public async Task The_callers_cancellation_surfaces_as_OperationCanceledException_with_the_callers_token()
    {
        var handler = new FuncHandler(async (r, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Pipelines.Over(handler).SendAsync(request, "GetOrder", OutboundMode.Buffered, cts.Token));

        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task A_refused_connection_is_ConnectionFailed_and_a_broken_one_ConnectionBroken()
    {
        var refused = new FuncHandler((_, _) => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused"));
        var broken = new FuncHandler((_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "ended"));
        using var first = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/")) { Content = new StringContent("{}") };
        using var second = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/")) { Content = new StringContent("{}") };

        var a = await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(refused).SendAsync(first, "CreateOrder", OutboundMode.Buffered, default));
        var b = await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(broken).SendAsync(second, "CreateOrder", OutboundMode.Buffered, default));

        Assert.Equal((OutboundFailureKind.ConnectionFailed, false), (a.Failure.Kind, a.Failure.MayHaveBeenApplied));
        Assert.Contains("was not applied", a.Message, StringComparison.Ordinal);
        Assert.Equal((OutboundFailureKind.ConnectionBroken, true), (b.Failure.Kind, b.Failure.MayHaveBeenApplied));
        Assert.Contains("may have been applied", b.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_upload_restarts_the_idle_timer_on_every_write_and_is_marked_for_the_resilience_timeouts()
    {
        var time = new FakeTimeProvider();
        OutboundCall? seen = null;
        var handler = new FuncHandler(async (r, ct) =>
        {
            seen = OutboundCall.From(r);
            var sink = new MemoryStream();
            await r.Content!.CopyToAsync(sink, ct);
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = r, Content = new StringContent(sink.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/1/documents")) { Content = new SlowContent(chunks: 8, pause: TimeSpan.FromMilliseconds(299), time) };

        using var call = await Pipelines.Over(handler, Pipelines.Settings(idle: TimeSpan.FromMilliseconds(300)), time).SendAsync(request, "AddDocument", OutboundMode.Streamed, default);
        using var body = await call.ReadBodyAsync();

        Assert.Equal("8000", Encoding.UTF8.GetString(body.Span)); // 2.4 s of upload, never 300 ms without a byte
        Assert.True(seen!.IsUpload);
    }

    [Fact]
    public async Task A_streamed_upload_that_pauses_for_the_idle_timeout_is_an_IdleTimeout_that_may_have_been_applied()
    {
        var time = new FakeTimeProvider();
        var handler = new FuncHandler(async (r, ct) =>
        {
            await r.Content!.CopyToAsync(new MemoryStream(), ct);
            return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = r };
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/1/documents")) { Content = new SlowContent(chunks: 3, pause: TimeSpan.FromMilliseconds(300), time) };

        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(handler, Pipelines.Settings(idle: TimeSpan.FromMilliseconds(300)), time).SendAsync(request, "AddDocument", OutboundMode.Streamed, default));

        Assert.Equal(OutboundFailureKind.IdleTimeout, ex.Failure.Kind);
        Assert.True(ex.Failure.MayHaveBeenApplied);
    }

    private sealed class SlowContent(int chunks, TimeSpan pause, FakeTimeProvider time) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            for (int i = 0; i < chunks; i++)
            {
                await stream.WriteAsync(new byte[1000], cancellationToken);
                time.Advance(pause);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
