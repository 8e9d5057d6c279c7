using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shared.Signing.Deduplication;
using StackExchange.Redis;
using Valuation.Deduplication.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="RedisMessageDeduplicationStore"/> as the application's <see cref="IMessageDeduplicationStore"/>.</summary>
public static class RedisDeduplicationServiceCollectionExtensions
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
