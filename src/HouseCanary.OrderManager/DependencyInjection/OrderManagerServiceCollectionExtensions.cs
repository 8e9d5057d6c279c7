using HouseCanary.OrderManager;
using HouseCanary.OrderManager.Exports;
using HouseCanary.OrderManager.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

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
    /// <param name="configureResilience">Adjusts the standard resilience options (delays, attempts, timeouts), or null. The retry predicate that protects order creation stays in force.</param>
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
    /// <param name="configureResilience">Adjusts the standard resilience options, or null. The retry predicate that protects order creation stays in force.</param>
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


        var builder = services.AddHttpClient<IOrderManagerClient, OrderManagerClient>((sp, http) =>
        {
            http.BaseAddress = sp.GetRequiredService<IOptions<OrderManagerOptions>>().Value.GetNormalizedBaseAddress();

            // Attempts and the total are bounded by the resilience handler instead.
            http.Timeout = Timeout.InfiniteTimeSpan;
        });

        // One pipeline (and so one circuit breaker) per authority: failures of a pre-signed download host (S3)
        // cannot open the API's circuit, nor the API's the download host's.
        var pipeline = builder.AddStandardResilienceHandler(options =>
        {
            configureResilience?.Invoke(options);
            var userPredicate = options.Retry.ShouldHandle;
            options.Retry.ShouldHandle = args => RetryClassifier.ShouldRetry(args, userPredicate);
        });
        pipeline.SelectPipelineByAuthority();

        // A configureResilience whose retry delays add up past TotalRequestTimeout (or whose attempt timeout
        // exceeds it) fails at start-up, not silently or at the first call.
        services.AddSingleton<IValidateOptions<HttpStandardResilienceOptions>>(new ResilienceOptionsValidator(pipeline.PipelineName));
        services.AddOptions<HttpStandardResilienceOptions>(pipeline.PipelineName).ValidateOnStart();

        builder.AddHttpMessageHandler<TokenAuthenticationHandler>();

        // IHttpClientFactory logs request headers at Trace: never the API token.
        builder.RedactLoggedHeaders(["Authorization"]);

        // The default loggers put raw header values in their structured state (only the text is redacted): log each
        // attempt with a logger that redacts both, innermost so that every retry is logged with its own headers.
        builder.RemoveAllLoggers().AddLogger(sp => new Valuation.Http.RedactingHttpClientLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger("HouseCanary.OrderManager.Http.RedactingHttpClientLogger")));
        return builder;
    }
}
