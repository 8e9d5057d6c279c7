using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;
using Valuation.Webhooks.Inbox;
using Valuation.Webhooks.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis de-duplication store and the Redis Streams inbox of webhook receivers.</summary>
public static class RedisWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Replaces the <see cref="IMessageDeduplicationStore"/> (such as the in-memory default a client package
    /// registers) with a Redis store that opens its own connection from <paramref name="configuration"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, such as <c>127.0.0.1:6379</c>.</param>
    /// <returns>The options builder, to configure or validate further.</returns>
    /// <exception cref="ArgumentException"><paramref name="configuration"/> is null or blank.</exception>
    public static OptionsBuilder<RedisDeduplicationOptions> AddRedisMessageDeduplication(this IServiceCollection services, string configuration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return services.AddRedisMessageDeduplication(options => options.Configuration = configuration);
    }

    /// <summary>
    /// Replaces the <see cref="IMessageDeduplicationStore"/> (such as the in-memory default a client package
    /// registers) with a Redis store that opens its own connection from
    /// <see cref="RedisDeduplicationOptions.Configuration"/>. The options are validated when the host starts.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the connection string, key prefix and database.</param>
    /// <returns>The options builder, to configure or validate further.</returns>
    public static OptionsBuilder<RedisDeduplicationOptions> AddRedisMessageDeduplication(this IServiceCollection services, Action<RedisDeduplicationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        return Register(
            services,
            configure,
            requireConfiguration: true,
            static provider => new RedisMessageDeduplicationStore(
                provider.GetRequiredService<IOptions<RedisDeduplicationOptions>>().Value,
                provider.GetService<ILogger<RedisMessageDeduplicationStore>>()));
    }

    /// <summary>
    /// Replaces the <see cref="IMessageDeduplicationStore"/> with a Redis store over a connection the application
    /// already has (and keeps owning), such as one shared with its cache.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="multiplexerFactory">Returns the connection to use.</param>
    /// <param name="configure">Sets the key prefix and database; <see cref="RedisDeduplicationOptions.Configuration"/> is ignored.</param>
    /// <returns>The options builder, to configure or validate further.</returns>
    public static OptionsBuilder<RedisDeduplicationOptions> AddRedisMessageDeduplication(
        this IServiceCollection services,
        Func<IServiceProvider, IConnectionMultiplexer> multiplexerFactory,
        Action<RedisDeduplicationOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(multiplexerFactory);
        return Register(
            services,
            configure ?? (static _ => { }),
            requireConfiguration: false,
            provider => new RedisMessageDeduplicationStore(
                multiplexerFactory(provider),
                provider.GetRequiredService<IOptions<RedisDeduplicationOptions>>().Value,
                provider.GetService<ILogger<RedisMessageDeduplicationStore>>()));
    }

    /// <summary>
    /// Accepts, then processes, across any number of instances: the endpoint stores each verified message in a Redis
    /// Streams inbox and answers 2xx at once; every instance's hosted worker reads it through one consumer group,
    /// retries with back-off, dead-letters after the configured attempts, and takes over the messages of an instance
    /// that died (<c>XAUTOCLAIM</c> once their lease has passed). Also makes the application's
    /// <see cref="IMessageDeduplicationStore"/> the Redis one over the same connection, so that every instance shares
    /// the claims that make each message handled once.
    /// </summary>
    /// <param name="builder">The receiver's builder (from <c>AddHouseCanaryCallouts</c> or <c>AddAppraisalWorksPostbacks</c>).</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, such as <c>127.0.0.1:6379</c> (never logged).</param>
    /// <param name="configureInbox">Adjusts the inbox's keys and consumer group, or null.</param>
    /// <param name="configureWorker">Adjusts the worker (lease, attempts, back-off, concurrency), or null.</param>
    /// <returns>The builder.</returns>
    public static WebhookReceiverBuilder UseRedisInbox(this WebhookReceiverBuilder builder, string configuration, Action<RedisInboxOptions>? configureInbox = null, Action<WebhookInboxOptions>? configureWorker = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        if (!RedisDeduplicationOptions.TryParse(configuration, out _))
        {
            throw new ArgumentException("The Redis configuration string is not valid (its content is not shown because it may hold a password).", nameof(configuration));
        }

        var services = builder.Services;
        services.TryAddSingleton(_ => new RedisWebhookConnection(configuration));
        return builder.UseRedisInbox(sp => sp.GetRequiredService<RedisWebhookConnection>().Multiplexer, configureInbox, configureWorker);
    }

    /// <summary>
    /// Accepts, then processes, across instances, over a Redis connection the application already has (and keeps
    /// owning); see <see cref="UseRedisInbox(WebhookReceiverBuilder, string, Action{RedisInboxOptions}?, Action{WebhookInboxOptions}?)"/>.
    /// </summary>
    /// <param name="builder">The receiver's builder.</param>
    /// <param name="multiplexerFactory">Returns the connection to use.</param>
    /// <param name="configureInbox">Adjusts the inbox's keys and consumer group, or null.</param>
    /// <param name="configureWorker">Adjusts the worker, or null.</param>
    /// <returns>The builder.</returns>
    public static WebhookReceiverBuilder UseRedisInbox(this WebhookReceiverBuilder builder, Func<IServiceProvider, IConnectionMultiplexer> multiplexerFactory, Action<RedisInboxOptions>? configureInbox = null, Action<WebhookInboxOptions>? configureWorker = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(multiplexerFactory);
        var services = builder.Services;
        if (!services.Any(d => d.ServiceType == typeof(RedisMessageDeduplicationStore)))
        {
            services.AddRedisMessageDeduplication(multiplexerFactory);
        }

        var inboxOptions = new RedisInboxOptions();
        configureInbox?.Invoke(inboxOptions);
        return builder.UseInbox((sp, name) => new RedisWebhookInbox(multiplexerFactory(sp), name, inboxOptions, sp.GetRequiredService<TimeProvider>()), configureWorker);
    }

    private static OptionsBuilder<RedisDeduplicationOptions> Register(
        IServiceCollection services,
        Action<RedisDeduplicationOptions> configure,
        bool requireConfiguration,
        Func<IServiceProvider, RedisMessageDeduplicationStore> factory)
    {
        var builder = services.AddOptions<RedisDeduplicationOptions>().Configure(configure).ValidateOnStart();
        // Calling this twice keeps one validator of ours (the last call's rule) and leaves the caller's own alone.
        for (int i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ImplementationInstance is RedisDeduplicationOptionsValidator)
            {
                services.RemoveAt(i);
            }
        }

        services.AddSingleton<IValidateOptions<RedisDeduplicationOptions>>(new RedisDeduplicationOptionsValidator(requireConfiguration));

        services.RemoveAll<RedisMessageDeduplicationStore>();
        services.AddSingleton(factory);
        services.RemoveAll<IMessageDeduplicationStore>();
        services.AddSingleton<IMessageDeduplicationStore>(static provider => provider.GetRequiredService<RedisMessageDeduplicationStore>());
        return builder;
    }
}
