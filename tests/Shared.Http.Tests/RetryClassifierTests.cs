using System.Net;
using System.Net.Sockets;
using Valuation.Http;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace Valuation.Http.Tests;

public class RetryClassifierTests
{
    public static TheoryData<string, Exception?, bool> Cases => new()
    {
        { "connection error", new HttpRequestException(HttpRequestError.ConnectionError, "refused"), true },
        { "name resolution", new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), true },
        { "direct refused socket", new HttpRequestException(HttpRequestError.Unknown, "x", new SocketException((int)SocketError.ConnectionRefused)), true },
        { "direct unknown host socket", new HttpRequestException(HttpRequestError.Unknown, "x", new SocketException((int)SocketError.HostNotFound)), true },
        { "host unreachable on an established connection", new HttpRequestException(HttpRequestError.Unknown, "x", new IOException("send failed", new SocketException((int)SocketError.HostUnreachable))), false },
        { "network unreachable mid-response", new HttpRequestException(HttpRequestError.ResponseEnded, "x", new IOException("read failed", new SocketException((int)SocketError.NetworkUnreachable))), false },
        { "refused socket below an IOException", new HttpRequestException(HttpRequestError.Unknown, "x", new IOException("y", new SocketException((int)SocketError.ConnectionRefused))), false },
        { "direct host unreachable socket", new HttpRequestException(HttpRequestError.Unknown, "x", new SocketException((int)SocketError.HostUnreachable)), false },
        { "socket error not wrapped in HttpRequestException", new IOException("y", new SocketException((int)SocketError.ConnectionRefused)), false },
        { "connection error nested inside another exception", new InvalidOperationException("z", new HttpRequestException(HttpRequestError.ConnectionError, "refused")), false },
        { "reset", new HttpRequestException(HttpRequestError.ResponseEnded, "x", new IOException("reset", new SocketException((int)SocketError.ConnectionReset))), false },
        { "no exception", null, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_the_outermost_connection_failure_proves_nothing_was_sent(string because, Exception? exception, bool expected)
    {
        Assert.True(expected == RetryClassifier.ProvesNothingWasSent(exception), because);
    }

    [Fact]
    public async Task A_request_the_pipeline_cannot_identify_is_never_retried_even_if_the_user_predicate_would()
    {
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            var args = new RetryPredicateArguments<HttpResponseMessage>(context, Outcome.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)), 0);
            var connectionError = new RetryPredicateArguments<HttpResponseMessage>(context, Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "refused")), 0);

            Assert.False(await RetryClassifier.ShouldRetry(args, _ => ValueTask.FromResult(true)));
            Assert.False(await RetryClassifier.ShouldRetry(connectionError, _ => ValueTask.FromResult(true)));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [Fact]
    public async Task A_GET_follows_the_safe_method_predicate_and_a_POST_does_not()
    {
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, "https://hc.test/partner-api/v1/orders/1/");
            context.SetRequestMessage(get);
            var outcome = Outcome.FromResult(new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
            Assert.True(await RetryClassifier.ShouldRetry(new RetryPredicateArguments<HttpResponseMessage>(context, outcome, 0), _ => ValueTask.FromResult(true)));

            using var post = new HttpRequestMessage(HttpMethod.Post, "https://hc.test/partner-api/v1/orders/");
            context.SetRequestMessage(post);
            Assert.False(await RetryClassifier.ShouldRetry(new RetryPredicateArguments<HttpResponseMessage>(context, outcome, 0), _ => ValueTask.FromResult(true)));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3600, false)]
    public async Task A_Retry_After_that_would_outlast_the_call_is_not_waited_for(int seconds, bool retried)
    {
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, "https://api.test/v1/orders/1/");
            using var call = new OutboundCall(Pipelines.Settings(total: TimeSpan.FromSeconds(60)), get, "GetOrder", OutboundMode.Buffered, f => new TestOutboundException(f), TimeProvider.System, default);
            get.Options.Set(OutboundCall.Key, call);
            context.SetRequestMessage(get);
            var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));

            bool retry = await RetryClassifier.ShouldRetry(new RetryPredicateArguments<HttpResponseMessage>(context, Outcome.FromResult(response), 0), _ => ValueTask.FromResult(true));

            Assert.Equal(retried, retry);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
