using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace Valuation.Http;

/// <summary>The resilience settings a client's options give (the same names in both packages).</summary>
/// <param name="AttemptTimeout">One attempt's limit, until the response headers.</param>
/// <param name="TotalRequestTimeout">The whole call's limit.</param>
/// <param name="MaxRetryAttempts">The most retries (0: none).</param>
/// <param name="RetryBaseDelay">The base of the exponential, jittered back-off.</param>
internal sealed record OutboundResilienceSettings(TimeSpan AttemptTimeout, TimeSpan TotalRequestTimeout, int MaxRetryAttempts, TimeSpan RetryBaseDelay);

/// <summary>
/// Builds both clients' handler shape the same way: no HttpClient timeout (the pipeline bounds each call), a
/// primary handler that does not follow redirects, the standard resilience handler outermost (its retry predicate
/// replaced by <see cref="RetryClassifier"/>, one pipeline per authority), then the vendor's auth handler, so every
/// attempt is authenticated afresh, and a logger that redacts credentials.
/// </summary>
internal static class OutboundResilience
{
    /// <summary>Configures <paramref name="builder"/>.</summary>
    /// <typeparam name="TAuthHandler">The vendor's auth handler, resolved from the container per handler chain.</typeparam>
    /// <param name="builder">The typed client's builder.</param>
    /// <param name="settings">Reads the resilience settings from the client's options.</param>
    /// <param name="configureResilience">The user's adjustments of the standard options (after the settings), or null. The retry predicate stays in force.</param>
    /// <param name="vendorName">The vendor's name for validation messages.</param>
    /// <param name="loggerCategory">The category of the redacting logger.</param>
    /// <param name="telemetry">The package's telemetry: every retry is counted and logged at Warning (before the user's own <c>OnRetry</c>, which stays in force).</param>
    /// <returns>The builder.</returns>
    public static IHttpClientBuilder AddOutboundPipeline<TAuthHandler>(
        this IHttpClientBuilder builder,
        Func<IServiceProvider, OutboundResilienceSettings> settings,
        Action<HttpStandardResilienceOptions>? configureResilience,
        string vendorName,
        string loggerCategory,
        ClientTelemetry telemetry)
        where TAuthHandler : DelegatingHandler
    {
        // The pipeline's own timeouts bound each call, body included; HttpClient's would cut large streams.
        builder.ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan);
        builder.ConfigurePrimaryHttpMessageHandler(CreatePrimaryHandler);

        var pipeline = builder.AddStandardResilienceHandler();
        pipeline.Configure((options, sp) =>
        {
            var s = settings(sp);
            options.AttemptTimeout.Timeout = s.AttemptTimeout;
            options.TotalRequestTimeout.Timeout = s.TotalRequestTimeout;
            var sampling = s.AttemptTimeout * 2;
            options.CircuitBreaker.SamplingDuration = sampling > TimeSpan.FromSeconds(30) ? sampling : TimeSpan.FromSeconds(30);
            options.Retry.MaxRetryAttempts = Math.Max(1, s.MaxRetryAttempts);
            options.Retry.Delay = s.RetryBaseDelay;
            configureResilience?.Invoke(options);

            bool retries = s.MaxRetryAttempts > 0;
            var safeMethodPredicate = options.Retry.ShouldHandle;
            var time = sp.GetService<TimeProvider>();
            options.Retry.ShouldHandle = args => retries ? RetryClassifier.ShouldRetry(args, safeMethodPredicate, time) : ValueTask.FromResult(false);
            var retryLogger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(telemetry.LoggerCategory);
            var userOnRetry = options.Retry.OnRetry;
            options.Retry.OnRetry = args =>
            {
                telemetry.OnRetry(retryLogger, args);
                return userOnRetry?.Invoke(args) ?? ValueTask.CompletedTask;
            };
            options.AttemptTimeout.TimeoutGenerator = UnlessUpload(options.AttemptTimeout.Timeout);
            options.TotalRequestTimeout.TimeoutGenerator = UnlessUpload(options.TotalRequestTimeout.Timeout);
        });

        // One pipeline (and so one circuit breaker) per authority: failures of a pre-signed download host (S3)
        // cannot open the API's circuit, nor the API's the download host's.
        pipeline.SelectPipelineByAuthority();

        // Retry delays that add up past TotalRequestTimeout (or an attempt timeout beyond it) fail at start-up.
        builder.Services.AddSingleton<IValidateOptions<HttpStandardResilienceOptions>>(new ResilienceOptionsValidator(pipeline.PipelineName, vendorName));
        builder.Services.AddOptions<HttpStandardResilienceOptions>(pipeline.PipelineName).ValidateOnStart();

        builder.AddHttpMessageHandler<TAuthHandler>();

        // IHttpClientFactory logs request headers at Trace: never the credential.
        builder.RedactLoggedHeaders(["Authorization"]);

        // The default loggers put raw header values in their structured state (only the text is redacted): log each
        // attempt with a logger that redacts both, innermost so that every retry is logged with its own headers.
        builder.RemoveAllLoggers().AddLogger(sp => new RedactingHttpClientLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger(loggerCategory)));
        return builder;
    }

    /// <summary>The transport both clients use by default: a <see cref="SocketsHttpHandler"/> that never follows a redirect.</summary>
    /// <returns>The handler.</returns>
    public static SocketsHttpHandler CreatePrimaryHandler() => new() { AllowAutoRedirect = false };

    /// <summary>
    /// A streamed upload (tens of MB over a slow link) is bounded by the idle timeout, not by the attempt or total
    /// timeout; every other attempt by <paramref name="timeout"/>.
    /// </summary>
    private static Func<Polly.Timeout.TimeoutGeneratorArguments, ValueTask<TimeSpan>> UnlessUpload(TimeSpan timeout) => args =>
        ValueTask.FromResult(args.Context.GetRequestMessage() is { } request && OutboundCall.From(request) is { IsUpload: true } ? Timeout.InfiniteTimeSpan : timeout);
}
