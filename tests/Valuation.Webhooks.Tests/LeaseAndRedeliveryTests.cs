using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Valuation.Webhooks.Tests;

/// <summary>
/// The claim's lease and the redelivery race, on a fake clock: HouseCanary redelivers no sooner than five minutes
/// after a delivery it did not get a 2xx for; a handler that is still running then must not run a second time.
/// </summary>
public sealed class LeaseAndRedeliveryTests
{
    private static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan total, TimeSpan step)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += step)
        {
            time.Advance(step);

            // Let the renewal loop's continuation run before the next tick.
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task A_handler_that_outlives_its_lease_keeps_its_renewed_claim_and_a_redelivery_meanwhile_gets_409_not_a_second_run()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryMessageDeduplicationStore(timeProvider: time);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;
        var processor = new TestProcessor(new TestOptions(), async (_, _) =>
        {
            Interlocked.Increment(ref runs);
            await release.Task;
        }, store, time: time);

        var first = processor.ProcessAsync(TestProcessor.Request("m-1"));
        await AdvanceAsync(time, TimeSpan.FromSeconds(26), TimeSpan.FromSeconds(1));
        var answered = await first;
        Assert.Equal((WebhookOutcome.TimedOut, 503), (answered.Outcome, answered.StatusCode));

        // Five minutes on: far past the one-minute lease, which the still-running handler keeps renewing.
        await AdvanceAsync(time, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));

        // Bounded: were the claim lost, the redelivery would start a second run, blocked like the first.
        var redelivery = await processor.ProcessAsync(TestProcessor.Request("m-1")).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((WebhookOutcome.InProgress, 409), (redelivery.Outcome, redelivery.StatusCode));
        Assert.False(redelivery.IsSuccess);
        Assert.Equal(1, runs);

        release.SetResult();
        await processor.WhenLateHandlersSettledAsync();
        var later = await processor.ProcessAsync(TestProcessor.Request("m-1"));
        Assert.Equal((WebhookOutcome.Duplicate, 200), (later.Outcome, later.StatusCode));
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task A_late_handler_that_fails_releases_its_claim_so_the_next_redelivery_runs_it_again()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryMessageDeduplicationStore(timeProvider: time);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;
        var processor = new TestProcessor(new TestOptions(), async (_, _) =>
        {
            if (Interlocked.Increment(ref runs) == 1)
            {
                await release.Task;
                throw new IOException("the report store went away");
            }
        }, store, time: time);

        var first = processor.ProcessAsync(TestProcessor.Request("m-2"));
        await AdvanceAsync(time, TimeSpan.FromSeconds(26), TimeSpan.FromSeconds(1));
        Assert.Equal(WebhookOutcome.TimedOut, (await first).Outcome);

        release.SetResult();
        await processor.WhenLateHandlersSettledAsync();
        var redelivery = await processor.ProcessAsync(TestProcessor.Request("m-2"));

        Assert.Equal(WebhookOutcome.Processed, redelivery.Outcome);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task A_claim_whose_lease_passed_cannot_be_renewed_completed_or_released_by_its_old_owner()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryMessageDeduplicationStore(timeProvider: time);
        var old = (await store.TryClaimAsync("k", TimeSpan.FromMinutes(1))).Claim!;

        time.Advance(TimeSpan.FromMinutes(2));
        var taken = await store.TryClaimAsync("k", TimeSpan.FromMinutes(1));
        Assert.Equal(ClaimStatus.Claimed, taken.Status);

        Assert.False(await store.RenewAsync(old, TimeSpan.FromMinutes(1)));
        Assert.False(await store.CompleteAsync(old, TimeSpan.FromHours(1)));
        Assert.False(await store.ReleaseAsync(old));
        Assert.Equal(ClaimStatus.InProgress, (await store.TryClaimAsync("k", TimeSpan.FromMinutes(1))).Status);

        Assert.True(await store.RenewAsync(taken.Claim!, TimeSpan.FromMinutes(1)));
        Assert.True(await store.CompleteAsync(taken.Claim!, TimeSpan.FromHours(1)));
        Assert.Equal(ClaimStatus.AlreadyProcessed, (await store.TryClaimAsync("k", TimeSpan.FromMinutes(1))).Status);
    }

    [Fact]
    public async Task A_claim_that_can_no_longer_be_renewed_cancels_the_handler_and_is_logged()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger();
        var store = Substitute.For<IMessageDeduplicationStore>();
#pragma warning disable CA2012 // NSubstitute configures the calls.
        store.TryClaimAsync(Arg.Any<string>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(ci => ValueTask.FromResult(ClaimResult.Claimed(MessageClaim.CreateNew(ci.ArgAt<string>(0)))));
        store.RenewAsync(Arg.Any<MessageClaim>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(ValueTask.FromResult(false));
        store.ReleaseAsync(Arg.Any<MessageClaim>(), Arg.Any<CancellationToken>()).Returns(ValueTask.FromResult(false));
#pragma warning restore CA2012
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new TestProcessor(new TestOptions(), async (_, ct) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled.TrySetResult();
                throw;
            }
        }, store, time: time, logger: logger);

        var pending = processor.ProcessAsync(TestProcessor.Request("m-3"));
        await AdvanceAsync(time, TimeSpan.FromSeconds(21), TimeSpan.FromSeconds(1));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var result = await pending;

        Assert.Equal(WebhookOutcome.HandlerFailed, result.Outcome);
        Assert.Contains("claim was lost", result.Reason, StringComparison.Ordinal);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Id.Name == "WebhookClaimLost");
    }
}
