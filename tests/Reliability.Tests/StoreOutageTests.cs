using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager.Callouts;
using RichardSzalay.MockHttp;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;

namespace Reliability.Tests;

/// <summary>
/// A shared dedupe store (Redis) can be down. Both processors then answer a 5xx result, so the sender redelivers
/// later, and never run the handler unclaimed: no exception escapes to the web stack.
/// </summary>
[Trait("Category", "Dedupe")]
public sealed class StoreOutageTests
{
    [Fact]
    public async Task A_callout_during_a_store_outage_is_a_503_result_and_the_handler_does_not_run()
    {
        var options = HostileInputTests.CalloutOptionsFor(WebhookAuthenticationScheme.Signature);
        var handler = new CountingCallouts();
        var processor = new CalloutProcessor(options, handler, new DownStore());
        var request = new CalloutSigner(options).CreateRequest(new OrderStatusChangeMessage { MessageType = CalloutMessageTypes.OrderStatusChange, MessageId = "m-1", OrderId = "1", NewStatus = "complete" });

        var result = await processor.ProcessAsync(request);

        Assert.Equal(WebhookOutcome.StoreUnavailable, result.Outcome);
        Assert.Equal(503, result.StatusCode);
        Assert.DoesNotContain("No connection", result.ResponseText, StringComparison.Ordinal);
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
        Assert.Equal(WebhookOutcome.StoreUnavailable, result.Outcome);
        Assert.Contains("de-duplication store", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("No connection", result.ResponseText, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(fetch));
    }

    /// <summary>Fails like an unreachable Redis does.</summary>
    private sealed class DownStore : IMessageDeduplicationStore
    {
        public ValueTask<ClaimResult> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default) =>
            ValueTask.FromException<ClaimResult>(new StackExchange.Redis.RedisConnectionException(StackExchange.Redis.ConnectionFailureType.UnableToConnect, "No connection is available."));

        public ValueTask<bool> RenewAsync(MessageClaim claim, TimeSpan lease, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

        public ValueTask<bool> CompleteAsync(MessageClaim claim, TimeSpan retention, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

        public ValueTask<bool> ReleaseAsync(MessageClaim claim, CancellationToken cancellationToken = default) => ValueTask.FromResult(false);
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
