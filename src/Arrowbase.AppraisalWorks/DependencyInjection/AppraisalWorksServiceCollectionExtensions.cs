using System.Net.Http;
using System.Net.Sockets;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

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
    /// <returns>The typed client's builder, to add handlers.</returns>
    public static IHttpClientBuilder AddAppraisalWorks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AppraisalWorksOptions>().Bind(configuration);
        return AddCore(services);
    }

    /// <summary>Registers <see cref="IAppraisalWorksClient"/> with options set in code and validated on start.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The typed client's builder, to add handlers.</returns>
    public static IHttpClientBuilder AddAppraisalWorks(this IServiceCollection services, Action<AppraisalWorksOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<AppraisalWorksOptions>().Configure(configure);
        return AddCore(services);
    }

    private static IHttpClientBuilder AddCore(IServiceCollection services)
    {
        services.AddOptions<AppraisalWorksOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AppraisalWorksOptions>, AppraisalWorksOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddTransient(sp => new HmacSigningHandler(sp.GetRequiredService<IOptionsMonitor<AppraisalWorksOptions>>(), sp.GetRequiredService<TimeProvider>()));

        var builder = services.AddHttpClient<IAppraisalWorksClient, AppraisalWorksClient>(
            (http, sp) => new AppraisalWorksClient(http, sp.GetRequiredService<IOptionsMonitor<AppraisalWorksOptions>>()));
        builder.ConfigureHttpClient((sp, http) =>
        {
            // The resilience handler's total timeout governs; HttpClient's own 100 s default would kill large uploads.
            http.Timeout = Timeout.InfiniteTimeSpan;
            http.BaseAddress = sp.GetRequiredService<IOptionsMonitor<AppraisalWorksOptions>>().CurrentValue.BaseAddress;
        });

        // Resilience first (outermost), then the signer, so that every attempt is signed afresh.
        builder.AddStandardResilienceHandler().Configure((resilience, sp) =>
        {
            var options = sp.GetRequiredService<IOptionsMonitor<AppraisalWorksOptions>>().CurrentValue;
            resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
            resilience.TotalRequestTimeout.Timeout = options.TotalRequestTimeout;
            var sampling = options.AttemptTimeout * 2;
            resilience.CircuitBreaker.SamplingDuration = sampling > TimeSpan.FromSeconds(30) ? sampling : TimeSpan.FromSeconds(30);
            resilience.Retry.MaxRetryAttempts = Math.Max(1, options.MaxRetryAttempts);
            resilience.Retry.Delay = options.RetryBaseDelay;
            bool retriesEnabled = options.MaxRetryAttempts > 0;
            resilience.Retry.ShouldHandle = args => ValueTask.FromResult(retriesEnabled && ShouldRetry(args.Outcome, args.Context));
        });
        builder.AddHttpMessageHandler<HmacSigningHandler>();

        // IHttpClientFactory logs request headers at Trace: never the signature header.
        builder.RedactLoggedHeaders(["Authorization"]);

        // The default loggers put raw header values in their structured state (only the text is redacted): log each
        // attempt with a logger that redacts both, innermost so that every retry is logged with its own headers.
        builder.RemoveAllLoggers().AddLogger(sp => new Valuation.Http.RedactingHttpClientLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger("Arrowbase.AppraisalWorks.Http.RedactingHttpClientLogger")));
        return builder;
    }

    /// <summary>
    /// Retries transient failures of GET and PUT. A POST (create order, comment, document) is retried only when the
    /// failure proves nothing was sent (connection refused): a retried create links a second, billable product.
    /// </summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (outcome.Exception is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } })
        {
            return true;
        }

        var method = outcome.Result?.RequestMessage?.Method ?? context.GetRequestMessage()?.Method;
        if (method is null || method == HttpMethod.Post)
        {
            return false;
        }

        return HttpClientResiliencePredicates.IsTransient(outcome);
    }
}
