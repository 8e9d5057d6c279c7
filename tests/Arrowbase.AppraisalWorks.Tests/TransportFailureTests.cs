using System.Net;
using Arrowbase.AppraisalWorks.Postbacks;
using Arrowbase.AppraisalWorks.Tests.Support;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using RichardSzalay.MockHttp;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;

namespace Arrowbase.AppraisalWorks.Tests;

/// <summary>Failures below HTTP (Polly rejections, connection failures) become one typed exception or a 502 postback answer.</summary>
public class TransportFailureTests
{
    private const string OrdersUrl = "https://uat-api.arrowbasetech.com/RapiV1/Orders/U-1/Hold";

    public static TheoryData<Exception, string> Failures => new()
    {
        { new TimeoutRejectedException("The operation didn't complete within the allowed timeout of '00:05:00'."), "timed out" },
        { new BrokenCircuitException("The circuit is now open and is not allowing calls."), "circuit breaker is open" },
        { new IsolatedCircuitException("isolated"), "circuit breaker is open" },
        { new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:1)"), "could not connect" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Polly_rejections_and_connection_failures_become_an_AppraisalWorksException_with_the_cause(Exception failure, string expected)
    {
        var f = new ClientFixture();
        f.Mock.When(HttpMethod.Get, OrdersUrl).Throw(failure);

        var ex = await Assert.ThrowsAsync<AppraisalWorksException>(() => f.Client.FetchEventAsync(new PostbackEvent("U-1", "Hold", 0, null)));

        Assert.Same(failure, ex.InnerException);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Contains("GET https://uat-api.arrowbasetech.com/RapiV1/Orders/U-1/Hold", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.MayHaveBeenApplied);
        Assert.Equal((HttpStatusCode)0, ex.StatusCode);
    }

    [Fact]
    public async Task The_callers_own_cancellation_still_surfaces_as_OperationCanceledException()
    {
        using var hanging = new HangingHandler();
        var client = AppraisalWorksClient.Create(Keys.Options(), hanging);
        using var cts = new CancellationTokenSource();
        var call = client.FetchEventAsync(new PostbackEvent("U-1", "Hold", 0, null), cancellationToken: cts.Token);
        await hanging.Entered.Task;
        await cts.CancelAsync();

        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    [Fact]
    public async Task An_HttpClient_timeout_that_the_caller_did_not_ask_for_is_reported_as_a_timeout()
    {
        var options = Keys.Options();
        options.AttemptTimeout = TimeSpan.FromMilliseconds(50);
        options.TotalRequestTimeout = TimeSpan.FromMilliseconds(50);
        options.RetryBaseDelay = TimeSpan.Zero;
        using var hanging = new HangingHandler();
        var client = AppraisalWorksClient.Create(options, hanging);

        var ex = await Assert.ThrowsAsync<AppraisalWorksException>(() => client.FetchEventAsync(new PostbackEvent("U-1", "Hold", 0, null)));

        Assert.IsAssignableFrom<OperationCanceledException>(ex.InnerException);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task The_postback_processor_answers_502_and_releases_the_claim_when_the_fetch_is_rejected(Exception failure, string expected)
    {
        _ = expected;
        var client = Substitute.For<IAppraisalWorksClient>();
        client.FetchEventAsync(Arg.Any<PostbackEvent>(), Arg.Any<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(failure);
        var processor = new PostbackProcessor(client, Substitute.For<PostbackHandler>(), new InMemoryMessageDeduplicationStore(), new PostbackOptions());
        var request = PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Hold", 5);

        var first = await processor.ProcessAsync(request);
        var second = await processor.ProcessAsync(request);

        Assert.Equal((WebhookOutcome.HandlerFailed, 500), (first.Outcome, first.StatusCode));
        Assert.Same(failure, first.Exception);
        Assert.Equal(WebhookOutcome.HandlerFailed, second.Outcome); // released, not a duplicate
    }
}
