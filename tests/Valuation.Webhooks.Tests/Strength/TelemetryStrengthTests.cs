using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Valuation.Webhooks.Diagnostics;
using Valuation.Webhooks.Inbox;

namespace Valuation.Webhooks.Tests.Strength;

/// <summary>
/// The engine's telemetry on the paths the main telemetry tests do not take: a request aborted mid-handler, a
/// worker stopped mid-delivery, a stored message that no longer parses, the message type on the duplicates counter,
/// and a receiver that keeps the engine's default (every type known).
/// </summary>
public class TelemetryStrengthTests
{
    private static string UniqueName() => "telemetry-strength-" + Guid.NewGuid().ToString("N")[..12];

    private static TelemetryCollector Listen(string receiver) => new(WebhookTelemetry.SourceName, WebhookTelemetry.ReceiverAttribute, receiver);

    [Fact]
    public async Task A_request_aborted_while_its_handler_runs_is_cancelled_in_the_span_the_count_and_the_handler_duration()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var time = new FakeTimeProvider();
        using var aborted = new CancellationTokenSource();
        var processor = new TestProcessor(new TestOptions(), (_, ct) =>
        {
            time.Advance(TimeSpan.FromSeconds(1.5));
            aborted.Cancel(); // the sender hangs up; the handler honours its token
            return Task.Delay(Timeout.Infinite, ct);
        }, time: time, name: name);

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => processor.ProcessAsync(TestProcessor.Request("m-abort"), aborted.Token));

        var span = Assert.Single(telemetry.Spans);
        Assert.Equal("cancelled", span.GetTagItem(WebhookTelemetry.OutcomeAttribute));
        Assert.Equal(thrown.GetType().FullName, span.GetTagItem("error.type"));
        Assert.Equal((ActivityStatusCode.Error, "cancelled"), (span.Status, span.StatusDescription));
        var processed = Assert.Single(telemetry.Of(WebhookTelemetry.ProcessedInstrument));
        Assert.Equal((1d, "cancelled", null), (processed.Value, processed.Tag(WebhookTelemetry.OutcomeAttribute), processed.Tag(WebhookTelemetry.MessageTypeAttribute)));
        var duration = Assert.Single(telemetry.Of(WebhookTelemetry.HandlerDurationInstrument));
        Assert.Equal((1.5, "cancelled", "known"), (duration.Value, duration.Tag(WebhookTelemetry.OutcomeAttribute), duration.Tag(WebhookTelemetry.MessageTypeAttribute)));
    }

    [Fact]
    public async Task A_delivery_whose_worker_stops_mid_handler_is_cancelled_in_its_process_span_and_count()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var inbox = new InMemoryWebhookInbox(name);
        using var stopping = new CancellationTokenSource();
        var processor = new TestProcessor(new TestOptions(), (_, ct) =>
        {
            stopping.Cancel();
            return Task.Delay(Timeout.Infinite, ct);
        }, inbox: inbox, name: name);
        Assert.Equal(WebhookOutcome.Accepted, (await processor.ProcessAsync(TestProcessor.Request("m-stop"))).Outcome);
        var delivery = Assert.Single(await inbox.ReceiveAsync("w", 1, TimeSpan.FromMinutes(1)));

        var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => processor.ProcessInboxDeliveryAsync(delivery, null, TimeSpan.FromMinutes(1), stopping.Token));

        var spans = telemetry.Spans;
        Assert.Equal(["receive " + name, "process " + name], spans.Select(s => s.DisplayName));
        Assert.Equal((1, "cancelled"), (spans[1].GetTagItem(WebhookTelemetry.AttemptAttribute), spans[1].GetTagItem(WebhookTelemetry.OutcomeAttribute)));
        Assert.Equal((thrown.GetType().FullName, ActivityStatusCode.Error), (spans[1].GetTagItem("error.type"), spans[1].Status));
        Assert.Equal(["accepted", "cancelled"], telemetry.Of(WebhookTelemetry.ProcessedInstrument).Select(m => m.Tag(WebhookTelemetry.OutcomeAttribute)));
    }

    [Fact]
    public async Task A_stored_message_that_no_longer_parses_is_malformed_in_its_process_span_and_count()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var inbox = new InMemoryWebhookInbox(name);
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, inbox: inbox, name: name);
        await inbox.EnqueueAsync("test:gone", "not json"u8.ToArray());
        var delivery = Assert.Single(await inbox.ReceiveAsync("w", 1, TimeSpan.FromMinutes(1)));

        var result = await processor.ProcessInboxDeliveryAsync(delivery, null, TimeSpan.FromMinutes(1));

        Assert.Equal(WebhookOutcome.Malformed, result.Outcome);
        var span = Assert.Single(telemetry.Spans);
        Assert.Equal(("malformed", "malformed", ActivityStatusCode.Error), (span.GetTagItem(WebhookTelemetry.OutcomeAttribute), span.GetTagItem("error.type"), span.Status));
        Assert.Equal("test:gone", span.GetTagItem(WebhookTelemetry.DeduplicationKeyAttribute));
        var processed = Assert.Single(telemetry.Of(WebhookTelemetry.ProcessedInstrument));
        Assert.Equal("malformed", processed.Tag(WebhookTelemetry.OutcomeAttribute));
    }

    [Fact]
    public async Task The_duplicates_counter_carries_the_message_type()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, name: name);

        await processor.ProcessAsync(TestProcessor.Request("m-1", "order_complete"));
        var again = await processor.ProcessAsync(TestProcessor.Request("m-1", "order_complete"));

        Assert.Equal(WebhookOutcome.Duplicate, again.Outcome);
        var duplicate = Assert.Single(telemetry.Of(WebhookTelemetry.DuplicatesInstrument));
        Assert.Equal(("duplicate", "order_complete"), (duplicate.Tag(WebhookTelemetry.OutcomeAttribute), duplicate.Tag(WebhookTelemetry.MessageTypeAttribute)));
    }

    [Fact]
    public async Task A_receiver_that_keeps_the_default_knows_every_type_and_counts_it_by_its_name()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, name: name) { EveryTypeKnown = true };

        var result = await processor.ProcessAsync(TestProcessor.Request("m-1", "unknown"));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        var processed = Assert.Single(telemetry.Of(WebhookTelemetry.ProcessedInstrument));
        Assert.Equal(("processed", "unknown"), (processed.Tag(WebhookTelemetry.OutcomeAttribute), processed.Tag(WebhookTelemetry.MessageTypeAttribute)));
    }
}
