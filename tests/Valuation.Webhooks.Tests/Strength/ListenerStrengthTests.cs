using Microsoft.Extensions.Time.Testing;
using Valuation.Webhooks.Diagnostics;

namespace Valuation.Webhooks.Tests.Strength;

/// <summary>
/// What the engine records when only some of its telemetry is listened to: a trace listener without a meter
/// listener, a meter listener without a trace listener, a meter listener that appears while a handler runs. Whether
/// anything listens is process-wide, so these tests run alone.
/// </summary>
[Collection(Collection)]
public class ListenerStrengthTests
{
    /// <summary>The collection of tests that must be the process's only telemetry listener.</summary>
    public const string Collection = "only telemetry listener";

    [Fact]
    public async Task With_only_a_meter_listener_a_verification_failure_is_still_counted()
    {
        using var meters = Listen("meters-only", traces: false);
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, name: "meters-only");

        var result = await processor.ProcessAsync(new WebhookRequest(TestProcessor.Body("m-1"), _ => null));

        Assert.Equal(WebhookOutcome.Unauthorized, result.Outcome);
        Assert.False(WebhookDiagnostics.Source.HasListeners());
        var failure = Assert.Single(meters.Of(WebhookTelemetry.VerificationFailuresInstrument));
        Assert.Equal("missing", failure.Tag(WebhookTelemetry.VerificationFailureAttribute));
    }

    [Fact]
    public async Task With_only_a_trace_listener_a_verification_failure_is_still_named_in_the_span()
    {
        using var traces = Listen("traces-only", meters: false);
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, name: "traces-only");

        var result = await processor.ProcessAsync(new WebhookRequest(TestProcessor.Body("m-1"), _ => null));

        Assert.Equal(WebhookOutcome.Unauthorized, result.Outcome);
        Assert.False(WebhookDiagnostics.VerificationFailures.Enabled);
        Assert.Equal("missing", Assert.Single(traces.Spans).GetTagItem(WebhookTelemetry.VerificationFailureAttribute));
    }

    [Fact]
    public async Task A_meter_listener_that_appears_while_a_handler_runs_records_no_duration_for_that_handler()
    {
        var time = new FakeTimeProvider();
        TelemetryCollector? meters = null;
        var processor = new TestProcessor(new TestOptions(), (_, _) =>
        {
            meters ??= Listen("late-listener", traces: false); // the first handler was not timed: nothing listened when it started
            time.Advance(TimeSpan.FromSeconds(3));
            return Task.CompletedTask;
        }, time: time, name: "late-listener");

        var result = await processor.ProcessAsync(TestProcessor.Request("m-late"));
        using var listening = meters!;
        var timed = await processor.ProcessAsync(TestProcessor.Request("m-timed"));

        Assert.Equal((WebhookOutcome.Processed, WebhookOutcome.Processed), (result.Outcome, timed.Outcome));
        var duration = Assert.Single(listening.Of(WebhookTelemetry.HandlerDurationInstrument)); // only the second one's
        Assert.Equal(3d, duration.Value);
    }

    private static TelemetryCollector Listen(string receiver, bool traces = true, bool meters = true) =>
        new(WebhookTelemetry.SourceName, WebhookTelemetry.ReceiverAttribute, receiver, traces, meters);
}

/// <summary>The tests that must be the process's only telemetry listener run alone.</summary>
[CollectionDefinition(ListenerStrengthTests.Collection, DisableParallelization = true)]
public sealed class OnlyTelemetryListener;
