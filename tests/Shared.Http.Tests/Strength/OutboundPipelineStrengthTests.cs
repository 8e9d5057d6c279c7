using System.Net;
using Microsoft.Extensions.Time.Testing;

namespace Valuation.Http.Tests.Strength;

public class OutboundPipelineStrengthTests
{
    [Fact]
    public async Task The_handlers_see_the_call_of_an_OutboundRequest()
    {
        OutboundCall? seen = null;
        var handler = new FuncHandler((r, _) =>
        {
            seen = OutboundCall.From(r);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = r });
        });
        using var request = new OutboundRequest(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));

        using var call = await Pipelines.Over(handler).SendAsync(request, "GetOrder", OutboundMode.Buffered, default);

        Assert.Same(call, seen);
        Assert.Same(call, request.Call);
    }

    [Fact]
    public async Task A_streamed_calls_idle_timer_restarts_when_the_headers_arrive()
    {
        var time = new FakeTimeProvider();
        var body = new ScriptedStream([new byte[100]], beforeChunk: () => time.Advance(TimeSpan.FromMilliseconds(100)));
        var handler = new FuncHandler((r, _) =>
        {
            time.Advance(TimeSpan.FromMilliseconds(250)); // the headers take 250 ms of the 300 ms idle timeout
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = r, Content = OutboundCallStrengthTests.Unannounced(body) });
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("https://files.test/report.pdf"));
        using var call = await Pipelines.Over(handler, Pipelines.Settings(idle: TimeSpan.FromMilliseconds(300)), time).SendAsync(request, "Download", OutboundMode.Streamed, default);

        using var read = await call.ReadBodyAsync(); // the first byte comes 100 ms after the headers: 350 ms after the start

        Assert.Equal(100, read.Length);
    }

    [Fact]
    public async Task A_call_that_fails_leaves_no_timer_running()
    {
        var time = new FakeTimeProvider();
        CancellationToken seen = default;
        var handler = new FuncHandler((r, _) =>
        {
            seen = OutboundCall.From(r)!.Token;
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "ended");
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));

        await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(handler, Pipelines.Settings(total: TimeSpan.FromSeconds(5)), time).SendAsync(request, "GetOrder", OutboundMode.Buffered, default));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(seen.CanBeCanceled);
        Assert.False(seen.IsCancellationRequested);
    }

    [Fact]
    public async Task A_redirect_releases_its_response_and_timer()
    {
        var time = new FakeTimeProvider();
        var body = new ScriptedStream([new byte[10]]);
        CancellationToken seen = default;
        var handler = new FuncHandler((r, _) =>
        {
            seen = OutboundCall.From(r)!.Token;
            var response = new HttpResponseMessage(HttpStatusCode.Found) { RequestMessage = r, Content = OutboundCallStrengthTests.Unannounced(body) };
            response.Headers.Location = new Uri("https://elsewhere.test/");
            return Task.FromResult(response);
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));

        await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(handler, Pipelines.Settings(total: TimeSpan.FromSeconds(5)), time).SendAsync(request, "GetOrder", OutboundMode.Buffered, default));
        time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(body.Disposed);
        Assert.False(seen.IsCancellationRequested);
    }

    [Theory]
    [InlineData(300, null, "300 Multiple Choices to no Location")]
    [InlineData(302, "/v1/elsewhere/", "302 Found to host api.test (a relative Location)")]
    [InlineData(307, "https://elsewhere.test:8443/collect", "307 Temporary Redirect to host elsewhere.test:8443;")]
    public async Task A_redirect_names_its_status_and_where_it_points(int status, string? location, string expected)
    {
        var handler = new FuncHandler((r, _) =>
        {
            var response = new HttpResponseMessage((HttpStatusCode)status) { RequestMessage = r };
            if (location is not null)
            {
                response.Headers.Location = new Uri(location, UriKind.RelativeOrAbsolute);
            }

            return Task.FromResult(response);
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));

        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(handler).SendAsync(request, "GetOrder", OutboundMode.Buffered, default));

        Assert.Equal(OutboundFailureKind.Redirect, ex.Failure.Kind);
        Assert.Contains("was answered with a redirect, " + expected, ex.Message, StringComparison.Ordinal);
        Assert.False(ex.Failure.MayHaveBeenApplied);
    }

    [Theory]
    [InlineData(299)]
    [InlineData(304)]
    [InlineData(400)]
    public async Task A_status_that_is_not_a_redirect_is_returned(int status)
    {
        var handler = new FuncHandler((r, _) => Task.FromResult(new HttpResponseMessage((HttpStatusCode)status) { RequestMessage = r }));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));

        using var call = await Pipelines.Over(handler).SendAsync(request, "GetOrder", OutboundMode.Buffered, default);

        Assert.Equal(status, (int)call.Response.StatusCode);
    }

    [Fact]
    public async Task A_response_that_names_no_request_or_an_equal_URI_is_not_a_redirect()
    {
        var handler = new FuncHandler((r, _) =>
        {
            r.RequestUri = new Uri(r.RequestUri!.AbsoluteUri); // an equal URI, another instance
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = r });
        });
        var bare = new FuncHandler((_, _) => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)));
        using var first = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));
        using var second = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));

        using var a = await Pipelines.Over(handler).SendAsync(first, "GetOrder", OutboundMode.Buffered, default);
        using var b = await Pipelines.Over(bare).SendAsync(second, "GetOrder", OutboundMode.Buffered, default);

        Assert.Equal(HttpStatusCode.OK, a.Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.Response.StatusCode);
    }

    [Fact]
    public void A_refusal_before_sending_is_typed_and_never_applied()
    {
        var pipeline = Pipelines.Over(new FuncHandler((_, _) => throw new InvalidOperationException("nothing is sent")));

        var ex = Assert.IsType<TestOutboundException>(pipeline.Refuse(OutboundFailureKind.DownloadUrlRefused, "Vendor Download refused the URL."));

        Assert.Equal((OutboundFailureKind.DownloadUrlRefused, false, "Vendor Download refused the URL."), (ex.Failure.Kind, ex.Failure.MayHaveBeenApplied, ex.Message));
    }
}
