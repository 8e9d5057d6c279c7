using Microsoft.Extensions.DependencyInjection;
using Valuation.Tests.Support;

namespace Valuation.Webhooks.Tests.Strength;

/// <summary>
/// The engine never resumes on the caller's <see cref="SynchronizationContext"/> (a host that blocks on it would
/// deadlock): each case makes a different step complete asynchronously, under a context that counts what is
/// posted to it. The handlers here await with <c>ConfigureAwait(false)</c>, so any post is the engine's.
/// </summary>
public class SynchronizationContextStrengthTests
{
    private static readonly Func<TestMessage, CancellationToken, Task> AsyncHandler = async (_, ct) => await Task.Delay(1, ct).ConfigureAwait(false);

    [Theory]
    [InlineData(100)] // held in memory
    [InlineData(5000)] // spooled to a file
    public async Task A_streamed_signed_body_read_asynchronously_is_processed_without_posting_to_the_callers_context(int length)
    {
        var options = new TestOptions { BufferThresholdBytes = 1024 };
        byte[] body = VerificationStrengthTests.Padded(TestProcessor.Body("sc"), Math.Max(length, 40));
        var processor = new TestProcessor(options, AsyncHandler, new YieldingStore());
        var context = new CountingSynchronizationContext();

        var result = await context.Run(() => processor.ProcessAsync(new WebhookRequest(new AsynchronousStream(body), null, WebhookTestRequests.Create(options, body).GetHeader, null)));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_handler_that_outlives_a_third_of_its_lease_and_then_its_deadline_settles_without_posting()
    {
        var options = new TestOptions { ClaimLease = TimeSpan.FromSeconds(1), ProcessingTimeout = TimeSpan.FromMilliseconds(500) };
        var processor = new TestProcessor(options, async (_, _) => await Task.Delay(800, CancellationToken.None).ConfigureAwait(false), new YieldingStore());
        var context = new CountingSynchronizationContext();

        var result = await context.Run(() => processor.ProcessAsync(TestProcessor.Request("late")));
        await context.Run(processor.WhenLateHandlersSettledAsync);

        Assert.Equal(WebhookOutcome.TimedOut, result.Outcome);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_failing_handler_releases_its_claim_without_posting()
    {
        var processor = new TestProcessor(new TestOptions(), async (_, ct) =>
        {
            await Task.Delay(1, ct).ConfigureAwait(false);
            throw new InvalidOperationException("boom");
        }, new YieldingStore());
        var context = new CountingSynchronizationContext();

        var result = await context.Run(() => processor.ProcessAsync(TestProcessor.Request("fails")));

        Assert.Equal(WebhookOutcome.HandlerFailed, result.Outcome);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task Storing_in_an_inbox_and_working_it_off_never_posts()
    {
        var inbox = new YieldingInbox(new InMemoryWebhookInbox("sc"));
        var processor = new TestProcessor(new TestOptions(), AsyncHandler, new YieldingStore(), inbox);
        var worker = new WebhookInboxWorker(processor, inbox, new WebhookInboxOptions { ConsumerName = "sc" });
        var context = new CountingSynchronizationContext();

        var accepted = await context.Run(() => processor.ProcessAsync(TestProcessor.Request("stored")));
        int processed = await context.Run(() => worker.ProcessAvailableAsync());

        Assert.Equal(WebhookOutcome.Accepted, accepted.Outcome);
        Assert.Equal(1, processed);
        Assert.Equal(0, context.Posts);
    }

    [Theory]
    [InlineData("complete", false)] // the handler succeeds at once; completing its claim is the first wait
    [InlineData("release", true)] // the handler fails at once; releasing its claim is the first wait
    public async Task Settling_a_claim_is_awaited_without_posting(string yieldingOperation, bool handlerFails)
    {
        var processor = new TestProcessor(new TestOptions(), (_, _) => handlerFails ? throw new InvalidOperationException("at once") : Task.CompletedTask, new YieldingStore(yieldingOperation));
        var context = new CountingSynchronizationContext();

        var result = await context.Run(() => processor.ProcessAsync(TestProcessor.Request("settle-" + yieldingOperation)));

        Assert.Equal(handlerFails ? WebhookOutcome.HandlerFailed : WebhookOutcome.Processed, result.Outcome);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task An_asynchronous_handler_with_a_synchronous_store_is_awaited_without_posting()
    {
        var processor = new TestProcessor(new TestOptions(), AsyncHandler, new YieldingStore("none"));
        var context = new CountingSynchronizationContext();

        var result = await context.Run(() => processor.ProcessAsync(TestProcessor.Request("async-handler")));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_request_aborted_as_its_handler_starts_leaves_the_late_handler_to_settle_without_posting()
    {
        using var aborted = new CancellationTokenSource();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new TestProcessor(new TestOptions(), (_, _) =>
        {
            aborted.Cancel(); // the sender hangs up just as the handler starts; the handler goes on
            return release.Task;
        }, new YieldingStore("none"));
        var context = new CountingSynchronizationContext();

        var pending = context.Run(() => processor.ProcessAsync(TestProcessor.Request("aborted"), aborted.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        release.SetResult();
        await processor.WhenLateHandlersSettledAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, context.Posts);
    }

    [Theory]
    [InlineData("complete", WebhookOutcome.Processed, 8)]
    [InlineData("retry", WebhookOutcome.HandlerFailed, 8)]
    [InlineData("retry", WebhookOutcome.InProgress, 8)] // another delivery holds the claim: looked at again later
    [InlineData("dead-letter", WebhookOutcome.Malformed, 8)]
    [InlineData("dead-letter", WebhookOutcome.HandlerFailed, 1)] // the last attempt failed
    public async Task The_worker_settles_a_delivery_without_posting(string yieldingOperation, WebhookOutcome outcome, int maxAttempts)
    {
        // Whether the settlement still runs on the caller's context depends on a race (the lease renewal's disposal
        // usually, not always, completes later), so each case is tried many times: a missing ConfigureAwait(false)
        // then posts in some round, while the code as it is posts in none.
        for (int round = 0; round < 40; round++)
        {
            var inbox = new YieldingInbox(new InMemoryWebhookInbox("sc"), yieldingOperation);
            await inbox.EnqueueAsync("test:w", outcome == WebhookOutcome.Malformed ? "not json"u8.ToArray() : TestProcessor.Body("w"));
            var store = new YieldingStore("none");
            if (outcome == WebhookOutcome.InProgress)
            {
                Assert.Equal(ClaimStatus.Claimed, (await store.TryClaimAsync("test:w", TimeSpan.FromMinutes(5))).Status);
            }

            var processor = new TestProcessor(new TestOptions(), (_, _) => outcome == WebhookOutcome.HandlerFailed ? throw new InvalidOperationException("at once") : Task.CompletedTask, store, inbox);
            var worker = new WebhookInboxWorker(processor, inbox, new WebhookInboxOptions { ConsumerName = "sc", MaxAttempts = maxAttempts });
            var context = new CountingSynchronizationContext();

            int processed = await context.Run(() => worker.ProcessAvailableAsync());

            Assert.Equal(1, processed);
            var stats = await inbox.GetStatisticsAsync();
            Assert.Equal(yieldingOperation switch { "complete" => (0L, 0L), "retry" => (1L, 0L), _ => (0L, 1L) }, (stats.Scheduled, stats.DeadLettered));
            Assert.Equal(0, context.Posts);
        }
    }

    [Fact]
    public async Task Spooling_a_body_that_arrived_at_once_never_posts()
    {
        var options = new TestOptions { BufferThresholdBytes = 1024 };
        byte[] body = VerificationStrengthTests.Padded(TestProcessor.Body("spooled"), 50_000);
        var processor = new TestProcessor(options, (_, _) => Task.CompletedTask, new YieldingStore("none"));
        var context = new CountingSynchronizationContext();

        var result = await context.Run(() => processor.ProcessAsync(new WebhookRequest(new MemoryStream(body), null, WebhookTestRequests.Create(options, body).GetHeader, null)));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Equal(0, context.Posts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_worker_awaits_an_asynchronous_handler_without_posting(bool scoped)
    {
        var inbox = new YieldingInbox(new InMemoryWebhookInbox("sc"), "none");
        await inbox.EnqueueAsync("test:h", TestProcessor.Body("h"));
        var processor = new TestProcessor(new TestOptions(), AsyncHandler, new YieldingStore("none"), inbox);
        using var services = new ServiceCollection().BuildServiceProvider();
        var scopes = scoped ? services.GetRequiredService<IServiceScopeFactory>() : null;
        var worker = new WebhookInboxWorker(processor, inbox, new WebhookInboxOptions { ConsumerName = "sc" }, scopes);
        var context = new CountingSynchronizationContext();

        int processed = await context.Run(() => worker.ProcessAvailableAsync());

        Assert.Equal(1, processed);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task With_telemetry_listening_an_asynchronous_handler_is_awaited_without_posting_through_either_entry()
    {
        string name = "sc-telemetry-" + Guid.NewGuid().ToString("N")[..8];
        using var telemetry = new TelemetryCollector(Diagnostics.WebhookTelemetry.SourceName, Diagnostics.WebhookTelemetry.ReceiverAttribute, name);
        var processor = new TestProcessor(new TestOptions(), AsyncHandler, new YieldingStore("none"), name: name);
        IWebhookProcessor untyped = processor;
        var context = new CountingSynchronizationContext();

        var typed = await context.Run(() => processor.ProcessAsync(TestProcessor.Request("observed")));
        var viaInterface = await context.Run(() => untyped.ProcessAsync(TestProcessor.Request("interface")));

        Assert.Equal((WebhookOutcome.Processed, WebhookOutcome.Processed), (typed.Outcome, viaInterface.Outcome));
        Assert.Equal(2, telemetry.Spans.Count); // the observed path ran
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_handler_that_fails_at_once_after_watching_its_token_is_cancelled_and_released_without_posting()
    {
        var processor = new TestProcessor(new TestOptions(), (_, ct) =>
        {
            ct.Register(static () => { }); // cancelling it now runs a callback: the cancellation completes later
            throw new InvalidOperationException("at once");
        }, new YieldingStore("none"));
        var context = new CountingSynchronizationContext();

        var result = await context.Run(() => processor.ProcessAsync(TestProcessor.Request("registered")));

        Assert.Equal(WebhookOutcome.HandlerFailed, result.Outcome);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_scoped_asynchronous_handler_is_awaited_without_posting()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var processor = new TestProcessor(new TestOptions(), AsyncHandler, new YieldingStore("none"), scopes: services.GetRequiredService<IServiceScopeFactory>());
        var context = new CountingSynchronizationContext();

        var result = await context.Run(() => processor.ProcessAsync(TestProcessor.Request("scoped-async")));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.NotNull(Assert.Single(processor.HandlerServices));
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_handler_scope_whose_service_disposes_asynchronously_is_disposed_without_posting()
    {
        using var services = new ServiceCollection().AddScoped<YieldingDisposable>().BuildServiceProvider();
        TestProcessor processor = null!;
        YieldingDisposable? resolved = null;
        processor = new TestProcessor(new TestOptions(), (_, _) =>
        {
            resolved = processor.HandlerServices[^1]!.GetRequiredService<YieldingDisposable>();
            return Task.CompletedTask;
        }, new YieldingStore("none"), scopes: services.GetRequiredService<IServiceScopeFactory>());
        var context = new CountingSynchronizationContext();

        var result = await context.Run(() => processor.ProcessAsync(TestProcessor.Request("scoped-dispose")));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.True(resolved!.Disposed);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task The_worker_dead_letters_an_abandoned_delivery_without_posting()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var options = new WebhookInboxOptions { ConsumerName = "sc", MaxAttempts = 1 };
        var inbox = new YieldingInbox(new InMemoryWebhookInbox("sc", time), "dead-letter");
        await inbox.EnqueueAsync("test:abandoned", TestProcessor.Body("abandoned"));
        Assert.Single(await inbox.ReceiveAsync("dying", 1, options.Lease)); // a worker took it and died
        time.Advance(options.Lease + TimeSpan.FromSeconds(1));
        var processor = new TestProcessor(new TestOptions(), AsyncHandler, new YieldingStore("none"), inbox);
        var worker = new WebhookInboxWorker(processor, inbox, options, timeProvider: time);
        var context = new CountingSynchronizationContext();

        int processed = await context.Run(() => worker.ProcessAvailableAsync());

        Assert.Equal(1, processed);
        Assert.Equal("test:abandoned", Assert.Single(await inbox.ListDeadLettersAsync()).DeduplicationKey);
        Assert.Empty(processor.HandlerServices);
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task The_worker_disposes_a_message_scope_that_disposes_asynchronously_without_posting()
    {
        using var services = new ServiceCollection().AddScoped<YieldingDisposable>().BuildServiceProvider();
        var inbox = new YieldingInbox(new InMemoryWebhookInbox("sc"), "none");
        await inbox.EnqueueAsync("test:scope", TestProcessor.Body("scope"));
        var processor = new ResolvingProcessor();
        var worker = new WebhookInboxWorker(processor, inbox, new WebhookInboxOptions { ConsumerName = "sc" }, services.GetRequiredService<IServiceScopeFactory>());
        var context = new CountingSynchronizationContext();

        int processed = await context.Run(() => worker.ProcessAvailableAsync());

        Assert.Equal(1, processed);
        Assert.True(processor.Resolved!.Disposed);
        Assert.Equal(0, (await inbox.GetStatisticsAsync()).InFlight); // completed
        Assert.Equal(0, context.Posts);
    }

    /// <summary>A scoped service whose disposal completes after a real asynchronous wait.</summary>
    private sealed class YieldingDisposable : IAsyncDisposable
    {
        public bool Disposed { get; private set; }

        public async ValueTask DisposeAsync()
        {
            await Task.Delay(1).ConfigureAwait(false);
            Disposed = true;
        }
    }

    /// <summary>A processor that resolves a scoped service and answers at once, without awaiting anything.</summary>
    private sealed class ResolvingProcessor : IWebhookProcessor
    {
        public string Name => "resolving";

        public WebhookReceiverOptions Options { get; } = new TestOptions();

        public IWebhookInbox? Inbox => null;

        public YieldingDisposable? Resolved { get; private set; }

        public Task<WebhookResult> ProcessAsync(WebhookRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<WebhookResult> ProcessInboxDeliveryAsync(InboxDelivery delivery, IServiceProvider? services, TimeSpan timeout, CancellationToken cancellationToken = default)
        {
            Resolved = services!.GetRequiredService<YieldingDisposable>();
            return Task.FromResult(new WebhookResult(WebhookOutcome.Processed, "resolved", delivery.DeduplicationKey));
        }
    }

    /// <summary>An in-memory store whose calls (all, or only those named) complete after a real asynchronous wait.</summary>
    private sealed class YieldingStore(params string[] only) : IMessageDeduplicationStore
    {
        private readonly InMemoryMessageDeduplicationStore _inner = new();

        private Task Yield(string operation, CancellationToken cancellationToken) =>
            only.Length == 0 || only.Contains(operation) ? Task.Delay(1, cancellationToken) : Task.CompletedTask;

        public async ValueTask<ClaimResult> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            await Yield("claim", cancellationToken).ConfigureAwait(false);
            return await _inner.TryClaimAsync(key, lease, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<bool> RenewAsync(MessageClaim claim, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            await Yield("renew", cancellationToken).ConfigureAwait(false);
            return await _inner.RenewAsync(claim, lease, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<bool> CompleteAsync(MessageClaim claim, TimeSpan retention, CancellationToken cancellationToken = default)
        {
            await Yield("complete", cancellationToken).ConfigureAwait(false);
            return await _inner.CompleteAsync(claim, retention, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<bool> ReleaseAsync(MessageClaim claim, CancellationToken cancellationToken = default)
        {
            await Yield("release", cancellationToken).ConfigureAwait(false);
            return await _inner.ReleaseAsync(claim, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>An inbox whose calls (all, or only those named) complete after a real asynchronous wait.</summary>
    private sealed class YieldingInbox(IWebhookInbox inner, params string[] only) : IWebhookInbox
    {
        public string Name => inner.Name;

        private Task Yield(string operation, CancellationToken cancellationToken) =>
            only.Length == 0 || only.Contains(operation) ? Task.Delay(1, cancellationToken) : Task.CompletedTask;

        public async ValueTask<string> EnqueueAsync(string deduplicationKey, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
        {
            await Yield("enqueue", cancellationToken).ConfigureAwait(false);
            return await inner.EnqueueAsync(deduplicationKey, body, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<IReadOnlyList<InboxDelivery>> ReceiveAsync(string consumer, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            await Yield("receive", cancellationToken).ConfigureAwait(false);
            return await inner.ReceiveAsync(consumer, maxCount, lease, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask<bool> RenewAsync(InboxDelivery delivery, TimeSpan lease, CancellationToken cancellationToken = default) => inner.RenewAsync(delivery, lease, cancellationToken);

        public async ValueTask CompleteAsync(InboxDelivery delivery, CancellationToken cancellationToken = default)
        {
            await Yield("complete", cancellationToken).ConfigureAwait(false);
            await inner.CompleteAsync(delivery, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<bool> RetryAsync(InboxDelivery delivery, DateTimeOffset notBefore, bool countAsAttempt, string? error, CancellationToken cancellationToken = default)
        {
            await Yield("retry", cancellationToken).ConfigureAwait(false);
            return await inner.RetryAsync(delivery, notBefore, countAsAttempt, error, cancellationToken).ConfigureAwait(false);
        }

        public async ValueTask<bool> DeadLetterAsync(InboxDelivery delivery, string reason, CancellationToken cancellationToken = default)
        {
            await Yield("dead-letter", cancellationToken).ConfigureAwait(false);
            return await inner.DeadLetterAsync(delivery, reason, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int maxCount = 100, CancellationToken cancellationToken = default) => inner.ListDeadLettersAsync(maxCount, cancellationToken);

        public ValueTask<ReadOnlyMemory<byte>?> GetDeadLetterBodyAsync(string id, CancellationToken cancellationToken = default) => inner.GetDeadLetterBodyAsync(id, cancellationToken);

        public ValueTask<bool> ReplayDeadLetterAsync(string id, CancellationToken cancellationToken = default) => inner.ReplayDeadLetterAsync(id, cancellationToken);

        public ValueTask<bool> DeleteDeadLetterAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteDeadLetterAsync(id, cancellationToken);

        public ValueTask<WebhookInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => inner.GetStatisticsAsync(cancellationToken);
    }
}
