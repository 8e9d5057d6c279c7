using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Valuation.Webhooks.Tests;

/// <summary>One measurement a <see cref="MeterListener"/> saw.</summary>
public sealed record Measured(string Instrument, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
{
    public string? Tag(string name) => Tags.TryGetValue(name, out var v) ? Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) : null;
}

/// <summary>
/// Listens to one <see cref="ActivitySource"/> and <see cref="Meter"/> by name, as a user's listener would. The
/// engine's source and meter are static and tests run in parallel, so a test keeps only what is its own: spans of
/// its own trace (it starts a root activity) and measurements whose tag <paramref name="tagName"/> has its value.
/// <paramref name="traces"/> or <paramref name="meters"/> false listens to the other only.
/// </summary>
public sealed class TelemetryCollector : IDisposable
{
    private readonly ActivityListener? _activities;
    private readonly MeterListener? _meters;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<Measured> _measured = new();
    private readonly string _tagName;
    private readonly string _tagValue;

    public TelemetryCollector(string sourceName, string tagName, string tagValue, bool traces = true, bool meters = true)
    {
        _tagName = tagName;
        _tagValue = tagValue;
        Root = new Activity("test-root").SetIdFormat(ActivityIdFormat.W3C).Start();
        var trace = Root.TraceId;
        if (traces)
        {
            _activities = new ActivityListener
            {
                ShouldListenTo = s => s.Name == sourceName,
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
        }

        if (!meters)
        {
            return;
        }

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == sourceName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _meters.Start();
    }

    /// <summary>Gets the root activity of the test's trace (current on the test's flow).</summary>
    public Activity Root { get; }

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IReadOnlyList<Measured> Measurements => [.. _measured];

    public IReadOnlyList<Measured> Of(string instrument) => [.. _measured.Where(m => m.Instrument == instrument)];

    /// <summary>Asks every observable instrument for its current value.</summary>
    public void Observe() => _meters?.RecordObservableInstruments();

    public void Dispose()
    {
        _meters?.Dispose();
        _activities?.Dispose();
        Root.Stop();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value;
        }

        if (copy.TryGetValue(_tagName, out var v) && Equals(v, _tagValue))
        {
            _measured.Enqueue(new Measured(instrument.Name, instrument.Unit, value, copy));
        }
    }
}
