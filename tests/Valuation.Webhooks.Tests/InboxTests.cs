using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Valuation.Webhooks.Tests;

/// <summary>Accept, then process: the endpoint answers 200 once the message is stored; the worker retries, backs off and dead-letters.</summary>
public sealed class InboxTests
{
    private static WebhookInboxOptions Worker() => new() { ConsumerName = "w1", MaxAttempts = 3, RetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromMinutes(1), Lease = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task A_verified_message_is_stored_and_answered_200_before_the_handler_runs_then_the_worker_processes_it_once()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox("test", time);
        var handled = new List<string>();
        var processor = new TestProcessor(new TestOptions(), async (m, ct) =>
        {
            // Still running when the second copy of the batch is claimed: the two copies overlap.
            await Task.Delay(50, ct);
            lock (handled)
            {
                handled.Add(m.Id);
            }
        }, new InMemoryMessageDeduplicationStore(timeProvider: time), inbox, time);
        var worker = new WebhookInboxWorker(processor, inbox, Worker(), timeProvider: time);

        var accepted = await processor.ProcessAsync(TestProcessor.Request("m-1"));
        var again = await processor.ProcessAsync(TestProcessor.Request("m-1"));

        Assert.Equal((WebhookOutcome.Accepted, 200), (accepted.Outcome, accepted.StatusCode));
        Assert.Equal(WebhookOutcome.Accepted, again.Outcome);
        Assert.Empty(handled);
        Assert.Equal(2, (await inbox.GetStatisticsAsync()).Ready);

        Assert.Equal(2, await worker.ProcessAvailableAsync());

        // The two copies ran at once: the second found the first's claim and waits (not counted as a failure) until
        // the claim could have lapsed; then it is a duplicate, and is completed without a second run.
        Assert.Equal(["m-1"], handled);
        Assert.Equal(1, (await inbox.GetStatisticsAsync()).Scheduled);
        time.Advance(TimeSpan.FromMinutes(1.1));
        Assert.Equal(1, await worker.ProcessAvailableAsync());
        Assert.Equal(["m-1"], handled);
        var stats = await inbox.GetStatisticsAsync();
        Assert.Equal((0, 0, 0, 0), (stats.Ready, stats.InFlight, stats.Scheduled, stats.DeadLettered));
        Assert.Null(stats.OldestEnqueuedAt);
    }

    [Fact]
    public async Task A_failing_handler_is_retried_with_growing_delays_then_dead_lettered_and_can_be_replayed()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger<WebhookInboxWorker>();
        var inbox = new InMemoryWebhookInbox("test", time);
        int attempts = 0;
        bool healthy = false;
        var processor = new TestProcessor(new TestOptions(), (_, _) =>
        {
            attempts++;
            return healthy ? Task.CompletedTask : throw new IOException("downstream is down");
        }, new InMemoryMessageDeduplicationStore(timeProvider: time), inbox, time);
        var worker = new WebhookInboxWorker(processor, inbox, Worker(), timeProvider: time, logger: logger);
        await processor.ProcessAsync(TestProcessor.Request("m-2"));

        Assert.Equal(1, await worker.ProcessAvailableAsync());
        Assert.Equal(1, (await inbox.GetStatisticsAsync()).Scheduled);
        Assert.Equal(0, await worker.ProcessAvailableAsync()); // not due yet
        time.Advance(TimeSpan.FromSeconds(13));
        Assert.Equal(1, await worker.ProcessAvailableAsync());
        time.Advance(TimeSpan.FromSeconds(13));
        Assert.Equal(0, await worker.ProcessAvailableAsync()); // the second delay is twice the first
        time.Advance(TimeSpan.FromSeconds(13));
        Assert.Equal(1, await worker.ProcessAvailableAsync());

        Assert.Equal(3, attempts);
        var dead = Assert.Single(await inbox.ListDeadLettersAsync());
        Assert.Equal("test:m-2", dead.DeduplicationKey);
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("IOException", dead.Reason, StringComparison.Ordinal);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Id.Name == "WebhookInboxDeadLettered");
        Assert.Equal(2, logger.Collector.GetSnapshot().Count(r => r.Id.Name == "WebhookInboxRetryScheduled"));
        Assert.Equal(TestProcessor.Body("m-2"), (await inbox.GetDeadLetterBodyAsync(dead.Id))!.Value.ToArray());

        healthy = true;
        Assert.True(await inbox.ReplayDeadLetterAsync(dead.Id));
        Assert.Equal(1, await worker.ProcessAvailableAsync());
        Assert.Equal(4, attempts);
        Assert.Empty(await inbox.ListDeadLettersAsync());
        Assert.Equal(0, (await inbox.GetStatisticsAsync()).Ready);
    }

    [Fact]
    public async Task A_delivery_whose_worker_died_is_taken_again_after_its_lease_and_handled_once()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox("test", time);
        var store = new InMemoryMessageDeduplicationStore(timeProvider: time);
        int runs = 0;
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.FromResult(Interlocked.Increment(ref runs)), store, inbox, time);
        await processor.ProcessAsync(TestProcessor.Request("m-3"));

        // A worker takes the message and dies without a word.
        var taken = Assert.Single(await inbox.ReceiveAsync("dead-worker", 10, TimeSpan.FromSeconds(30)));
        Assert.Empty(await inbox.ReceiveAsync("w2", 10, TimeSpan.FromSeconds(30)));
        time.Advance(TimeSpan.FromSeconds(31));

        var survivor = new WebhookInboxWorker(processor, inbox, Worker(), timeProvider: time);
        Assert.Equal(1, await survivor.ProcessAvailableAsync());
        Assert.Equal(1, runs);
        Assert.False(await inbox.RetryAsync(taken, time.GetUtcNow(), countAsAttempt: true, "late"), "the dead worker's lease is gone");
        Assert.Equal(0, (await inbox.GetStatisticsAsync()).Ready);
    }

    [Fact]
    public async Task A_message_the_worker_cannot_parse_goes_straight_to_the_dead_letter_set()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox("test", time);
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, null, inbox, time);
        await inbox.EnqueueAsync("test:x", "not json"u8.ToArray());

        await new WebhookInboxWorker(processor, inbox, Worker(), timeProvider: time).ProcessAvailableAsync();

        Assert.Contains("no longer parses", Assert.Single(await inbox.ListDeadLettersAsync()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_worker_options_are_refused()
    {
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask);
        var ex = Assert.Throws<ArgumentException>(() => new WebhookInboxWorker(processor, new InMemoryWebhookInbox("t"), new WebhookInboxOptions { MaxAttempts = 0, Lease = TimeSpan.Zero }));
        Assert.Contains("MaxAttempts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Lease", ex.Message, StringComparison.Ordinal);
    }
}
