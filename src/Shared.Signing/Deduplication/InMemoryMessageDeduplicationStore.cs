namespace Shared.Signing.Deduplication;

/// <summary>
/// A bounded, thread-safe, in-process <see cref="IMessageDeduplicationStore"/>: the default for a receiver that
/// runs on one machine. When full, the oldest entries are forgotten first.
/// </summary>
public sealed class InMemoryMessageDeduplicationStore : IMessageDeduplicationStore
{
    /// <summary>The default number of messages remembered.</summary>
    public const int DefaultCapacity = 100_000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();
    private readonly TimeProvider _time;

    /// <summary>Initializes a store.</summary>
    /// <param name="capacity">The most messages remembered at once.</param>
    /// <param name="timeProvider">The clock for expiry; the system clock when null.</param>
    public InMemoryMessageDeduplicationStore(int capacity = DefaultCapacity, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the most messages remembered at once.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of messages remembered now (claimed or processed, not yet expired).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<DeduplicationClaim> TryClaimAsync(string key, TimeSpan processingTimeout, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                if (existing.ExpiresAt > now)
                {
                    return ValueTask.FromResult(existing.Completed ? DeduplicationClaim.AlreadyProcessed : DeduplicationClaim.InProgress);
                }

                Remove(key, existing);
            }

            while (_entries.Count >= Capacity)
            {
                string oldest = _order.First!.Value;
                Remove(oldest, _entries[oldest]);
            }

            var node = _order.AddLast(key);
            _entries[key] = new Entry(node, now + processingTimeout, Completed: false);
            return ValueTask.FromResult(DeduplicationClaim.Claimed);
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(string key, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                _entries[key] = existing with { ExpiresAt = now + retention, Completed = true };
            }
            else
            {
                var node = _order.AddLast(key);
                _entries[key] = new Entry(node, now + retention, Completed: true);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing) && !existing.Completed)
            {
                Remove(key, existing);
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Remove(string key, Entry entry)
    {
        _order.Remove(entry.Node);
        _entries.Remove(key);
    }

    private sealed record Entry(LinkedListNode<string> Node, DateTimeOffset ExpiresAt, bool Completed);
}
