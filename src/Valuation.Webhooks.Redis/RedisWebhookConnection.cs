using StackExchange.Redis;

namespace Valuation.Webhooks.Redis;

/// <summary>
/// The Redis connection that <c>UseRedisInbox(configuration)</c> opens (once, on first use) and shares between the
/// inbox and the de-duplication store, and closes when the container is disposed. Keeps reconnecting in the
/// background, so a Redis that starts after the application is picked up.
/// </summary>
public sealed class RedisWebhookConnection : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _multiplexer;

    /// <summary>Initializes a connection holder.</summary>
    /// <param name="configuration">A StackExchange.Redis configuration string (never logged).</param>
    public RedisWebhookConnection(string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        if (!RedisDeduplicationOptions.TryParse(configuration, out var options))
        {
            throw new ArgumentException("The Redis configuration string is not valid (its content is not shown because it may hold a password).", nameof(configuration));
        }

        options.AbortOnConnectFail = false;
        _multiplexer = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Gets the connection, opening it on first use.</summary>
    public IConnectionMultiplexer Multiplexer => _multiplexer.Value;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_multiplexer.IsValueCreated)
        {
            _multiplexer.Value.Dispose();
        }
    }

    /// <inheritdoc />
    public override string ToString() => "RedisWebhookConnection";
}
