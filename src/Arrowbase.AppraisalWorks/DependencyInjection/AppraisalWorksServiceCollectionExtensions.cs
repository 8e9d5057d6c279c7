using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Diagnostics;
using Arrowbase.AppraisalWorks.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Valuation.Http;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the AppraisalWorks client and its signed and resilient HTTP pipeline (postbacks: <c>AddAppraisalWorksPostbacks</c>).</summary>
public static class AppraisalWorksServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IAppraisalWorksClient"/> with options bound from <paramref name="configuration"/> (such as
    /// <c>configuration.GetSection("AppraisalWorks")</c>) and validated on start.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration section.</param>
    /// <param name="configureResilience">Adjusts the standard resilience options after <see cref="AppraisalWorksOptions"/> set them (for example <c>Retry.OnRetry</c> or the circuit breaker), or null. The retry rule that protects POSTs and PUTs stays in force.</param>
    /// <returns>The typed client's builder, to add handlers.</returns>
    public static IHttpClientBuilder AddAppraisalWorks(this IServiceCollection services, IConfiguration configuration, Action<HttpStandardResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AppraisalWorksOptions>().Bind(configuration);
        return AddCore(services, configureResilience);
    }

    /// <summary>Registers <see cref="IAppraisalWorksClient"/> with options set in code and validated on start.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <param name="configureResilience">Adjusts the standard resilience options after <see cref="AppraisalWorksOptions"/> set them, or null. The retry rule that protects POSTs and PUTs stays in force.</param>
    /// <returns>The typed client's builder, to add handlers.</returns>
    public static IHttpClientBuilder AddAppraisalWorks(this IServiceCollection services, Action<AppraisalWorksOptions> configure, Action<HttpStandardResilienceOptions>? configureResilience = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AppraisalWorksOptions>().Configure(configure);
        return AddCore(services, configureResilience);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services, Action<HttpStandardResilienceOptions>? configureResilience)
    {
        services.AddOptions<AppraisalWorksOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AppraisalWorksOptions>, AppraisalWorksOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient(sp => new HmacSigningHandler(sp.GetRequiredService<IOptionsMonitor<AppraisalWorksOptions>>(), sp.GetRequiredService<TimeProvider>()));

        var builder = services.AddHttpClient<IAppraisalWorksClient, AppraisalWorksClient>(
            (http, sp) => new AppraisalWorksClient(
                http,
                sp.GetRequiredService<IOptionsMonitor<AppraisalWorksOptions>>(),
                sp.GetService<ILoggerFactory>()?.CreateLogger(AppraisalWorksTelemetry.Client.LoggerCategory)));
        builder.ConfigureHttpClient((sp, http) => http.BaseAddress = sp.GetRequiredService<IOptionsMonitor<AppraisalWorksOptions>>().CurrentValue.BaseAddress);

        // The same shape as HouseCanary: no redirects, resilience outermost (GETs retried on transient failures,
        // POSTs and PUTs only when nothing was sent), then the signer, so every attempt is signed afresh.
        return builder.AddOutboundPipeline<HmacSigningHandler>(
            sp =>
            {
                var options = sp.GetRequiredService<IOptionsMonitor<AppraisalWorksOptions>>().CurrentValue;
                return new OutboundResilienceSettings(options.AttemptTimeout, options.TotalRequestTimeout, options.MaxRetryAttempts, options.RetryBaseDelay);
            },
            configureResilience,
            "AppraisalWorks",
            "Arrowbase.AppraisalWorks.Http.RedactingHttpClientLogger",
            AppraisalWorksTelemetry.Client);
    }
}
