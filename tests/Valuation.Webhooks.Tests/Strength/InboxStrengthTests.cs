using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Valuation.Webhooks.Inbox;

namespace Valuation.Webhooks.Tests.Strength;

/// <summary>
/// The in-memory inbox's contract (order, leases, retries, dead letters, statistics), and what the worker does
/// with each outcome of a stored message.
/// </summary>
public class InboxStrengthTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    // ---- InMemoryWebhookInbox ----

    [Fact]
    public async Task Messages_are_received_in_the_order_stored_at_most_maxCount_at_a_time_each_under_its_own_lease()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox("test", time);
        var enqueuedAt = time.GetUtcNow();
        string a = await inbox.EnqueueAsync("k:a", "A"u8.ToArray());
        string b = await inbox.EnqueueAsync("k:b", "B"u8.ToArray());
        string c = await inbox.EnqueueAsync("k:c", "C"u8.ToArray());

        var first = await inbox.ReceiveAsync("worker-1", 2, Lease);
        var second = await inbox.ReceiveAsync("worker-2", 2, Lease);
        var third = await inbox.ReceiveAsync("worker-2", 2, Lease);

        Assert.Equal(["1", "2", "3"], [a, b, c]);
        Assert.Equal(["k:a", "k:b"], first.Select(d => d.DeduplicationKey));
        Assert.Equal("C", System.Text.Encoding.UTF8.GetString(Assert.Single(second).Body.Span));
        Assert.Empty(third);
        Assert.All(first, d => Assert.Equal("worker-1", d.Consumer));
        Assert.All(first.Concat(second), d => Assert.Equal(0, d.Attempts));
        Assert.All(first.Concat(second), d => Assert.Equal(enqueuedAt, d.EnqueuedAt));
        Assert.Equal(3, first.Concat(second).Select(d => d.LeaseToken).Distinct().Count());
        Assert.Equal("InMemoryWebhookInbox(test)", inbox.ToString());
    }

    [Fact]
    public async Task Receiving_fewer_than_one_message_or_without_a_name_is_refused()
    {
        var inbox = new InMemoryWebhookInbox("test");
        await inbox.EnqueueAsync("k:a", "A"u8.ToArray());

        Assert.Throws<ArgumentException>(() => new InMemoryWebhookInbox(""));
        await Assert.ThrowsAsync<ArgumentException>(() => inbox.EnqueueAsync("", "A"u8.ToArray()).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => inbox.ReceiveAsync("", 1, Lease).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => inbox.ReceiveAsync("w", 0, Lease).AsTask());
        Assert.Equal(1, (await inbox.GetStatisticsAsync()).Ready); // nothing taken, nothing stored by the refusals
        Assert.Single(await inbox.ReceiveAsync("w", 1, Lease));
    }

    [Fact]
    public async Task A_lease_that_passed_makes_the_message_the_next_taken_counted_as_an_attempt_and_not_a_moment_sooner()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox("test", time);
        await inbox.EnqueueAsync("k:a", "A"u8.ToArray());
        var held = Assert.Single(await inbox.ReceiveAsync("dying", 1, Lease));
        await inbox.EnqueueAsync("k:b", "B"u8.ToArray());

        time.Advance(Lease - TimeSpan.FromTicks(1));
        var beforeExpiry = await inbox.ReceiveAsync("other", 1, Lease);
        time.Advance(TimeSpan.FromTicks(1));
        var atExpiry = await inbox.ReceiveAsync("other", 1, Lease);

        Assert.Equal("k:b", Assert.Single(beforeExpiry).DeduplicationKey);
        var again = Assert.Single(atExpiry);
        Assert.Equal(held.Id, again.Id);
        Assert.Equal(1, again.Attempts);
        Assert.NotEqual(held.LeaseToken, again.LeaseToken);
        Assert.False(await inbox.RenewAsync(held, Lease)); // the old holder no longer holds it
        Assert.False(await inbox.RetryAsync(held, time.GetUtcNow(), true, "late"));
        Assert.False(await inbox.DeadLetterAsync(held, "late"));
    }

    [Fact]
    public async Task A_renewed_lease_runs_from_the_renewal()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox("test", time);
        await inbox.EnqueueAsync("k:a", "A"u8.ToArray());
        var held = Assert.Single(await inbox.ReceiveAsync("w", 1, Lease));

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await inbox.RenewAsync(held, Lease));
        time.Advance(TimeSpan.FromSeconds(20)); // 40 s after the receive, 20 s after the renewal
        var notYet = await inbox.ReceiveAsync("other", 1, Lease);
        time.Advance(TimeSpan.FromSeconds(10));
        var expired = await inbox.ReceiveAsync("other", 1, Lease);

        Assert.Empty(notYet);
        Assert.Equal(held.Id, Assert.Single(expired).Id);
    }

    [Fact]
    public async Task Completing_removes_every_copy_of_the_message_wherever_a_takeover_put_it()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox("test", time);
        await inbox.EnqueueAsync("k:a", "A"u8.ToArray());
        await inbox.EnqueueAsync("k:b", "B"u8.ToArray());
        await inbox.EnqueueAsync("k:c", "C"u8.ToArray());
        var slow = await inbox.ReceiveAsync("slow", 3, Lease);
        time.Advance(Lease);

        // The three leases passed: another worker takes two of them (one it schedules for a retry); one stays ready.
        var other = (await inbox.ReceiveAsync("other", 2, Lease)).ToList();
        Assert.True(await inbox.RetryAsync(other[1], time.GetUtcNow() + TimeSpan.FromMinutes(5), true, "busy"));
        Assert.Equal(new WebhookInboxStatistics(1, 1, 1, 0, time.GetUtcNow() - Lease), await inbox.GetStatisticsAsync());

        // The slow worker finishes all three after all: processed is processed, whoever holds them now.
        foreach (var delivery in slow)
        {
            await inbox.CompleteAsync(delivery);
        }

        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Empty(await inbox.ReceiveAsync("other", 10, Lease));
        Assert.Equal(new WebhookInboxStatistics(0, 0, 0, 0, null), await inbox.GetStatisticsAsync());
    }

    [Fact]
    public async Task A_retry_waits_until_its_time_counts_an_attempt_only_when_asked_and_comes_back_in_due_order()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox("test", time);
        await inbox.EnqueueAsync("k:a", "A"u8.ToArray());
        await inbox.EnqueueAsync("k:b", "B"u8.ToArray());
        var taken = (await inbox.ReceiveAsync("w", 2, Lease)).ToList();
        var now = time.GetUtcNow();
        Assert.True(await inbox.RetryAsync(taken[0], now + TimeSpan.FromSeconds(20), countAsAttempt: true, "failed"));
        Assert.True(await inbox.RetryAsync(taken[1], now + TimeSpan.FromSeconds(10), countAsAttempt: false, "in progress"));

        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        var early = await inbox.ReceiveAsync("w", 2, Lease);
        time.Advance(TimeSpan.FromSeconds(10) + TimeSpan.FromTicks(1));
        var due = (await inbox.ReceiveAsync("w", 2, Lease)).ToList();

        Assert.Empty(early);
        Assert.Equal(["k:b", "k:a"], due.Select(d => d.DeduplicationKey)); // the earlier due first
        Assert.Equal(0, due[0].Attempts);
        Assert.Equal(1, due[1].Attempts);
    }

    [Fact]
    public async Task A_dead_letter_keeps_the_message_until_it_is_replayed_with_fresh_attempts_or_deleted()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox("test", time);
        var enqueuedAt = time.GetUtcNow();
        await inbox.EnqueueAsync("k:a", "AAAA"u8.ToArray());
        await inbox.EnqueueAsync("k:b", "BB"u8.ToArray());
        var taken = (await inbox.ReceiveAsync("w", 2, Lease)).ToList();
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await inbox.DeadLetterAsync(taken[1], "second failed"));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await inbox.DeadLetterAsync(taken[0], "first failed"));

        var dead = await inbox.ListDeadLettersAsync();
        var firstOnly = await inbox.ListDeadLettersAsync(maxCount: 1);
        var stats = await inbox.GetStatisticsAsync();

        Assert.Equal([new DeadLetter(taken[1].Id, "k:b", 1, enqueuedAt, enqueuedAt.AddSeconds(1), "second failed", 2), new DeadLetter(taken[0].Id, "k:a", 1, enqueuedAt, enqueuedAt.AddSeconds(2), "first failed", 4)], dead);
        Assert.Equal("k:b", Assert.Single(firstOnly).DeduplicationKey);
        Assert.Equal(new WebhookInboxStatistics(0, 0, 0, 2, null), stats); // a dead letter is not waiting
        Assert.Equal("AAAA", System.Text.Encoding.UTF8.GetString((await inbox.GetDeadLetterBodyAsync(taken[0].Id))!.Value.Span));
        Assert.Null(await inbox.GetDeadLetterBodyAsync("999"));

        Assert.True(await inbox.ReplayDeadLetterAsync(taken[0].Id));
        Assert.False(await inbox.ReplayDeadLetterAsync(taken[0].Id));
        Assert.True(await inbox.DeleteDeadLetterAsync(taken[1].Id));
        Assert.False(await inbox.DeleteDeadLetterAsync(taken[1].Id));
        var replayed = Assert.Single(await inbox.ReceiveAsync("w", 5, Lease));
        Assert.Equal("k:a", replayed.DeduplicationKey);
        Assert.Equal(0, replayed.Attempts);
        Assert.Empty(await inbox.ListDeadLettersAsync());
    }

    [Fact]
    public async Task Statistics_count_each_state_and_the_oldest_waiting_message()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox("test", time);
        var t0 = time.GetUtcNow();
        await inbox.EnqueueAsync("k:a", "A"u8.ToArray());
        time.Advance(TimeSpan.FromSeconds(1));
        await inbox.EnqueueAsync("k:b", "B"u8.ToArray());
        time.Advance(TimeSpan.FromSeconds(1));
        await inbox.EnqueueAsync("k:c", "C"u8.ToArray());
        await inbox.EnqueueAsync("k:d", "D"u8.ToArray());
        var taken = (await inbox.ReceiveAsync("w", 3, Lease)).ToList();
        await inbox.RetryAsync(taken[1], time.GetUtcNow() + TimeSpan.FromMinutes(1), true, "x");
        await inbox.DeadLetterAsync(taken[2], "x");

        var stats = await inbox.GetStatisticsAsync();

        Assert.Equal(new WebhookInboxStatistics(Ready: 1, InFlight: 1, Scheduled: 1, DeadLettered: 1, OldestEnqueuedAt: t0), stats);
    }

    [Fact]
    public async Task A_message_waiting_for_its_retry_counts_as_the_oldest_not_yet_completed()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox("test", time);
        var t0 = time.GetUtcNow();
        await inbox.EnqueueAsync("k:a", "A"u8.ToArray());
        var taken = Assert.Single(await inbox.ReceiveAsync("w", 1, Lease));
        await inbox.RetryAsync(taken, t0 + TimeSpan.FromMinutes(5), true, "x");
        time.Advance(TimeSpan.FromSeconds(1));
        await inbox.EnqueueAsync("k:b", "B"u8.ToArray());

        var stats = await inbox.GetStatisticsAsync();

        Assert.Equal(new WebhookInboxStatistics(Ready: 1, InFlight: 0, Scheduled: 1, DeadLettered: 0, OldestEnqueuedAt: t0), stats);
    }

    [Fact]
    public async Task A_cancelled_enqueue_stores_nothing()
    {
        var inbox = new InMemoryWebhookInbox("test");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inbox.EnqueueAsync("k:a", "A"u8.ToArray(), new CancellationToken(true)).AsTask());

        Assert.Equal(0, (await inbox.GetStatisticsAsync()).Ready);
    }

    // ---- WebhookInboxWorker: what each outcome does ----

    [Theory]
    [InlineData(WebhookOutcome.Processed)]
    [InlineData(WebhookOutcome.Unknown)]
    [InlineData(WebhookOutcome.Duplicate)]
    public async Task A_settled_outcome_completes_the_message(WebhookOutcome outcome)
    {
        var (inbox, worker, _, _, _) = Setup(outcome);

        Assert.Equal(1, await worker.ProcessAvailableAsync());

        Assert.Equal(new WebhookInboxStatistics(0, 0, 0, 0, null), await inbox.GetStatisticsAsync());
    }

    [Fact]
    public async Task A_stored_message_that_no_longer_parses_is_dead_lettered_at_once_with_the_reason()
    {
        var (inbox, worker, _, logger, _) = Setup(WebhookOutcome.Malformed);

        await worker.ProcessAvailableAsync();

        var dead = Assert.Single(await inbox.ListDeadLettersAsync());
        Assert.Equal("scripted Malformed", dead.Reason);
        Assert.Equal(1, dead.Attempts);
        var line = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "WebhookInboxDeadLettered");
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Equal("1", line.GetStructuredStateValue("Attempts"));
    }

    [Fact]
    public async Task A_message_in_progress_elsewhere_is_looked_at_again_after_a_claim_lease_without_counting_a_failure()
    {
        var (inbox, worker, time, _, processor) = Setup(WebhookOutcome.InProgress, maxAttempts: 1);

        await worker.ProcessAvailableAsync();
        time.Advance(processor.Options.ClaimLease - TimeSpan.FromTicks(1));
        var early = await inbox.ReceiveAsync("peek", 1, Lease);
        time.Advance(TimeSpan.FromTicks(1));
        var due = await inbox.ReceiveAsync("peek", 1, Lease);

        Assert.Empty(early);
        Assert.Equal(0, Assert.Single(due).Attempts); // and with MaxAttempts 1 it was not dead-lettered
        Assert.Empty(await inbox.ListDeadLettersAsync());
    }

    [Theory]
    [InlineData(WebhookOutcome.HandlerFailed)]
    [InlineData(WebhookOutcome.TimedOut)]
    [InlineData(WebhookOutcome.StoreUnavailable)]
    public async Task A_failure_is_retried_after_the_back_off_and_dead_lettered_at_the_last_attempt(WebhookOutcome outcome)
    {
        var (inbox, worker, time, logger, processor) = Setup(outcome, maxAttempts: 2, retryDelay: TimeSpan.FromSeconds(10));

        await worker.ProcessAvailableAsync();
        var afterFirst = await inbox.GetStatisticsAsync();
        time.Advance(TimeSpan.FromSeconds(7)); // the back-off is 10 s with ±20% jitter: at least 8 s
        Assert.Equal(0, await worker.ProcessAvailableAsync());
        time.Advance(TimeSpan.FromSeconds(5)); // at most 12 s
        Assert.Equal(1, await worker.ProcessAvailableAsync());

        Assert.Equal(1, afterFirst.Scheduled);
        Assert.Equal(2, processor.Seen.Count);
        Assert.Equal([0, 1], processor.Seen.Select(d => d.Attempts));
        var dead = Assert.Single(await inbox.ListDeadLettersAsync());
        Assert.Equal(2, dead.Attempts);
        Assert.Equal("scripted " + outcome, dead.Reason);
        var retry = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "WebhookInboxRetryScheduled");
        Assert.Equal(LogLevel.Warning, retry.Level);
        Assert.Equal("1", retry.GetStructuredStateValue("Attempt"));
        Assert.Equal("2", Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "WebhookInboxDeadLettered").GetStructuredStateValue("Attempts"));
    }

    [Fact]
    public async Task A_message_already_taken_MaxAttempts_times_by_workers_that_died_is_dead_lettered_without_running()
    {
        var (inbox, worker, time, _, processor) = Setup(WebhookOutcome.Processed, maxAttempts: 2, enqueue: false);
        await inbox.EnqueueAsync("k:abandoned", "{}"u8.ToArray());
        for (int i = 0; i < 2; i++)
        {
            Assert.Single(await inbox.ReceiveAsync("dying-" + i, 1, Lease));
            time.Advance(Lease);
        }

        await worker.ProcessAvailableAsync();

        Assert.Empty(processor.Seen);
        var dead = Assert.Single(await inbox.ListDeadLettersAsync());
        Assert.Equal("k:abandoned", dead.DeduplicationKey);
        Assert.Equal(3, dead.Attempts);
        Assert.Equal("2 earlier deliveries failed or were abandoned (a worker died or lost its lease).", dead.Reason);
    }

    [Fact]
    public async Task A_message_taken_once_fewer_than_MaxAttempts_still_runs()
    {
        var (inbox, worker, time, _, processor) = Setup(WebhookOutcome.Processed, maxAttempts: 2, enqueue: false);
        await inbox.EnqueueAsync("k:once", "{}"u8.ToArray());
        Assert.Single(await inbox.ReceiveAsync("dying", 1, Lease));
        time.Advance(Lease);

        await worker.ProcessAvailableAsync();

        Assert.Equal(1, Assert.Single(processor.Seen).Attempts);
        Assert.Empty(await inbox.ListDeadLettersAsync());
    }

    [Fact]
    public async Task The_worker_runs_each_message_with_its_attempt_timeout_in_a_scope_of_its_own_disposed_afterwards()
    {
        var services = new ServiceCollection().AddScoped<ScopeProbe>().BuildServiceProvider();
        var (inbox, _, time, _, processor) = Setup(WebhookOutcome.Processed, enqueue: false);
        var worker = new WebhookInboxWorker(processor, inbox, Options(), services.GetRequiredService<IServiceScopeFactory>(), time);
        await inbox.EnqueueAsync("k:1", "{}"u8.ToArray());
        await inbox.EnqueueAsync("k:2", "{}"u8.ToArray());

        await worker.ProcessAvailableAsync();

        Assert.Equal(2, processor.Services.Count);
        var probes = processor.Probes.Select(p => p!).ToList();
        Assert.Equal(2, probes.Count);
        Assert.NotSame(probes[0], probes[1]);
        Assert.All(probes, p => Assert.True(p.Disposed));
        Assert.All(processor.Timeouts, t => Assert.Equal(TimeSpan.FromSeconds(42), t));
    }

    [Fact]
    public async Task Without_scopes_the_worker_passes_no_services()
    {
        var (_, worker, _, _, processor) = Setup(WebhookOutcome.Processed);

        await worker.ProcessAvailableAsync();

        Assert.Null(Assert.Single(processor.Services));
    }

    [Fact]
    public async Task ProcessAvailable_takes_MaxConcurrency_at_a_time_until_nothing_is_ready()
    {
        var (inbox, _, time, _, processor) = Setup(WebhookOutcome.Processed, enqueue: false);
        var options = Options();
        options.MaxConcurrency = 2;
        var worker = new WebhookInboxWorker(processor, inbox, options, timeProvider: time);
        for (int i = 0; i < 5; i++)
        {
            await inbox.EnqueueAsync("k:" + i, "{}"u8.ToArray());
        }

        int processed = await worker.ProcessAvailableAsync();

        Assert.Equal(5, processed);
        Assert.Equal(2, processor.MaxRunning);
        Assert.Equal(0, (await inbox.GetStatisticsAsync()).Ready);
    }

    [Fact]
    public async Task The_lease_is_renewed_while_a_message_runs()
    {
        var time = new FakeTimeProvider();
        var inbox = new ScriptedInbox(new InMemoryWebhookInbox("test", time));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new ScriptedProcessor(WebhookOutcome.Processed) { Block = release.Task };
        var worker = new WebhookInboxWorker(processor, inbox, Options(), timeProvider: time);
        await inbox.EnqueueAsync("k:slow", "{}"u8.ToArray());

        var run = worker.ProcessAvailableAsync();
        await processor.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(Lease / 3);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref inbox.Renewals) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(5);
        }

        release.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, Volatile.Read(ref inbox.Renewals));
        Assert.Equal(new WebhookInboxStatistics(0, 0, 0, 0, null), await inbox.GetStatisticsAsync());
    }

    [Fact]
    public async Task An_inbox_that_fails_while_settling_leaves_the_message_leased_and_the_worker_goes_on()
    {
        var time = new FakeTimeProvider();
        var inner = new InMemoryWebhookInbox("test", time);
        var inbox = new ScriptedInbox(inner) { FailComplete = true };
        var logger = new FakeLogger<WebhookInboxWorker>();
        var processor = new ScriptedProcessor(WebhookOutcome.Processed);
        var worker = new WebhookInboxWorker(processor, inbox, Options(), timeProvider: time, logger: logger);
        await inbox.EnqueueAsync("k:1", "{}"u8.ToArray());

        Assert.Equal(1, await worker.ProcessAvailableAsync());

        Assert.Equal(1, (await inbox.GetStatisticsAsync()).InFlight);
        var failed = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "WebhookInboxFailed");
        Assert.Equal(LogLevel.Error, failed.Level);
        Assert.Equal("settling message 1", failed.GetStructuredStateValue("Operation"));
    }

    [Fact]
    public async Task A_retry_or_dead_letter_refused_because_the_lease_was_lost_is_logged_as_such()
    {
        var time = new FakeTimeProvider();
        var inbox = new ScriptedInbox(new InMemoryWebhookInbox("test", time)) { LoseLease = true };
        var logger = new FakeLogger<WebhookInboxWorker>();
        var failing = new WebhookInboxWorker(new ScriptedProcessor(WebhookOutcome.HandlerFailed), inbox, Options(), timeProvider: time, logger: logger);
        await inbox.EnqueueAsync("k:1", "{}"u8.ToArray());
        await failing.ProcessAvailableAsync();
        var malformed = new WebhookInboxWorker(new ScriptedProcessor(WebhookOutcome.Malformed), inbox, Options(), timeProvider: time, logger: logger);
        time.Advance(Lease);
        await malformed.ProcessAvailableAsync();

        var records = logger.Collector.GetSnapshot();
        Assert.Equal(2, records.Count(r => r.Id.Name == "WebhookInboxLeaseLost"));
        Assert.DoesNotContain(records, r => r.Id.Name is "WebhookInboxRetryScheduled" or "WebhookInboxDeadLettered");
    }

    [Fact]
    public async Task The_hosted_worker_polls_processes_what_arrives_and_stops_cleanly()
    {
        var time = new FakeTimeProvider();
        var inbox = new ScriptedInbox(new InMemoryWebhookInbox("test", time)) { FailReceives = 1 };
        var processor = new ScriptedProcessor(WebhookOutcome.Processed);
        var logger = new FakeLogger<WebhookInboxWorker>();
        var options = Options();
        options.MaxConcurrency = 1;
        using var worker = new WebhookInboxWorker(processor, inbox, options, timeProvider: time, logger: logger);

        await worker.StartAsync(CancellationToken.None);
        await Poll.Until(() => Volatile.Read(ref inbox.Receives) >= 1); // the first receive failed: the worker waits a poll interval
        for (int i = 0; i < 3; i++)
        {
            await inbox.EnqueueAsync("k:" + i, "{}"u8.ToArray()); // one slot: each needs the slot the one before gave back
        }

        for (int i = 0; i < 200 && processor.Seen.Count < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        await worker.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, processor.Seen.Count);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Name == "WebhookInboxFailed");
        Assert.Equal(new WebhookInboxStatistics(0, 0, 0, 0, null), await inbox.GetStatisticsAsync());
    }

    [Fact]
    public async Task Disposing_a_running_worker_stops_its_loop()
    {
        var time = new FakeTimeProvider();
        var worker = new WebhookInboxWorker(new ScriptedProcessor(WebhookOutcome.Processed), new InMemoryWebhookInbox("test", time), Options(), timeProvider: time);
        await worker.StartAsync(CancellationToken.None);

        worker.Dispose();

        // Stopped, whether its loop had begun (it returns) or not yet (its task is cancelled); not still polling.
        var loop = worker.ExecuteTask!;
        await Task.WhenAny(loop, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.True(loop.IsCompleted);
        Assert.False(loop.IsFaulted);
    }

    // ---- helpers ----

    private static WebhookInboxOptions Options(int maxAttempts = 8, TimeSpan? retryDelay = null) => new()
    {
        ConsumerName = "worker-under-test",
        Lease = Lease,
        AttemptTimeout = TimeSpan.FromSeconds(42),
        MaxAttempts = maxAttempts,
        RetryDelay = retryDelay ?? TimeSpan.FromSeconds(5),
        MaxRetryDelay = TimeSpan.FromMinutes(10),
        PollInterval = TimeSpan.FromSeconds(1),
    };

    private static (InMemoryWebhookInbox Inbox, WebhookInboxWorker Worker, FakeTimeProvider Time, FakeLogger<WebhookInboxWorker> Logger, ScriptedProcessor Processor) Setup(
        WebhookOutcome outcome, int maxAttempts = 8, TimeSpan? retryDelay = null, bool enqueue = true)
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox("test", time);
        var logger = new FakeLogger<WebhookInboxWorker>();
        var processor = new ScriptedProcessor(outcome);
        var worker = new WebhookInboxWorker(processor, inbox, Options(maxAttempts, retryDelay), timeProvider: time, logger: logger);
        if (enqueue)
        {
            inbox.EnqueueAsync("k:1", "{}"u8.ToArray()).AsTask().GetAwaiter().GetResult();
        }

        return (inbox, worker, time, logger, processor);
    }

    private sealed class ScopeProbe : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    /// <summary>A receiver whose every delivery ends with one scripted outcome.</summary>
    private sealed class ScriptedProcessor(WebhookOutcome outcome) : IWebhookProcessor
    {
        private int _running;

        public string Name => "scripted";

        public WebhookReceiverOptions Options { get; } = new TestOptions();

        public IWebhookInbox? Inbox => null;

        public List<InboxDelivery> Seen { get; } = [];

        public List<IServiceProvider?> Services { get; } = [];

        public List<ScopeProbe?> Probes { get; } = [];

        public List<TimeSpan> Timeouts { get; } = [];

        public int MaxRunning { get; private set; }

        public Task? Block { get; init; }

        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<WebhookResult> ProcessAsync(WebhookRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public async Task<WebhookResult> ProcessInboxDeliveryAsync(InboxDelivery delivery, IServiceProvider? services, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            lock (Seen)
            {
                Seen.Add(delivery);
                Services.Add(services);
                Probes.Add(services?.GetService<ScopeProbe>());
                Timeouts.Add(timeout);
                MaxRunning = Math.Max(MaxRunning, ++_running);
            }

            Started.TrySetResult();
            await Task.Yield();
            if (Block is { } block)
            {
                await block;
            }

            lock (Seen)
            {
                _running--;
            }

            return new WebhookResult(outcome, "scripted " + outcome, delivery.DeduplicationKey);
        }
    }
}
