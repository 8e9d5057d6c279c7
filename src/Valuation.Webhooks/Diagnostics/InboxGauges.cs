using System.Diagnostics.Metrics;
using Valuation.Webhooks.Inbox;

namespace Valuation.Webhooks.Diagnostics;

/// <summary>
/// Feeds the inbox gauges. Each inbox a worker processes is registered here while the worker lives; a scrape reads
/// the statistics last sampled and, when they are older than the worker's
/// <see cref="WebhookInboxOptions.StatisticsInterval"/>, starts one refresh in the background (never more than one
/// per inbox at a time, bounded by <see cref="RefreshTimeout"/>), so a scrape never waits for Redis and a scraper
/// that polls every second does not query it every second. A refresh that completes at once (the in-memory inbox)
/// is seen by the same scrape. A failed refresh clears the sample: a gauge reports nothing rather than stale counts.
/// </summary>
internal static class InboxGauges
{
    /// <summary>The longest a refresh may take.</summary>
    public static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(5);

    private static readonly Lock Gate = new();
    private static readonly Dictionary<IWebhookInbox, Sampler> Samplers = new(ReferenceEqualityComparer.Instance);

    /// <summary>Registers an inbox (counted: two workers of one inbox report it once).</summary>
    /// <param name="inbox">The inbox.</param>
    /// <param name="interval">How old a sample may be before a scrape refreshes it.</param>
    /// <param name="time">The clock of sampling and ages.</param>
    public static void Register(IWebhookInbox inbox, TimeSpan interval, TimeProvider time)
    {
        lock (Gate)
        {
            if (Samplers.TryGetValue(inbox, out var sampler))
            {
                sampler.References++;
            }
            else
            {
                Samplers.Add(inbox, new Sampler(inbox, interval, time));
            }
        }

        // Create the gauges (the diagnostics class is initialized on first use).
        _ = WebhookDiagnostics.InboxDepth;
    }

    /// <summary>Unregisters an inbox once its last worker is gone.</summary>
    /// <param name="inbox">The inbox.</param>
    public static void Unregister(IWebhookInbox inbox)
    {
        lock (Gate)
        {
            if (Samplers.TryGetValue(inbox, out var sampler) && --sampler.References == 0)
            {
                Samplers.Remove(inbox);
            }
        }
    }

    public static IEnumerable<Measurement<long>> ObserveDepth()
    {
        var measurements = new List<Measurement<long>>();
        foreach (var sampler in Snapshot())
        {
            if (sampler.Sample() is { } stats)
            {
                measurements.Add(Depth(sampler.Name, "ready", stats.Ready));
                measurements.Add(Depth(sampler.Name, "in_flight", stats.InFlight));
                measurements.Add(Depth(sampler.Name, "scheduled", stats.Scheduled));
                measurements.Add(Depth(sampler.Name, "dead_lettered", stats.DeadLettered));
            }
        }

        return measurements;
    }

    public static IEnumerable<Measurement<double>> ObserveAge()
    {
        var measurements = new List<Measurement<double>>();
        foreach (var sampler in Snapshot())
        {
            if (sampler.Sample() is { } stats)
            {
                double age = stats.OldestEnqueuedAt is { } oldest ? Math.Max(0, (sampler.Time.GetUtcNow() - oldest).TotalSeconds) : 0;
                measurements.Add(new Measurement<double>(age, new KeyValuePair<string, object?>(WebhookTelemetry.InboxAttribute, sampler.Name)));
            }
        }

        return measurements;
    }

    private static Measurement<long> Depth(string inbox, string state, long value) =>
        new(value, new KeyValuePair<string, object?>(WebhookTelemetry.InboxAttribute, inbox), new KeyValuePair<string, object?>(WebhookTelemetry.InboxStateAttribute, state));

    private static Sampler[] Snapshot()
    {
        lock (Gate)
        {
            return [.. Samplers.Values];
        }
    }

    private sealed class Sampler(IWebhookInbox inbox, TimeSpan interval, TimeProvider time)
    {
        private readonly Lock _gate = new();
        private WebhookInboxStatistics? _latest;
        private DateTimeOffset _sampledAt = DateTimeOffset.MinValue;
        private bool _refreshing;

        public int References { get; set; } = 1;

        public string Name { get; } = inbox.Name;

        public TimeProvider Time { get; } = time;

        /// <summary>Gets the latest sample, first starting a refresh when it is due.</summary>
        public WebhookInboxStatistics? Sample()
        {
            lock (_gate)
            {
                if (_refreshing || Time.GetUtcNow() - _sampledAt < interval)
                {
                    return _latest;
                }

                _refreshing = true;
            }

            ValueTask<WebhookInboxStatistics> pending;
            CancellationTokenSource timeout = new(RefreshTimeout, Time);
            try
            {
                pending = inbox.GetStatisticsAsync(timeout.Token);
            }
#pragma warning disable CA1031 // A gauge must never throw into the scrape; a failed sample reports nothing.
            catch (Exception)
#pragma warning restore CA1031
            {
                timeout.Dispose();
                Store(null);
                return null;
            }

            if (pending.IsCompleted)
            {
                timeout.Dispose();
                Store(pending.IsCompletedSuccessfully ? pending.Result : Observe(pending));
                lock (_gate)
                {
                    return _latest;
                }
            }

            _ = CompleteAsync(pending, timeout);
            lock (_gate)
            {
                return _latest;
            }
        }

        private static WebhookInboxStatistics? Observe(ValueTask<WebhookInboxStatistics> faulted)
        {
            try
            {
                _ = faulted.Result;
            }
#pragma warning disable CA1031 // See above.
            catch (Exception)
#pragma warning restore CA1031
            {
                // Observed, so that it is not reported as unobserved.
            }

            return null;
        }

        private async Task CompleteAsync(ValueTask<WebhookInboxStatistics> pending, CancellationTokenSource timeout)
        {
            WebhookInboxStatistics? result = null;
            try
            {
                // Bounded even when the inbox ignores its token: a refresh that never ends would freeze the sample.
                result = await pending.AsTask().WaitAsync(RefreshTimeout, Time).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // See above.
            catch (Exception)
#pragma warning restore CA1031
            {
                result = null;
            }
            finally
            {
                timeout.Dispose();
            }

            Store(result);
        }

        private void Store(WebhookInboxStatistics? result)
        {
            lock (_gate)
            {
                _latest = result;
                _sampledAt = Time.GetUtcNow();
                _refreshing = false;
            }
        }
    }
}
