using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager.Callouts;
using RichardSzalay.MockHttp;
using Shared.Signing.Deduplication;

namespace Reliability.Tests;

/// <summary>
/// A shared dedupe store (Redis) can be down. Both processors then answer a 5xx result, so the sender redelivers
/// later, and never run the handler unclaimed: no exception escapes to the web stack.
/// </summary>
[Trait("Category", "Dedupe")]
public sealed class StoreOutageTests
{
    [Fact]
    public async Task A_callout_during_a_store_outage_is_a_500_result_and_the_handler_does_not_run()
    {
        var options = HostileInputTests.CalloutOptionsFor(CalloutAuthenticationScheme.Signature);
        var handler = new CountingCallouts();
        var processor = new CalloutProcessor(new CalloutVerifier(options), new CalloutParser(), new DownStore(), handler, options);
        var request = new CalloutSigner(options).CreateRequest(new OrderStatusChangeMessage { MessageType = CalloutMessageTypes.OrderStatusChange, MessageId = "m-1", OrderId = "1", NewStatus = "complete" });

        var result = await processor.ProcessAsync(request);

        Assert.Equal(CalloutOutcome.HandlerFailed, result.Outcome);
        Assert.Equal(500, result.StatusCode);
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task A_postback_during_a_store_outage_is_a_503_result_and_nothing_is_fetched()
    {
        var mock = new MockHttpMessageHandler();
        var fetch = mock.When("*").Respond("application/json", """{"isSuccess":true}""");
        var client = AppraisalWorksClient.Create(new AppraisalWorksOptions { BaseAddress = new Uri("https://aw.test/RapiV1/"), ClientId = "1", PublicKey = "p", PrivateKey = "k" }, mock);
        var processor = new PostbackProcessor(client, new DiscardingPostbackHandler(), new DownStore(), new PostbackOptions());

        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "UID-1", PostbackEventNames.Comments, 7));

        Assert.Equal(503, result.StatusCode);
        Assert.Equal(PostbackOutcome.StoreUnavailable, result.Outcome);
        Assert.Contains("dedupe store", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(fetch));
    }

    /// <summary>Fails like an unreachable Redis does.</summary>
    private sealed class DownStore : IMessageDeduplicationStore
    {
        public ValueTask<DeduplicationClaim> TryClaimAsync(string key, TimeSpan processingTimeout, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<DeduplicationClaim>(new StackExchange.Redis.RedisConnectionException(StackExchange.Redis.ConnectionFailureType.UnableToConnect, "No connection is available."));

        public ValueTask CompleteAsync(string key, TimeSpan retention, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class CountingCallouts : CalloutHandler
    {
        public int Calls { get; private set; }

        public override Task OnOrderStatusChangeAsync(OrderStatusChangeMessage message, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.CompletedTask;
        }
    }
}
