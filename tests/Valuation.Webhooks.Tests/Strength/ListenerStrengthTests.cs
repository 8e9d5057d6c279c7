using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
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
        using var meters = new Meters();
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
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == WebhookTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, name: "traces-only");

        var result = await processor.ProcessAsync(new WebhookRequest(TestProcessor.Body("m-1"), _ => null));

        Assert.Equal(WebhookOutcome.Unauthorized, result.Outcome);
        Assert.False(WebhookDiagnostics.VerificationFailures.Enabled);
        Assert.Equal("missing", Assert.Single(spans).GetTagItem(WebhookTelemetry.VerificationFailureAttribute));
    }

    [Fact]
    public async Task A_meter_listener_that_appears_while_a_handler_runs_records_no_duration_for_that_handler()
    {
        var time = new FakeTimeProvider();
        Meters? meters = null;
        var processor = new TestProcessor(new TestOptions(), (_, _) =>
        {
            meters ??= new Meters(); // the first handler was not timed: nothing listened when it started
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

    /// <summary>A meter listener of the engine's instruments, alone.</summary>
    private sealed class Meters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<Measured> _measured = new();

        public Meters()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == WebhookTelemetry.SourceName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            _listener.Start();
        }

        public IReadOnlyList<Measured> Of(string instrument) => [.. _measured.Where(m => m.Instrument == instrument)];

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            _measured.Enqueue(new Measured(instrument.Name, instrument.Unit, value, copy));
        }
    }
}

/// <summary>The tests that must be the process's only telemetry listener run alone.</summary>
[CollectionDefinition(ListenerStrengthTests.Collection, DisableParallelization = true)]
public sealed class OnlyTelemetryListener;
