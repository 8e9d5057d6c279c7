using System.Globalization;
using StackExchange.Redis;
using Valuation.Webhooks.Inbox;

namespace Valuation.Webhooks.Redis;

/// <summary>
/// A durable <see cref="IWebhookInbox"/> on Redis Streams, shared by every instance of a receiver: messages are
/// stream entries read through one consumer group; a worker holds an entry as a pending entry (its lease, renewed by a
/// compare-and-set <c>XCLAIM</c> while it works), and the pending entries of a worker that died are taken again with
/// <c>XAUTOCLAIM</c> once they have been idle for the lease. Retries wait in a sorted set until due; dead letters in a
/// hash with a sorted index. Every step that moves a message is one Lua script, and checks that the caller still
/// owns it.
/// </summary>
/// <remarks>
/// Durability is Redis's: with persistence off (or an <c>appendfsync</c> that can lose the last second), a message a
/// Redis crash loses is one the vendor already got a 2xx for. Run Redis with AOF for an inbox. Thread-safe.
/// </remarks>
public sealed class RedisWebhookInbox : IWebhookInbox
{
    private const int PromoteBatch = 100;

    private readonly IConnectionMultiplexer _multiplexer;
    private readonly RedisInboxOptions _options;
    private readonly TimeProvider _time;
    private readonly RedisKey _stream;
    private readonly RedisKey _retry;
    private readonly RedisKey _parked;
    private readonly RedisKey _dead;
    private readonly RedisKey _deadIndex;
    private volatile bool _groupReady;

    /// <summary>Initializes an inbox over a connection the caller keeps owning.</summary>
    /// <param name="multiplexer">The Redis connection.</param>
    /// <param name="name">The inbox's (receiver's) name.</param>
    /// <param name="options">Key prefix, consumer group and database; defaults when null.</param>
    /// <param name="timeProvider">The clock of retries; the system clock when null.</param>
    public RedisWebhookInbox(IConnectionMultiplexer multiplexer, string name, RedisInboxOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(multiplexer);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException("An inbox name must not contain '{' or '}' (it is a Redis Cluster hash tag).", nameof(name));
        }

        _multiplexer = multiplexer;
        _options = options ?? new RedisInboxOptions();
        ArgumentException.ThrowIfNullOrEmpty(_options.ConsumerGroup, nameof(options));
        _time = timeProvider ?? TimeProvider.System;
        Name = name;
        string root = _options.KeyPrefix + "{" + name + "}:";
        _stream = root + "stream";
        _retry = root + "retry";
        _parked = root + "parked";
        _dead = root + "dead";
        _deadIndex = root + "dead-index";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets the key of the inbox's stream.</summary>
    public string StreamKey => _stream.ToString();

    private IDatabase Database => _multiplexer.GetDatabase(_options.Database);

    /// <inheritdoc />
    public async ValueTask<string> EnqueueAsync(string deduplicationKey, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(deduplicationKey);
        await EnsureGroupAsync().ConfigureAwait(false);
        RedisValue id = await Database.StreamAddAsync(
            _stream,
            [new("k", deduplicationKey), new("b", body), new("a", 0), new("t", _time.GetUtcNow().ToUnixTimeMilliseconds()), new("e", RedisValue.EmptyString)])
            .WaitAsync(cancellationToken)
            .ConfigureAwait(false);
        return id.ToString();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<InboxDelivery>> ReceiveAsync(string consumer, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        await EnsureGroupAsync().ConfigureAwait(false);
        var database = Database;
        await database.ScriptEvaluateAsync(RedisInboxScripts.Promote, [_stream, _retry, _parked], [_time.GetUtcNow().ToUnixTimeMilliseconds(), PromoteBatch])
            .WaitAsync(cancellationToken).ConfigureAwait(false);

        var deliveries = new List<InboxDelivery>();
        var reclaimed = (RedisResult[])(await database.ScriptEvaluateAsync(
            RedisInboxScripts.Reclaim,
            [_stream],
            [_options.ConsumerGroup, consumer, (long)Math.Max(1, lease.TotalMilliseconds), maxCount]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
        foreach (var item in reclaimed)
        {
            var parts = (RedisResult[])item!;
            var fields = (RedisValue[])parts[1]!;
            deliveries.Add(ToDelivery((string)parts[0]!, fields, (int)parts[2] - 1, consumer));
        }

        if (deliveries.Count < maxCount)
        {
            var fresh = await database.StreamReadGroupAsync(_stream, _options.ConsumerGroup, consumer, StreamPosition.NewMessages, maxCount - deliveries.Count)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            foreach (var entry in fresh)
            {
                if (!entry.IsNull)
                {
                    deliveries.Add(ToDelivery(entry.Id.ToString(), entry.Values.SelectMany(v => new[] { v.Name, v.Value }).ToArray(), abandoned: 0, consumer));
                }
            }
        }

        return deliveries;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RenewAsync(InboxDelivery delivery, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var renewed = await Database.ScriptEvaluateAsync(RedisInboxScripts.Renew, [_stream], [_options.ConsumerGroup, delivery.Consumer, delivery.Id])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (int)renewed == 1;
    }

    /// <inheritdoc />
    public async ValueTask CompleteAsync(InboxDelivery delivery, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        await Database.ScriptEvaluateAsync(RedisInboxScripts.Complete, [_stream], [_options.ConsumerGroup, delivery.Id])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> RetryAsync(InboxDelivery delivery, DateTimeOffset notBefore, bool countAsAttempt, string? error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var parked = await Database.ScriptEvaluateAsync(
            RedisInboxScripts.Park,
            [_stream, _retry, _parked],
            [_options.ConsumerGroup, delivery.Consumer, delivery.Id, notBefore.ToUnixTimeMilliseconds(), countAsAttempt ? 1 : 0, Truncate(error), 0])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (int)parked == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeadLetterAsync(InboxDelivery delivery, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var moved = await Database.ScriptEvaluateAsync(
            RedisInboxScripts.Park,
            [_stream, _deadIndex, _dead],
            [_options.ConsumerGroup, delivery.Consumer, delivery.Id, _time.GetUtcNow().ToUnixTimeMilliseconds(), 1, Truncate(reason), 1])
            .WaitAsync(cancellationToken).ConfigureAwait(false);
        return (int)moved == 1;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int maxCount = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var rows = (RedisResult[])(await Database.ScriptEvaluateAsync(RedisInboxScripts.ListDead, [_deadIndex, _dead], [maxCount]).WaitAsync(cancellationToken).ConfigureAwait(false))!;
        return rows.Select(row =>
        {
            var v = (RedisResult[])row!;
            return new DeadLetter(
                (string)v[0]!,
                (string)v[1]!,
                int.Parse((string)v[2]!, CultureInfo.InvariantCulture),
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)v[3]!, CultureInfo.InvariantCulture)),
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)v[5]!, CultureInfo.InvariantCulture)),
                (string)v[4]!,
                (long)v[6]);
        }).ToList();
    }

    /// <inheritdoc />
    public async ValueTask<ReadOnlyMemory<byte>?> GetDeadLetterBodyAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var body = await Database.HashGetAsync(_dead, id + ":b").WaitAsync(cancellationToken).ConfigureAwait(false);
        return body.IsNull ? null : (ReadOnlyMemory<byte>)(byte[])body!;
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReplayDeadLetterAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        await EnsureGroupAsync().ConfigureAwait(false);
        var replayed = await Database.ScriptEvaluateAsync(RedisInboxScripts.Replay, [_stream, _deadIndex, _dead], [id]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (int)replayed == 1;
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteDeadLetterAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var deleted = await Database.ScriptEvaluateAsync(RedisInboxScripts.Delete, [_deadIndex, _dead], [id]).WaitAsync(cancellationToken).ConfigureAwait(false);
        return (int)deleted == 1;
    }

    /// <inheritdoc />
    public async ValueTask<WebhookInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default)
    {
        var v = (RedisResult[])(await Database.ScriptEvaluateAsync(RedisInboxScripts.Statistics, [_stream, _retry, _deadIndex, _parked], [_options.ConsumerGroup])
            .WaitAsync(cancellationToken).ConfigureAwait(false))!;
        long length = (long)v[0], pending = (long)v[1];
        long[] oldest = [long.Parse((string)v[4]!, CultureInfo.InvariantCulture), long.Parse((string)v[5]!, CultureInfo.InvariantCulture)];
        long first = oldest.Where(t => t > 0).DefaultIfEmpty(0).Min();
        return new WebhookInboxStatistics(length - pending, pending, (long)v[2], (long)v[3], first > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(first) : null);
    }

    /// <inheritdoc />
    public override string ToString() => $"RedisWebhookInbox({Name}, {_stream})";

    private static string Truncate(string? text) => text is null ? string.Empty : text.Length > 1024 ? text[..1024] : text;

    private static InboxDelivery ToDelivery(string id, RedisValue[] pairs, int abandoned, string consumer)
    {
        string key = string.Empty;
        ReadOnlyMemory<byte> body = ReadOnlyMemory<byte>.Empty;
        int attempts = 0;
        long enqueued = 0;
        for (int i = 0; i + 1 < pairs.Length; i += 2)
        {
            switch ((string?)pairs[i])
            {
                case "k":
                    key = (string)pairs[i + 1]!;
                    break;
                case "b":
                    body = (byte[])pairs[i + 1]!;
                    break;
                case "a":
                    attempts = (int)pairs[i + 1];
                    break;
                case "t":
                    enqueued = (long)pairs[i + 1];
                    break;
                default:
                    break;
            }
        }

        return new InboxDelivery(id, key, body, attempts + Math.Max(0, abandoned), DateTimeOffset.FromUnixTimeMilliseconds(enqueued), consumer, id);
    }

    private async ValueTask EnsureGroupAsync()
    {
        if (_groupReady)
        {
            return;
        }

        try
        {
            await Database.StreamCreateConsumerGroupAsync(_stream, _options.ConsumerGroup, StreamPosition.Beginning, createStream: true).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.Contains("BUSYGROUP", StringComparison.Ordinal))
        {
            // Created by another instance, or by this one before a restart.
        }

        _groupReady = true;
    }
}
