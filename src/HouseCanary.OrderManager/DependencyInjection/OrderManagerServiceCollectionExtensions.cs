using HouseCanary.OrderManager;
using HouseCanary.OrderManager.Diagnostics;
using HouseCanary.OrderManager.Exports;
using HouseCanary.OrderManager.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Valuation.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the HouseCanary Order Manager client (callouts: <c>AddHouseCanaryCallouts</c>, which needs no API token).</summary>
public static class OrderManagerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IOrderManagerClient"/> with options bound from <paramref name="configuration"/>
    /// (such as <c>configuration.GetSection("HouseCanary")</c>) and validated on start.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding <c>BaseAddress</c>, <c>ApiToken</c>, <c>OwnerOrganizationId</c>, <c>OwnerId</c>.</param>
    /// <param name="configureResilience">Adjusts the standard resilience options after <see cref="OrderManagerOptions"/> set them (for example <c>Retry.OnRetry</c> or the circuit breaker), or null. The retry rule that protects order creation stays in force.</param>
    /// <returns>The typed client's builder, to add handlers.</returns>
    public static IHttpClientBuilder AddHouseCanaryOrderManager(this IServiceCollection services, IConfiguration configuration, Action<HttpStandardResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<OrderManagerOptions>().Bind(configuration);
        return AddCore(services, configureResilience);
    }

    /// <summary>Registers <see cref="IOrderManagerClient"/> with options set in code and validated on start.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="configureResilience">Adjusts the standard resilience options after <see cref="OrderManagerOptions"/> set them, or null. The retry rule that protects order creation stays in force.</param>
    /// <returns>The typed client's builder, to add handlers.</returns>
    public static IHttpClientBuilder AddHouseCanaryOrderManager(this IServiceCollection services, Action<OrderManagerOptions> configure, Action<HttpStandardResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<OrderManagerOptions>().Configure(configure);
        return AddCore(services, configureResilience);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, Action<HttpStandardResilienceOptions>? configureResilience)
    {
        services.AddOptions<OrderManagerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OrderManagerOptions>, OrderManagerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient<TokenAuthenticationHandler>();
        services.TryAddSingleton(sp => new ExportNaming(sp.GetRequiredService<TimeProvider>()));

        // Built here (not activated) so that the client gets its logger of what happened through its internal constructor.
        var builder = services.AddHttpClient<IOrderManagerClient, OrderManagerClient>((http, sp) => new OrderManagerClient(
            http,
            sp.GetRequiredService<IOptionsMonitor<OrderManagerOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger(HouseCanaryTelemetry.Client.LoggerCategory)));
        builder.ConfigureHttpClient((sp, http) =>
            http.BaseAddress = sp.GetRequiredService<IOptions<OrderManagerOptions>>().Value.GetNormalizedBaseAddress());

        // The same shape as AppraisalWorks: no redirects, resilience outermost (GETs retried on transient failures,
        // POSTs only when nothing was sent), then the token handler on every attempt, then a redacting logger.
        return builder.AddOutboundPipeline<TokenAuthenticationHandler>(
            sp =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<OrderManagerOptions>>().CurrentValue;
                return new OutboundResilienceSettings(options.AttemptTimeout, options.TotalRequestTimeout, options.MaxRetryAttempts, options.RetryBaseDelay);
            },
            configureResilience,
            "HouseCanary",
            "HouseCanary.OrderManager.Http.RedactingHttpClientLogger",
            HouseCanaryTelemetry.Client);
    }
}
