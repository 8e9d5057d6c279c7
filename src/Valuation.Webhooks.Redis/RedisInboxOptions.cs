namespace Valuation.Webhooks.Redis;

/// <summary>How a <see cref="RedisWebhookInbox"/> names its Redis keys and its consumer group.</summary>
public sealed class RedisInboxOptions
{
    /// <summary>The default <see cref="KeyPrefix"/>.</summary>
    public const string DefaultKeyPrefix = "valuation:inbox:";

    /// <summary>The default <see cref="ConsumerGroup"/>.</summary>
    public const string DefaultConsumerGroup = "workers";

    /// <summary>
    /// Gets or sets the prefix of the inbox's keys (default <see cref="DefaultKeyPrefix"/>); the keys are
    /// <c>{prefix}{{name}}:stream</c>, <c>:retry</c>, <c>:parked</c>, <c>:dead</c> and <c>:dead-index</c>, where the
    /// receiver's name in braces is a Redis Cluster hash tag. Give each application sharing a Redis its own.
    /// </summary>
    public string KeyPrefix { get; set; } = DefaultKeyPrefix;

    /// <summary>Gets or sets the stream's consumer group, shared by every worker of the inbox (default <see cref="DefaultConsumerGroup"/>).</summary>
    public string ConsumerGroup { get; set; } = DefaultConsumerGroup;

    /// <summary>Gets or sets the Redis logical database number; -1 (the default) means the connection's default.</summary>
    public int Database { get; set; } = -1;

    /// <inheritdoc />
    public override string ToString() => $"RedisInboxOptions(KeyPrefix: {KeyPrefix}, ConsumerGroup: {ConsumerGroup}, Database: {Database})";
}
