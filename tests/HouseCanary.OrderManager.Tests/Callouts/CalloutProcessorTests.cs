using System.Text;
using HouseCanary.OrderManager.Callouts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;

namespace HouseCanary.OrderManager.Tests.Callouts;

public class CalloutProcessorTests
{
    private const string Secret = "hmac-secret-value";

    private static CalloutOptions Options(long maxBody = CalloutOptions.DefaultMaxBodyBytes) =>
        new() { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { Secret }, MaxBodyBytes = maxBody };

    private static OrderStatusChangeMessage StatusChange(string id = "msg-1") =>
        new() { MessageType = CalloutMessageTypes.OrderStatusChange, MessageId = id, OrderId = "1234", NewStatus = "complete", ExternalIntegrationIds = ["ext-1"] };

    private static CalloutProcessor Processor(CalloutHandler handler, CalloutOptions? options = null, IMessageDeduplicationStore? store = null, TimeProvider? time = null, ILogger<CalloutProcessor>? logger = null)
    {
        options ??= Options();
        return new CalloutProcessor(options, handler, store ?? new InMemoryMessageDeduplicationStore(timeProvider: time), time, logger);
    }

    [Fact]
    public async Task A_signed_callout_is_dispatched_to_the_typed_method_and_answered_200()
    {
        var handler = new CountingHandler();
        var request = new CalloutSigner(Options()).CreateRequest(StatusChange());

        var result = await Processor(handler).ProcessAsync(request);

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(1, handler.StatusChanges);
        Assert.Equal("1234", Assert.IsType<OrderStatusChangeMessage>(result.Message).OrderId);
    }

    [Fact]
    public async Task Every_known_type_reaches_its_own_method()
    {
        var handler = new CountingHandler();
        var processor = Processor(handler);
        var signer = new CalloutSigner(Options());

        await processor.ProcessAsync(signer.CreateRequest(new OrderItemStatusChangeMessage { MessageType = CalloutMessageTypes.OrderItemStatusChange, MessageId = "a", OrderId = "1", OrderItemId = "2", NewStatus = "accepted" }));
        await processor.ProcessAsync(signer.CreateRequest(new OrderCompleteMessage { MessageType = CalloutMessageTypes.OrderComplete, MessageId = "b", OrderId = "1", OrderItemId = "2", ReportBase64 = "JVBERg=="u8.ToArray() }));
        var unknown = await processor.ProcessAsync(signer.CreateRequest("""{"message_type":"brand_new","message_id":"c"}"""u8.ToArray()));

        Assert.Equal(1, handler.ItemChanges);
        Assert.Equal(1, handler.Completes);
        Assert.Equal("%PDF"u8.ToArray(), handler.LastReport);
        Assert.Equal(1, handler.Unknowns);
        Assert.Equal(WebhookOutcome.Unknown, unknown.Outcome);
        Assert.Equal(200, unknown.StatusCode);
    }

    [Fact]
    public async Task A_wrong_signature_is_401_and_the_handler_never_runs()
    {
        var handler = new CountingHandler();
        var body = CalloutSigner.Serialize(StatusChange());
        var request = WebhookRequest.FromHeaders(body, new Dictionary<string, string> { ["X-HC-Signature"] = "sha1=" + new string('a', 40) }, null);

        var result = await Processor(handler).ProcessAsync(request);

        Assert.Equal(WebhookOutcome.Unauthorized, result.Outcome);
        Assert.Equal(401, result.StatusCode);
        Assert.Null(result.Message);
        Assert.Equal(0, handler.Total);
        Assert.DoesNotContain(Secret, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_happens_before_parsing_so_unsigned_garbage_is_401_not_400()
    {
        var request = WebhookRequest.FromHeaders("not json"u8.ToArray(), new Dictionary<string, string>(), null);
        var result = await Processor(new CountingHandler()).ProcessAsync(request);
        Assert.Equal(WebhookOutcome.Unauthorized, result.Outcome);
    }

    [Fact]
    public async Task Signed_malformed_json_is_400_with_the_position()
    {
        var request = new CalloutSigner(Options()).CreateRequest("{\"message_type\": \"order_status_change\",\n \"message_id\": }"u8.ToArray());
        var result = await Processor(new CountingHandler()).ProcessAsync(request);
        Assert.Equal(WebhookOutcome.Malformed, result.Outcome);
        Assert.Equal(400, result.StatusCode);
        Assert.Contains("line 1", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_declared_length_is_413_before_reading_the_body()
    {
        var stream = Substitute.For<Stream>();
        var request = new WebhookRequest(stream, declaredLength: 2048, _ => null, null);

        var result = await Processor(new CountingHandler(), Options(maxBody: 1024)).ProcessAsync(request);

        Assert.Equal(WebhookOutcome.PayloadTooLarge, result.Outcome);
        Assert.Equal(413, result.StatusCode);
        Assert.Empty(stream.ReceivedCalls());
    }

    [Fact]
    public async Task An_undeclared_oversized_stream_is_413_after_reading_only_past_the_limit()
    {
        var stream = new CountingStream(totalBytes: 10_000_000);
        var request = new WebhookRequest(stream, declaredLength: null, _ => "sha1=" + new string('0', 40), null);

        var result = await Processor(new CountingHandler(), Options(maxBody: 100_000)).ProcessAsync(request);

        Assert.Equal(WebhookOutcome.PayloadTooLarge, result.Outcome);
        Assert.True(stream.BytesRead < 300_000, $"read {stream.BytesRead} bytes");
    }

    [Fact]
    public async Task A_lying_declared_length_is_still_capped_while_reading()
    {
        var stream = new CountingStream(totalBytes: 5_000);
        var request = new WebhookRequest(stream, declaredLength: 10, _ => "sha1=" + new string('0', 40), null);
        var result = await Processor(new CountingHandler(), Options(maxBody: 1_000)).ProcessAsync(request);
        Assert.Equal(WebhookOutcome.PayloadTooLarge, result.Outcome);
    }

    [Fact]
    public async Task A_streamed_body_is_verified_and_processed()
    {
        var signed = new CalloutSigner(Options()).Sign(CalloutSigner.Serialize(StatusChange()));
        var request = new WebhookRequest(new MemoryStream(signed.Body.ToArray()), null, n => signed.Headers.TryGetValue(n, out var v) ? v : null, null);
        var result = await Processor(new CountingHandler()).ProcessAsync(request);
        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
    }

    [Fact]
    public async Task A_redelivery_is_not_handled_again_but_still_answered_200()
    {
        var handler = new CountingHandler();
        var processor = Processor(handler);
        var signer = new CalloutSigner(Options());

        var first = await processor.ProcessAsync(signer.CreateRequest(StatusChange()));
        var second = await processor.ProcessAsync(signer.CreateRequest(StatusChange()));

        Assert.Equal(WebhookOutcome.Processed, first.Outcome);
        Assert.Equal(WebhookOutcome.Duplicate, second.Outcome);
        Assert.Equal(200, second.StatusCode);
        Assert.Equal(1, handler.StatusChanges);
    }

    [Fact]
    public async Task Concurrent_repeats_of_one_message_run_the_handler_once()
    {
        var handler = new CountingHandler { Delay = TimeSpan.FromMilliseconds(50) };
        var processor = Processor(handler);
        var signer = new CalloutSigner(Options());

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => processor.ProcessAsync(signer.CreateRequest(StatusChange("same"))))));

        Assert.Equal(1, handler.StatusChanges);
        Assert.Single(results, r => r.Outcome == WebhookOutcome.Processed);
        // A repeat that arrives while the first still runs is answered 409, so HouseCanary keeps its copy; one that
        // arrives after it completed is a duplicate (200).
        Assert.Equal(31, results.Count(r => r.Outcome is WebhookOutcome.InProgress or WebhookOutcome.Duplicate));
        Assert.Contains(results, r => r.Outcome == WebhookOutcome.InProgress && r.StatusCode == 409);
    }

    [Fact]
    public async Task A_failing_handler_answers_500_and_the_redelivery_is_processed()
    {
        var handler = new CountingHandler { FailTimes = 1 };
        var processor = Processor(handler);
        var signer = new CalloutSigner(Options());

        var first = await processor.ProcessAsync(signer.CreateRequest(StatusChange()));
        var redelivery = await processor.ProcessAsync(signer.CreateRequest(StatusChange()));

        Assert.Equal(WebhookOutcome.HandlerFailed, first.Outcome);
        Assert.Equal(500, first.StatusCode);
        Assert.Contains("InvalidOperationException", first.Reason, StringComparison.Ordinal);
        Assert.Equal(WebhookOutcome.Processed, redelivery.Outcome);
        Assert.Equal(2, handler.StatusChanges);
    }

    [Fact]
    public async Task A_handler_that_outlives_the_processing_timeout_answers_503_and_is_released()
    {
        var time = new FakeTimeProvider();
        var handler = new CountingHandler { Hang = true };
        var store = new InMemoryMessageDeduplicationStore(timeProvider: time);
        var processor = Processor(handler, store: store, time: time);
        var signer = new CalloutSigner(Options());

        var pending = processor.ProcessAsync(signer.CreateRequest(StatusChange()));
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(31));
        var result = await pending;

        Assert.Equal(WebhookOutcome.TimedOut, result.Outcome);
        Assert.Equal(503, result.StatusCode);
        Assert.Contains("did not finish", result.Reason, StringComparison.Ordinal);

        // The handler honours its cancelled token and ends; only then is the claim released (asynchronously).
        await handler.Ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await Eventually(async () => (await store.TryClaimAsync("housecanary:msg-1", TimeSpan.FromSeconds(30))).Status == ClaimStatus.Claimed));
    }

    [Fact]
    public void The_default_processing_timeout_leaves_a_margin_under_HouseCanarys_30_seconds()
    {
        Assert.True(new CalloutOptions().ProcessingTimeout <= TimeSpan.FromSeconds(25));
    }

    [Fact]
    public async Task A_handler_that_ignores_its_token_keeps_the_claim_until_it_ends_and_then_completes_it()
    {
        var time = new FakeTimeProvider();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new CountingHandler { BlockUntil = release.Task };
        var store = new InMemoryMessageDeduplicationStore(timeProvider: time);
        var processor = Processor(handler, store: store, time: time);
        var signer = new CalloutSigner(Options());

        var pending = processor.ProcessAsync(signer.CreateRequest(StatusChange()));
        time.Advance(TimeSpan.FromSeconds(26));
        var result = await pending;

        Assert.Equal(WebhookOutcome.TimedOut, result.Outcome);
        Assert.Equal(ClaimStatus.InProgress, (await store.TryClaimAsync("housecanary:msg-1", TimeSpan.FromSeconds(30))).Status);
        var redelivery = await processor.ProcessAsync(signer.CreateRequest(StatusChange()));
        Assert.Equal(WebhookOutcome.InProgress, redelivery.Outcome);
        Assert.Equal(409, redelivery.StatusCode);

        release.SetResult();

        Assert.True(await Eventually(async () => (await store.TryClaimAsync("housecanary:msg-1", TimeSpan.FromSeconds(30))).Status == ClaimStatus.AlreadyProcessed));
        Assert.Equal(1, handler.StatusChanges);
    }

    [Fact]
    public async Task A_store_that_fails_to_complete_after_the_handler_succeeded_still_answers_200()
    {
        var logger = new FakeLogger<CalloutProcessor>();
        var store = Substitute.For<IMessageDeduplicationStore>();
#pragma warning disable CA2012 // NSubstitute configures the call; the ValueTask is never consumed here.
        store.TryClaimAsync(Arg.Any<string>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(ci => ValueTask.FromResult(ClaimResult.Claimed(new MessageClaim(ci.ArgAt<string>(0), "t"))));
        store.CompleteAsync(Arg.Any<MessageClaim>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(ValueTask.FromException<bool>(new InvalidOperationException("redis down")));
#pragma warning restore CA2012
        var handler = new CountingHandler();

        var result = await Processor(handler, store: store, logger: logger).ProcessAsync(new CalloutSigner(Options()).CreateRequest(StatusChange()));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(1, handler.StatusChanges);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.Contains("complete", StringComparison.Ordinal) && r.Exception?.Message == "redis down");
        await store.DidNotReceive().ReleaseAsync(Arg.Any<MessageClaim>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_store_that_fails_to_release_does_not_hide_the_handlers_failure()
    {
        var logger = new FakeLogger<CalloutProcessor>();
        var store = Substitute.For<IMessageDeduplicationStore>();
#pragma warning disable CA2012 // NSubstitute configures the call; the ValueTask is never consumed here.
        store.TryClaimAsync(Arg.Any<string>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(ci => ValueTask.FromResult(ClaimResult.Claimed(new MessageClaim(ci.ArgAt<string>(0), "t"))));
        store.ReleaseAsync(Arg.Any<MessageClaim>(), Arg.Any<CancellationToken>()).Returns(ValueTask.FromException<bool>(new IOException("redis down")));
#pragma warning restore CA2012

        var result = await Processor(new CountingHandler { FailTimes = 1 }, store: store, logger: logger).ProcessAsync(new CalloutSigner(Options()).CreateRequest(StatusChange()));

        Assert.Equal(WebhookOutcome.HandlerFailed, result.Outcome);
        Assert.Contains("InvalidOperationException", result.Reason, StringComparison.Ordinal);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Message.Contains("release", StringComparison.Ordinal) && r.Exception is IOException);
    }

    [Fact]
    public async Task A_store_that_fails_to_release_after_an_abort_still_propagates_the_cancellation()
    {
        var store = Substitute.For<IMessageDeduplicationStore>();
#pragma warning disable CA2012 // NSubstitute configures the call; the ValueTask is never consumed here.
        store.TryClaimAsync(Arg.Any<string>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(ci => ValueTask.FromResult(ClaimResult.Claimed(new MessageClaim(ci.ArgAt<string>(0), "t"))));
        store.ReleaseAsync(Arg.Any<MessageClaim>(), Arg.Any<CancellationToken>()).Returns(ValueTask.FromException<bool>(new IOException("redis down")));
#pragma warning restore CA2012
        using var abort = new CancellationTokenSource();
        var handler = new CountingHandler { Hang = true };

        var pending = Processor(handler, store: store).ProcessAsync(new CalloutSigner(Options()).CreateRequest(StatusChange()), abort.Token);
        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await handler.Ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await Eventually(() => Task.FromResult(store.ReceivedCalls().Any(c => c.GetMethodInfo().Name == nameof(IMessageDeduplicationStore.ReleaseAsync)))));
    }

    [Theory]
    [InlineData(WebhookAuthenticationScheme.Basic)]
    [InlineData(WebhookAuthenticationScheme.HeaderToken)]
    [InlineData(WebhookAuthenticationScheme.QueryToken)]
    public async Task Credentials_that_do_not_depend_on_the_body_are_checked_before_reading_it(WebhookAuthenticationScheme scheme)
    {
        var stream = new CountingStream(totalBytes: 40L * 1024 * 1024);
        var request = new WebhookRequest(stream, declaredLength: 40L * 1024 * 1024, _ => "sha1=" + new string('0', 40), null);

        var result = await Processor(new CountingHandler(), WebhookVerifierTests.OptionsFor(scheme)).ProcessAsync(request);

        Assert.Equal(WebhookOutcome.Unauthorized, result.Outcome);
        Assert.Equal(0, stream.BytesRead);
    }

    [Fact]
    public async Task A_large_declared_length_does_not_size_the_first_buffer()
    {
        var stream = new CountingStream(totalBytes: 100);
        var request = new WebhookRequest(stream, declaredLength: 40L * 1024 * 1024, _ => "sha1=" + new string('0', 40), null);

        var result = await Processor(new CountingHandler()).ProcessAsync(request);

        Assert.Equal(WebhookOutcome.Unauthorized, result.Outcome);
        Assert.Equal(100, stream.BytesRead);
        Assert.InRange(stream.FirstReadCount, 1, (64 * 1024) + 1);
    }

    [Fact]
    public async Task An_aborted_request_releases_the_claim_and_propagates_cancellation()
    {
        var handler = new CountingHandler { Hang = true };
        var store = new InMemoryMessageDeduplicationStore();
        var processor = Processor(handler, store: store);
        using var abort = new CancellationTokenSource();

        var pending = processor.ProcessAsync(new CalloutSigner(Options()).CreateRequest(StatusChange()), abort.Token);
        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await handler.Ended.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await Eventually(async () => (await store.TryClaimAsync("housecanary:msg-1", TimeSpan.FromSeconds(30))).Status == ClaimStatus.Claimed));
    }

    [Fact]
    public async Task A_processed_message_is_remembered_for_the_deduplication_retention()
    {
        var store = Substitute.For<IMessageDeduplicationStore>();
#pragma warning disable CA2012 // NSubstitute configures the call; the ValueTask is never consumed here.
        store.TryClaimAsync("housecanary:msg-1", Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>()).Returns(ci => ValueTask.FromResult(ClaimResult.Claimed(new MessageClaim(ci.ArgAt<string>(0), "t"))));
#pragma warning restore CA2012
        var options = Options();
        options.DeduplicationRetention = TimeSpan.FromHours(2);

        await Processor(new CountingHandler(), options, store).ProcessAsync(new CalloutSigner(options).CreateRequest(StatusChange()));

        await store.Received(1).CompleteAsync(new MessageClaim("housecanary:msg-1", "t"), TimeSpan.FromHours(2), Arg.Any<CancellationToken>());
        await store.DidNotReceive().ReleaseAsync(Arg.Any<MessageClaim>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Rejections_are_logged_without_secrets()
    {
        var logger = new FakeLogger<CalloutProcessor>();
        var request = WebhookRequest.FromHeaders(CalloutSigner.Serialize(StatusChange()), new Dictionary<string, string> { ["X-HC-Signature"] = "sha1=" + new string('b', 40) }, null);

        await Processor(new CountingHandler(), logger: logger).ProcessAsync(request);

        var record = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Warning, record.Level);
        Assert.Contains("Unauthorized", record.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, record.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WebhookAuthenticationScheme.Basic)]
    [InlineData(WebhookAuthenticationScheme.HeaderToken)]
    [InlineData(WebhookAuthenticationScheme.QueryToken)]
    [InlineData(WebhookAuthenticationScheme.Signature)]
    public async Task The_signer_builds_requests_the_processor_accepts_for_every_scheme(WebhookAuthenticationScheme scheme)
    {
        var options = WebhookVerifierTests.OptionsFor(scheme);
        var result = await Processor(new CountingHandler(), options).ProcessAsync(new CalloutSigner(options).CreateRequest(StatusChange()));
        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
    }

    /// <summary>Polls a condition that becomes true when background work ends (never asserts on elapsed time).</summary>
    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        for (int i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(10);
        }

        return false;
    }

    private sealed class CountingHandler : CalloutHandler
    {
        private int _statusChanges;
        private int _failures;

        public int StatusChanges => _statusChanges;

        public int ItemChanges { get; private set; }

        public int Completes { get; private set; }

        public int Unknowns { get; private set; }

        public int Total => StatusChanges + ItemChanges + Completes + Unknowns;

        public byte[]? LastReport { get; private set; }

        public TimeSpan Delay { get; init; }

        public int FailTimes { get; init; }

        public bool Hang { get; init; }

        public Task? BlockUntil { get; init; }

        public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task OnOrderStatusChangeAsync(OrderStatusChangeMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _statusChanges);
            try
            {
                await StatusChangeCoreAsync(cancellationToken);
            }
            finally
            {
                Ended.TrySetResult();
            }
        }

        private async Task StatusChangeCoreAsync(CancellationToken cancellationToken)
        {
            if (BlockUntil is not null)
            {
                await BlockUntil; // ignores its token on purpose
            }

            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, CancellationToken.None).WaitAsync(cancellationToken);
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }

            if (Interlocked.Increment(ref _failures) <= FailTimes)
            {
                throw new InvalidOperationException("database down");
            }
        }

        public override Task OnOrderItemStatusChangeAsync(OrderItemStatusChangeMessage message, CancellationToken cancellationToken)
        {
            ItemChanges++;
            return Task.CompletedTask;
        }

        public override Task OnOrderCompleteAsync(OrderCompleteMessage message, CancellationToken cancellationToken)
        {
            Completes++;
            LastReport = message.DecodeReport();
            return Task.CompletedTask;
        }

        public override Task OnUnknownMessageAsync(UnknownCalloutMessage message, CancellationToken cancellationToken)
        {
            Unknowns++;
            return Task.CompletedTask;
        }
    }

    private sealed class CountingStream(long totalBytes) : Stream
    {
        public long BytesRead { get; private set; }

        public int FirstReadCount { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (FirstReadCount == 0)
            {
                FirstReadCount = count;
            }

            int n = (int)Math.Min(count, totalBytes - BytesRead);
            buffer.AsSpan(offset, n).Fill((byte)' ');
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
