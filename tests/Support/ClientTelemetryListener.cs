using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Valuation.Tests.Support;

/// <summary>One measurement a <see cref="MeterListener"/> saw.</summary>
internal sealed record Measured(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
}

/// <summary>
/// Listens to a source and meter by name, as a user's listeners would; keeps spans of its own trace only (it starts a
/// root activity), and every measurement (the tests that read metrics run alone: see <see cref="ClientTelemetryTests"/>).
/// </summary>
internal sealed class ClientTelemetryListener : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<Measured> _measured = new();

    public ClientTelemetryListener(string name)
    {
        Root = new Activity("test-root").SetIdFormat(ActivityIdFormat.W3C).Start();
        var trace = Root.TraceId;
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == trace)
                {
                    _spans.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);
        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _meters.Start();
    }

    public Activity Root { get; }

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IReadOnlyList<Measured> Of(string instrument) => [.. _measured.Where(m => m.Instrument == instrument)];

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
        Root.Stop();
    }

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

/// <summary>The client's source and meter are static: tests that count measurements run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClientTelemetryTests
{
    public const string Name = "Client telemetry";
}
