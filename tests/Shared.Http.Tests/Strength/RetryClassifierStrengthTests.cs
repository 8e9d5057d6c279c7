using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Retry;

namespace Valuation.Http.Tests.Strength;

public class RetryClassifierStrengthTests
{
    private static readonly Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>> Always = _ => ValueTask.FromResult(true);

    [Fact]
    public async Task A_POST_whose_connection_was_refused_is_retried()
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/"));

        bool retry = await ShouldRetry(post, Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ConnectionError, "refused")));

        Assert.True(retry);
    }

    [Fact]
    public async Task A_POST_whose_connection_broke_after_sending_is_not_retried_even_if_the_user_predicate_would()
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/"));

        bool retry = await ShouldRetry(post, Outcome.FromException<HttpResponseMessage>(new HttpRequestException(HttpRequestError.ResponseEnded, "ended")));

        Assert.False(retry);
    }

    [Fact]
    public async Task A_GET_answered_without_Retry_After_follows_the_safe_method_predicate()
    {
        var time = new FakeTimeProvider();
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));
        using var call = Attach(get, time);
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.True(await ShouldRetry(get, Outcome.FromResult(response), time));
        Assert.False(await ShouldRetry(get, Outcome.FromResult(response), time, _ => ValueTask.FromResult(false)));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3600, false)]
    public async Task A_date_valued_Retry_After_is_measured_on_the_pipelines_clock(int secondsAhead, bool retried)
    {
        // The fake clock is far from the machine's: a date an hour ahead of it lies in the machine's past.
        var time = new FakeTimeProvider(new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero));
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));
        using var call = Attach(get, time);
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(time.GetUtcNow().AddSeconds(secondsAhead));

        Assert.Equal(retried, await ShouldRetry(get, Outcome.FromResult(response), time));
    }

    [Fact]
    public async Task A_Retry_After_date_in_the_past_asks_for_no_wait_so_a_call_with_no_time_left_is_not_retried()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero));
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));
        using var call = Attach(get, time);
        using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(time.GetUtcNow().AddHours(-1));
        time.Advance(TimeSpan.FromSeconds(61)); // the call's 60 s are spent

        Assert.False(await ShouldRetry(get, Outcome.FromResult(response), time));
    }

    [Fact]
    public void A_Retry_After_date_in_the_past_is_no_wait_and_one_ahead_is_the_time_until_it()
    {
        var now = new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero);
        using var past = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        past.Headers.RetryAfter = new RetryConditionHeaderValue(now.AddMinutes(-5));
        using var ahead = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        ahead.Headers.RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(90));
        using var none = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        Assert.Equal(TimeSpan.Zero, RetryClassifier.RetryAfter(past, now));
        Assert.Equal(TimeSpan.FromSeconds(90), RetryClassifier.RetryAfter(ahead, now));
        Assert.Null(RetryClassifier.RetryAfter(none, now));
    }

    [Theory]
    [InlineData(59, true)]
    [InlineData(60, false)]
    public async Task A_Retry_After_that_ends_when_the_calls_time_is_up_is_not_waited_for(int seconds, bool retried)
    {
        var time = new FakeTimeProvider();
        using var get = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));
        using var call = Attach(get, time); // 60 s in all, none spent yet on the fake clock
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));

        Assert.Equal(retried, await ShouldRetry(get, Outcome.FromResult(response), time));
    }

    private static OutboundCall Attach(HttpRequestMessage request, TimeProvider time)
    {
        var call = new OutboundCall(Pipelines.Settings(total: TimeSpan.FromSeconds(60)), request, "GetOrder", OutboundMode.Buffered, f => new TestOutboundException(f), time, default);
        request.Options.Set(OutboundCall.Key, call);
        return call;
    }

    private static async Task<bool> ShouldRetry(HttpRequestMessage request, Outcome<HttpResponseMessage> outcome, TimeProvider? time = null, Func<RetryPredicateArguments<HttpResponseMessage>, ValueTask<bool>>? predicate = null)
    {
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            context.SetRequestMessage(request);
            return await RetryClassifier.ShouldRetry(new RetryPredicateArguments<HttpResponseMessage>(context, outcome, 0), predicate ?? Always, time);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }
}
