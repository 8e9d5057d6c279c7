using System.Globalization;

namespace Valuation.Webhooks.Inbox;

/// <summary>
/// An <see cref="IWebhookInbox"/> in this process's memory, for development and tests: the same leases, retries and
/// dead letters as the Redis Streams inbox, but nothing survives a restart and no other process can share it.
/// Thread-safe.
/// </summary>
public sealed class InMemoryWebhookInbox : IWebhookInbox
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Entry> _ready = new();
    private readonly Dictionary<string, Entry> _inFlight = new(StringComparer.Ordinal);
    private readonly List<(DateTimeOffset Due, Entry Entry)> _scheduled = [];
    private readonly Dictionary<string, (Entry Entry, DateTimeOffset FailedAt, string Reason)> _dead = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _sequence;

    /// <summary>Initializes an inbox.</summary>
    /// <param name="name">The inbox's name.</param>
    /// <param name="timeProvider">The clock of leases and retries; the system clock when null.</param>
    public InMemoryWebhookInbox(string name, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ValueTask<string> EnqueueAsync(string deduplicationKey, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deduplicationKey);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            string id = (++_sequence).ToString(CultureInfo.InvariantCulture);
            _ready.AddLast(new Entry(id, deduplicationKey, body.ToArray(), _time.GetUtcNow()));
            return ValueTask.FromResult(id);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<InboxDelivery>> ReceiveAsync(string consumer, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var now = _time.GetUtcNow();
        var taken = new List<InboxDelivery>();
        lock (_gate)
        {
            // A lease that passed: its worker died or stalled; the message is taken again, and that counts.
            foreach (var expired in _inFlight.Values.Where(e => e.LeaseExpires <= now).ToList())
            {
                _inFlight.Remove(expired.Id);
                expired.Attempts++;
                _ready.AddFirst(expired);
            }

            foreach (var due in _scheduled.Where(s => s.Due <= now).OrderBy(s => s.Due).ToList())
            {
                _scheduled.Remove(due);
                _ready.AddLast(due.Entry);
            }

            while (taken.Count < maxCount && _ready.First is { } node)
            {
                _ready.RemoveFirst();
                var entry = node.Value;
                entry.Consumer = consumer;
                entry.LeaseToken = Guid.NewGuid().ToString("N");
                entry.LeaseExpires = now + lease;
                _inFlight[entry.Id] = entry;
                taken.Add(new InboxDelivery(entry.Id, entry.Key, entry.Body, entry.Attempts, entry.EnqueuedAt, consumer, entry.LeaseToken));
            }
        }

        return ValueTask.FromResult<IReadOnlyList<InboxDelivery>>(taken);
    }

    /// <inheritdoc />
    public ValueTask<bool> RenewAsync(InboxDelivery delivery, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (Held(delivery, now) is { } entry)
            {
                entry.LeaseExpires = now + lease;
                return ValueTask.FromResult(true);
            }

            return ValueTask.FromResult(false);
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(InboxDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        lock (_gate)
        {
            // Processed is processed, whoever holds the lease now: remove every copy of this entry.
            _inFlight.Remove(delivery.Id);
            _scheduled.RemoveAll(s => s.Entry.Id == delivery.Id);
            var node = _ready.First;
            while (node is not null)
            {
                var next = node.Next;
                if (node.Value.Id == delivery.Id)
                {
                    _ready.Remove(node);
                }

                node = next;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> RetryAsync(InboxDelivery delivery, DateTimeOffset notBefore, bool countAsAttempt, string? error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        lock (_gate)
        {
            if (Held(delivery, _time.GetUtcNow()) is not { } entry)
            {
                return ValueTask.FromResult(false);
            }

            _inFlight.Remove(entry.Id);
            if (countAsAttempt)
            {
                entry.Attempts++;
            }

            entry.LastError = error;
            _scheduled.Add((notBefore, entry));
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeadLetterAsync(InboxDelivery delivery, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(reason);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (Held(delivery, now) is not { } entry)
            {
                return ValueTask.FromResult(false);
            }

            _inFlight.Remove(entry.Id);
            entry.Attempts++;
            _dead[entry.Id] = (entry, now, reason);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int maxCount = 100, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<DeadLetter> list = _dead.Values
                .OrderBy(d => d.FailedAt)
                .Take(maxCount)
                .Select(d => new DeadLetter(d.Entry.Id, d.Entry.Key, d.Entry.Attempts, d.Entry.EnqueuedAt, d.FailedAt, d.Reason, d.Entry.Body.Length))
                .ToList();
            return ValueTask.FromResult(list);
        }
    }

    /// <inheritdoc />
    public ValueTask<ReadOnlyMemory<byte>?> GetDeadLetterBodyAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            // Not `? body : null`: that types the null as byte[], which converts to an empty (non-null) memory.
            return ValueTask.FromResult(_dead.TryGetValue(id, out var dead) ? new ReadOnlyMemory<byte>(dead.Entry.Body) : (ReadOnlyMemory<byte>?)null);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ReplayDeadLetterAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (!_dead.Remove(id, out var dead))
            {
                return ValueTask.FromResult(false);
            }

            dead.Entry.Attempts = 0;
            dead.Entry.LastError = null;
            _ready.AddLast(dead.Entry);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteDeadLetterAsync(string id, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_dead.Remove(id));
        }
    }

    /// <inheritdoc />
    public ValueTask<WebhookInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var waiting = _ready.Concat(_inFlight.Values).Concat(_scheduled.Select(s => s.Entry)).ToList();
            DateTimeOffset? oldest = waiting.Count == 0 ? null : waiting.Min(e => e.EnqueuedAt);
            return ValueTask.FromResult(new WebhookInboxStatistics(_ready.Count, _inFlight.Count, _scheduled.Count, _dead.Count, oldest));
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"InMemoryWebhookInbox({Name})";

    private Entry? Held(InboxDelivery delivery, DateTimeOffset now) =>
        _inFlight.TryGetValue(delivery.Id, out var entry) && entry.LeaseToken == delivery.LeaseToken ? entry : null;

    private sealed class Entry(string id, string key, byte[] body, DateTimeOffset enqueuedAt)
    {
        public string Id { get; } = id;

        public string Key { get; } = key;

        public byte[] Body { get; } = body;

        public DateTimeOffset EnqueuedAt { get; } = enqueuedAt;

        public int Attempts { get; set; }

        public string? LastError { get; set; }

        public string? Consumer { get; set; }

        public string? LeaseToken { get; set; }

        public DateTimeOffset LeaseExpires { get; set; }
    }
}
