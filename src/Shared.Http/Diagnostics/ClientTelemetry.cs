using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Valuation.Http;

/// <summary>
/// One client package's telemetry, the parts both clients share: its span per operation, the operation duration,
/// and the retries (counted and logged at Warning from the resilience pipeline's <c>OnRetry</c>). Each package
/// keeps its own names, <see cref="ActivitySource"/>, <see cref="Meter"/> and instruments and hands them in here.
/// </summary>
internal sealed class ClientTelemetry
{
    /// <summary>The bucket boundaries (seconds) advised for an operation duration histogram.</summary>
    private static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];

    private readonly string _spanPrefix;

    /// <summary>Initializes a package's telemetry.</summary>
    /// <param name="source">The package's source.</param>
    /// <param name="duration">The package's operation duration histogram.</param>
    /// <param name="retries">The package's retries counter.</param>
    /// <param name="clientName">The client's type name, the span name's prefix (<c>OrderManagerClient</c>).</param>
    /// <param name="vendorName">The vendor's name in log lines (<c>HouseCanary</c>).</param>
    /// <param name="loggerCategory">The category of the client's log lines (the client's full type name).</param>
    public ClientTelemetry(ActivitySource source, Histogram<double> duration, Counter<long> retries, string clientName, string vendorName, string loggerCategory)
    {
        LoggerCategory = loggerCategory;
        Source = source;
        Duration = duration;
        Retries = retries;
        VendorName = vendorName;
        _spanPrefix = clientName + ".";
    }

    /// <summary>Gets the package's source.</summary>
    public ActivitySource Source { get; }

    /// <summary>Gets the operation duration histogram.</summary>
    public Histogram<double> Duration { get; }

    /// <summary>Gets the retries counter.</summary>
    public Counter<long> Retries { get; }

    /// <summary>Gets the category of the client's log lines.</summary>
    public string LoggerCategory { get; }

    /// <summary>Gets the vendor's name in log lines.</summary>
    public string VendorName { get; }

    /// <summary>Creates a package's operation duration histogram (seconds, with the shared bucket advice).</summary>
    /// <param name="meter">The package's meter.</param>
    /// <param name="name">The instrument's name.</param>
    /// <returns>The histogram.</returns>
    public static Histogram<double> CreateDurationHistogram(Meter meter, string name) => meter.CreateHistogram(
        name,
        "s",
        "Duration of a client operation, including retries and the body.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    /// <summary>Creates a package's retries counter.</summary>
    /// <param name="meter">The package's meter.</param>
    /// <param name="name">The instrument's name.</param>
    /// <returns>The counter.</returns>
    public static Counter<long> CreateRetriesCounter(Meter meter, string name) =>
        meter.CreateCounter<long>(name, "{retry}", "Retries of a failed attempt.");

    /// <summary>The operation's name without the method's <c>Async</c> suffix (<c>GetCommentAsync</c> is <c>GetComment</c>).</summary>
    /// <param name="operation">An operation or method name.</param>
    /// <returns>The operation's name.</returns>
    public static string OperationName(string operation) =>
        operation.EndsWith("Async", StringComparison.Ordinal) && operation.Length > 5 ? operation[..^5] : operation;

    /// <summary>
    /// Starts a client operation: a span named <c>{Client}.{operation}</c> (kind Internal; the HTTP spans of its
    /// attempts are its children) and its duration. When nothing listens, returns <see cref="ClientOperation.None"/>
    /// (no allocation).
    /// </summary>
    /// <param name="operation">The operation, such as <c>CreateOrder</c> (an <c>Async</c> suffix is dropped).</param>
    /// <param name="time">The clock of the duration; the system clock when null.</param>
    /// <returns>The operation; dispose it.</returns>
    public ClientOperation Start(string operation, TimeProvider? time = null)
    {
        if (!Source.HasListeners() && !Duration.Enabled)
        {
            return ClientOperation.None;
        }

        string name = OperationName(operation);
        return new ClientOperation(Source, Duration, _spanPrefix + name, name, time ?? TimeProvider.System);
    }

    /// <summary>Counts a retry with its operation, method and cause.</summary>
    /// <param name="operation">The operation, if known.</param>
    /// <param name="method">The HTTP method.</param>
    /// <param name="errorType">What failed: the status code (<c>503</c>) or the exception's full type name.</param>
    public void RecordRetry(string? operation, string method, string errorType) =>
        ClientOperation.RecordRetry(Retries, operation is null ? null : OperationName(operation), method, errorType);

    /// <summary>
    /// Reports a retry the resilience pipeline schedules: the retries counter and a Warning. Never the URL (a
    /// download's is pre-signed), a header or a body.
    /// </summary>
    /// <param name="logger">The client's logger.</param>
    /// <param name="args">The pipeline's retry arguments.</param>
    public void OnRetry(ILogger logger, in OnRetryArguments<HttpResponseMessage> args)
    {
        var request = args.Outcome.Result?.RequestMessage ?? args.Context.GetRequestMessage();
        string? operation = request is null ? null : OutboundCall.From(request)?.Operation;
        string method = request?.Method.Method ?? "_OTHER";
        string errorType = args.Outcome.Exception is { } ex
            ? ex.GetType().FullName ?? "_OTHER"
            : args.Outcome.Result is { } response ? ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture) : "_OTHER";
        RecordRetry(operation, method, errorType);
        ClientLog.RetryScheduled(logger, VendorName, operation is null ? "request" : OperationName(operation), method, args.AttemptNumber + 1, errorType, args.RetryDelay);
    }
}
