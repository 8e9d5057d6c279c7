namespace Valuation.Webhooks.Deduplication;

/// <summary>
/// A bounded, thread-safe, in-process <see cref="IMessageDeduplicationStore"/>: the default for a receiver that
/// runs on one machine. Claims carry owner tokens and expire by their lease unless renewed. When full, the oldest
/// entries are forgotten first.
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
    /// <param name="timeProvider">The clock for leases and retention; the system clock when null.</param>
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
    public ValueTask<ClaimResult> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                if (existing.ExpiresAt > now)
                {
                    return ValueTask.FromResult(existing.Token is null ? ClaimResult.AlreadyProcessed : ClaimResult.InProgress);
                }

                Remove(key, existing);
            }

            while (_entries.Count >= Capacity)
            {
                string oldest = _order.First!.Value;
                Remove(oldest, _entries[oldest]);
            }

            var claim = MessageClaim.CreateNew(key);
            _entries[key] = new Entry(_order.AddLast(key), now + lease, claim.Token);
            return ValueTask.FromResult(ClaimResult.Claimed(claim));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RenewAsync(MessageClaim claim, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(claim.Key, out var existing) && existing.Token == claim.Token && existing.ExpiresAt > now)
            {
                _entries[claim.Key] = existing with { ExpiresAt = now + lease };
                return ValueTask.FromResult(true);
            }

            return ValueTask.FromResult(false);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> CompleteAsync(MessageClaim claim, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(retention, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_entries.TryGetValue(claim.Key, out var existing))
            {
                bool heldByOther = existing.Token is not null && existing.Token != claim.Token && existing.ExpiresAt > now;
                if (heldByOther)
                {
                    return ValueTask.FromResult(false);
                }

                _entries[claim.Key] = existing with { ExpiresAt = now + retention, Token = null };
            }
            else
            {
                _entries[claim.Key] = new Entry(_order.AddLast(claim.Key), now + retention, Token: null);
            }

            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ReleaseAsync(MessageClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        lock (_gate)
        {
            if (_entries.TryGetValue(claim.Key, out var existing) && existing.Token == claim.Token)
            {
                Remove(claim.Key, existing);
                return ValueTask.FromResult(true);
            }

            return ValueTask.FromResult(false);
        }
    }

    private void Remove(string key, Entry entry)
    {
        _order.Remove(entry.Node);
        _entries.Remove(key);
    }

    /// <summary>An entry: a claim (with its owner token) or, when the token is null, a processed message.</summary>
    private sealed record Entry(LinkedListNode<string> Node, DateTimeOffset ExpiresAt, string? Token);
}
