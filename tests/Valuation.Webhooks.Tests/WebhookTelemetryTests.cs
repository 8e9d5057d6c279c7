using System.Diagnostics;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager.Callouts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Valuation.Webhooks.Diagnostics;

namespace Valuation.Webhooks.Tests;

/// <summary>
/// The engine's spans and metrics, read as a user's ActivityListener and MeterListener read them: one Consumer span
/// per processed webhook with its message type, outcome, duplicate flag and error.type; the counters by outcome,
/// verification failure and duplicate; the handler's duration on a fake clock.
/// </summary>
public sealed class WebhookTelemetryTests
{
    private static string UniqueName() => "telemetry-" + Guid.NewGuid().ToString("N")[..12];

    private static TelemetryCollector Listen(string receiver) => new(WebhookTelemetry.SourceName, WebhookTelemetry.ReceiverAttribute, receiver);

    [Fact]
    public async Task A_processed_webhook_gets_a_consumer_span_a_count_by_outcome_and_its_handler_duration()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var time = new FakeTimeProvider();
        Activity? inHandler = null;
        var processor = new TestProcessor(new TestOptions(), (_, _) =>
        {
            inHandler = Activity.Current;
            time.Advance(TimeSpan.FromSeconds(2.5));
            return Task.CompletedTask;
        }, time: time, name: name);

        var result = await processor.ProcessAsync(TestProcessor.Request("m-1", "order_complete"));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        var span = Assert.Single(telemetry.Spans);
        Assert.Equal(WebhookTelemetry.SourceName, span.Source.Name);
        Assert.Equal(ActivityKind.Consumer, span.Kind);
        Assert.Equal("process " + name, span.DisplayName);
        Assert.Equal(telemetry.Root.SpanId, span.ParentSpanId);
        Assert.Same(span, inHandler);
        Assert.Equal("order_complete", span.GetTagItem(WebhookTelemetry.MessageTypeAttribute));
        Assert.Equal("processed", span.GetTagItem(WebhookTelemetry.OutcomeAttribute));
        Assert.Equal(false, span.GetTagItem(WebhookTelemetry.DuplicateAttribute));
        Assert.Equal("test:m-1", span.GetTagItem(WebhookTelemetry.DeduplicationKeyAttribute));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Equal(name, span.GetTagItem("messaging.destination.name"));
        Assert.Equal("process", span.GetTagItem("messaging.operation.type"));
        Assert.Null(span.GetTagItem("error.type"));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);

        var processed = Assert.Single(telemetry.Of(WebhookTelemetry.ProcessedInstrument));
        Assert.Equal((1d, "{webhook}", "processed", "order_complete"), (processed.Value, processed.Unit, processed.Tag(WebhookTelemetry.OutcomeAttribute), processed.Tag(WebhookTelemetry.MessageTypeAttribute)));
        var duration = Assert.Single(telemetry.Of(WebhookTelemetry.HandlerDurationInstrument));
        Assert.Equal((2.5, "s", "processed", "order_complete"), (duration.Value, duration.Unit, duration.Tag(WebhookTelemetry.OutcomeAttribute), duration.Tag(WebhookTelemetry.MessageTypeAttribute)));
        Assert.Empty(telemetry.Of(WebhookTelemetry.DuplicatesInstrument));
    }

    [Fact]
    public async Task A_redelivery_is_a_duplicate_in_the_span_and_the_duplicates_counter_and_one_in_progress_is_an_error()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var store = new InMemoryMessageDeduplicationStore();
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, store, name: name);

        await processor.ProcessAsync(TestProcessor.Request("m-1"));
        var again = await processor.ProcessAsync(TestProcessor.Request("m-1"));
        Assert.Equal(ClaimStatus.Claimed, (await store.TryClaimAsync("test:m-2", TimeSpan.FromMinutes(1))).Status);
        var busy = await processor.ProcessAsync(TestProcessor.Request("m-2"));

        Assert.Equal((WebhookOutcome.Duplicate, WebhookOutcome.InProgress), (again.Outcome, busy.Outcome));
        var spans = telemetry.Spans;
        Assert.Equal(3, spans.Count);
        var duplicate = spans[1];
        Assert.Equal((true, "duplicate", ActivityStatusCode.Unset), (duplicate.GetTagItem(WebhookTelemetry.DuplicateAttribute), duplicate.GetTagItem(WebhookTelemetry.OutcomeAttribute), duplicate.Status));
        var inProgress = spans[2];
        Assert.Equal((true, "in_progress", 409), (inProgress.GetTagItem(WebhookTelemetry.DuplicateAttribute), inProgress.GetTagItem(WebhookTelemetry.OutcomeAttribute), inProgress.GetTagItem("http.response.status_code")));
        Assert.Equal((ActivityStatusCode.Error, "in_progress"), (inProgress.Status, inProgress.GetTagItem("error.type")));

        var duplicates = telemetry.Of(WebhookTelemetry.DuplicatesInstrument);
        Assert.Equal(["duplicate", "in_progress"], duplicates.Select(m => m.Tag(WebhookTelemetry.OutcomeAttribute)));
        Assert.Equal(["processed", "duplicate", "in_progress"], telemetry.Of(WebhookTelemetry.ProcessedInstrument).Select(m => m.Tag(WebhookTelemetry.OutcomeAttribute)));
        Assert.Single(telemetry.Of(WebhookTelemetry.HandlerDurationInstrument));
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("sha1=zz", "malformed")]
    [InlineData("sha1=0000000000000000000000000000000000000000", "mismatch")]
    public async Task A_verification_failure_is_counted_by_reason_and_marks_the_span_unauthorized(string? header, string reason)
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var processor = new TestProcessor(new TestOptions(), (_, _) => throw new InvalidOperationException("never runs"), name: name);

        var result = await processor.ProcessAsync(new WebhookRequest(TestProcessor.Body("m-1"), n => n == "X-Test-Signature" ? header : null));

        Assert.Equal(WebhookOutcome.Unauthorized, result.Outcome);
        var failure = Assert.Single(telemetry.Of(WebhookTelemetry.VerificationFailuresInstrument));
        Assert.Equal((1d, reason), (failure.Value, failure.Tag(WebhookTelemetry.VerificationFailureAttribute)));
        var span = Assert.Single(telemetry.Spans);
        Assert.Equal((reason, "unauthorized", "unauthorized", 401), (span.GetTagItem(WebhookTelemetry.VerificationFailureAttribute), span.GetTagItem(WebhookTelemetry.OutcomeAttribute), span.GetTagItem("error.type"), span.GetTagItem("http.response.status_code")));
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Null(span.GetTagItem(WebhookTelemetry.MessageTypeAttribute));
        var processed = Assert.Single(telemetry.Of(WebhookTelemetry.ProcessedInstrument));
        Assert.Equal(("unauthorized", null), (processed.Tag(WebhookTelemetry.OutcomeAttribute), processed.Tag(WebhookTelemetry.MessageTypeAttribute)));
        Assert.DoesNotContain(span.TagObjects, t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture)!.Contains(TestOptions.Secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_handler_sets_error_type_to_its_exception_type_and_records_a_failed_duration()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var processor = new TestProcessor(new TestOptions(), async (_, _) =>
        {
            await Task.Yield();
            throw new FormatException("the handler's own failure");
        }, name: name);

        var result = await processor.ProcessAsync(TestProcessor.Request("m-1"));

        Assert.Equal(WebhookOutcome.HandlerFailed, result.Outcome);
        var span = Assert.Single(telemetry.Spans);
        Assert.Equal(("System.FormatException", ActivityStatusCode.Error, 500), (span.GetTagItem("error.type"), span.Status, span.GetTagItem("http.response.status_code")));
        var duration = Assert.Single(telemetry.Of(WebhookTelemetry.HandlerDurationInstrument));
        Assert.Equal("handler_failed", duration.Tag(WebhookTelemetry.OutcomeAttribute));
    }

    [Fact]
    public async Task A_handler_past_its_deadline_records_the_deadline_as_its_duration_and_timed_out()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var time = new FakeTimeProvider();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new TestOptions { ProcessingTimeout = TimeSpan.FromSeconds(10) };
        var processor = new TestProcessor(options, (_, _) => release.Task, time: time, name: name);

        var pending = processor.ProcessAsync(TestProcessor.Request("m-slow"));
        time.Advance(TimeSpan.FromSeconds(10));
        var result = await pending.WaitAsync(TimeSpan.FromSeconds(30));
        release.SetResult();
        await processor.WhenLateHandlersSettledAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(WebhookOutcome.TimedOut, result.Outcome);
        var duration = Assert.Single(telemetry.Of(WebhookTelemetry.HandlerDurationInstrument));
        Assert.Equal((10d, "timed_out"), (duration.Value, duration.Tag(WebhookTelemetry.OutcomeAttribute)));
        var span = Assert.Single(telemetry.Spans);
        Assert.Equal(("System.TimeoutException", 503), (span.GetTagItem("error.type"), span.GetTagItem("http.response.status_code")));
    }

    [Fact]
    public async Task An_unknown_type_is_named_in_the_span_but_is_OTHER_in_metrics_so_a_sender_cannot_mint_time_series()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, name: name);

        await processor.ProcessAsync(TestProcessor.Request("m-1", "unknown"));

        Assert.Equal("unknown", Assert.Single(telemetry.Spans).GetTagItem(WebhookTelemetry.MessageTypeAttribute));
        var processed = Assert.Single(telemetry.Of(WebhookTelemetry.ProcessedInstrument));
        Assert.Equal(("unknown", "_OTHER"), (processed.Tag(WebhookTelemetry.OutcomeAttribute), processed.Tag(WebhookTelemetry.MessageTypeAttribute)));
        Assert.Equal("_OTHER", Assert.Single(telemetry.Of(WebhookTelemetry.HandlerDurationInstrument)).Tag(WebhookTelemetry.MessageTypeAttribute));
    }

    [Fact]
    public async Task An_oversize_body_is_rejected_in_the_span_without_a_message_type()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var options = new TestOptions { MaxBodyBytes = 16 };
        var processor = new TestProcessor(options, (_, _) => Task.CompletedTask, name: name);

        var result = await processor.ProcessAsync(TestProcessor.Request("a-long-message-id", options: options));

        Assert.Equal(WebhookOutcome.PayloadTooLarge, result.Outcome);
        var span = Assert.Single(telemetry.Spans);
        Assert.Equal(("payload_too_large", 413, ActivityStatusCode.Error), (span.GetTagItem("error.type"), span.GetTagItem("http.response.status_code"), span.Status));
    }

    [Fact]
    public async Task With_an_inbox_the_request_span_is_receive_and_the_worker_span_is_process_with_its_attempt()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox(name, time);
        int runs = 0;
        var processor = new TestProcessor(new TestOptions(), (_, _) => ++runs == 1 ? throw new InvalidOperationException("first attempt fails") : Task.CompletedTask, inbox: inbox, time: time, name: name);
        using var worker = new WebhookInboxWorker(processor, inbox, new WebhookInboxOptions(), timeProvider: time);

        Assert.Equal(WebhookOutcome.Accepted, (await processor.ProcessAsync(TestProcessor.Request("m-1"))).Outcome);
        await worker.ProcessAvailableAsync();
        time.Advance(TimeSpan.FromMinutes(1));
        await worker.ProcessAvailableAsync();

        var spans = telemetry.Spans;
        Assert.Equal(["receive " + name, "process " + name, "process " + name], spans.Select(s => s.DisplayName));
        Assert.Equal(("accepted", "receive"), (spans[0].GetTagItem(WebhookTelemetry.OutcomeAttribute), spans[0].GetTagItem("messaging.operation.type")));
        Assert.Equal((1, "handler_failed"), (spans[1].GetTagItem(WebhookTelemetry.AttemptAttribute), spans[1].GetTagItem(WebhookTelemetry.OutcomeAttribute)));
        Assert.Equal((2, "processed"), (spans[2].GetTagItem(WebhookTelemetry.AttemptAttribute), spans[2].GetTagItem(WebhookTelemetry.OutcomeAttribute)));
        Assert.Equal(["accepted", "handler_failed", "processed"], telemetry.Of(WebhookTelemetry.ProcessedInstrument).Select(m => m.Tag(WebhookTelemetry.OutcomeAttribute)));
    }

    [Fact]
    public async Task A_processed_webhook_is_logged_at_information()
    {
        var logger = new FakeLogger();
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, logger: logger);

        await processor.ProcessAsync(TestProcessor.Request("m-info", "order_complete"));

        var line = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal((LogLevel.Information, "WebhookProcessed"), (line.Level, line.Id.Name));
        Assert.Equal("Test webhook test:m-info (order_complete): Processed", line.Message);
    }

    [Fact]
    public async Task A_callout_span_carries_its_message_and_order_ids_and_never_the_download_url()
    {
        using var telemetry = Listen(CalloutProcessor.ReceiverName);
        var options = new CalloutOptions { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { "hc-secret" } };
        var processor = new CalloutProcessor(options, new NoCallouts());
        const string url = "https://reports.example/r.pdf?X-Amz-Signature=presigned-secret";
        var message = new OrderCompleteMessage { MessageType = CalloutMessageTypes.OrderComplete, MessageId = "msg-77", OrderId = "1001", OrderItemId = "2002", DownloadUrl = url };

        var result = await processor.ProcessAsync(new CalloutSigner(options).CreateRequest(message));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        var span = Assert.Single(telemetry.Spans);
        Assert.Equal("process housecanary-callouts", span.DisplayName);
        Assert.Equal(("msg-77", "1001", "2002", "order_complete"), (span.GetTagItem("messaging.message.id"), span.GetTagItem("housecanary.order.id"), span.GetTagItem("housecanary.order_item.id"), span.GetTagItem(WebhookTelemetry.MessageTypeAttribute)));
        Assert.DoesNotContain(span.TagObjects, t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture)!.Contains("presigned-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_AppraisalWorks_fetch_runs_as_a_child_of_the_postback_span()
    {
        using var telemetry = Listen(PostbackProcessor.ReceiverName);
        Activity? duringFetch = null;
        var client = Substitute.For<IAppraisalWorksClient>();
        client.FetchEventAsync(Arg.Any<PostbackEvent>(), Arg.Any<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>?>(), Arg.Any<CancellationToken>())
            .Returns(_ =>
            {
                duringFetch = Activity.Current;
                return Task.FromResult<AppraisalWorksResponse>(new HoldDetails { IsSuccess = true });
            });
        var processor = new PostbackProcessor(client, new NoPostbacks(), null, new PostbackOptions());

        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "0987-0bbc-fe36-9AC9", "Hold", 42));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        var span = Assert.Single(telemetry.Spans);
        Assert.Same(span, duringFetch);
        Assert.Equal(("0987-0bbc-fe36-9AC9", "Hold", 42L), (span.GetTagItem("appraisalworks.transaction_uid"), span.GetTagItem("appraisalworks.event"), span.GetTagItem("appraisalworks.detail_id")));
    }

    private sealed class NoCallouts : CalloutHandler;

    private sealed class NoPostbacks : PostbackHandler
    {
        public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken) => ValueTask.FromResult(Stream.Null);
    }
}
