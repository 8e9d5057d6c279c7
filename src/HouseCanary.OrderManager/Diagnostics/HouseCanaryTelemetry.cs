using System.Diagnostics;
using System.Diagnostics.Metrics;
using Valuation.Http;

namespace HouseCanary.OrderManager.Diagnostics;

/// <summary>
/// The client's telemetry: its <see cref="ActivitySource"/> and <see cref="Meter"/> (both named
/// <see cref="SourceName"/>, the package id), its instruments and their attributes. Listen with an
/// <see cref="ActivityListener"/> and a <see cref="MeterListener"/>, or add them to OpenTelemetry with
/// <c>AddValuationInstrumentation()</c> (package Valuation.Clients.OpenTelemetry). No attribute carries a token, a
/// credential or a pre-signed URL.
/// </summary>
public static class HouseCanaryTelemetry
{
    /// <summary>The name of the client's <see cref="ActivitySource"/> and <see cref="Meter"/>: the package id.</summary>
    public const string SourceName = "HouseCanary.OrderManager";

    /// <summary>Counter of orders HouseCanary accepted; unit <c>{order}</c>.</summary>
    public const string OrdersCreatedInstrument = "housecanary.ordermanager.orders.created";

    /// <summary>Histogram of a client operation's duration, the whole call including retries and the body (seconds).</summary>
    public const string OperationDurationInstrument = "housecanary.ordermanager.operation.duration";

    /// <summary>Counter of retries of a failed attempt; unit <c>{retry}</c>.</summary>
    public const string RetriesInstrument = "housecanary.ordermanager.retries";

    /// <summary>Attribute: the client operation, such as <c>CreateOrder</c>.</summary>
    public const string OperationAttribute = "valuation.operation.name";

    /// <summary>Attribute (spans): the HouseCanary order id.</summary>
    public const string OrderIdAttribute = "housecanary.order.id";

    /// <summary>Attribute (spans): the HouseCanary order item id.</summary>
    public const string OrderItemIdAttribute = "housecanary.order_item.id";

    /// <summary>Attribute (spans of export operations): the export request's id.</summary>
    internal const string ExportRequestIdAttribute = "housecanary.export_request.id";

    private static readonly string? Version = typeof(HouseCanaryTelemetry).Assembly.GetName().Version?.ToString();

    internal static readonly ActivitySource Source = new(SourceName, Version);

    internal static readonly Meter Meter = new(SourceName, Version);

    internal static readonly Counter<long> OrdersCreated = Meter.CreateCounter<long>(OrdersCreatedInstrument, "{order}", "Orders HouseCanary accepted.");

    internal static readonly Histogram<double> OperationDuration = ClientTelemetry.CreateDurationHistogram(Meter, OperationDurationInstrument);

    internal static readonly Counter<long> Retries = ClientTelemetry.CreateRetriesCounter(Meter, RetriesInstrument);

    /// <summary>The shared operation, duration and retry telemetry, over this package's source and instruments.</summary>
    internal static readonly ClientTelemetry Client = new(Source, OperationDuration, Retries, nameof(OrderManagerClient), "HouseCanary", typeof(OrderManagerClient).FullName!);

    /// <summary>
    /// Starts a client operation: a span named <c>OrderManagerClient.{operation}</c> (kind Internal; the HTTP spans of
    /// its attempts are its children) and its duration. Call <see cref="ClientOperation.Succeeded"/> or
    /// <see cref="ClientOperation.Failed(Exception, int?)"/>, then dispose it; disposed unsettled, it counts as a
    /// failure with <c>error.type</c> <c>_OTHER</c>. When nothing listens, returns a shared operation that does
    /// nothing.
    /// </summary>
    /// <param name="operation">The operation, such as <c>CreateOrder</c> (a constant: it is a metric attribute).</param>
    /// <param name="orderId">The order's id when known, or null.</param>
    /// <param name="timeProvider">The clock of the duration; the system clock when null.</param>
    /// <returns>The operation.</returns>
    internal static ClientOperation StartOperation(string operation, string? orderId = null, TimeProvider? timeProvider = null)
    {
        var operationScope = Client.Start(operation, timeProvider);
        if (orderId is not null && operationScope.IsRecording)
        {
            operationScope.SetTag(OrderIdAttribute, orderId);
        }

        return operationScope;
    }

    /// <summary>Counts an order HouseCanary accepted.</summary>
    internal static void RecordOrderCreated()
    {
        if (OrdersCreated.Enabled)
        {
            OrdersCreated.Add(1);
        }
    }

    /// <summary>Counts a retry (for the resilience pipeline's <c>OnRetry</c>).</summary>
    /// <param name="operation">The operation, if known.</param>
    /// <param name="method">The HTTP method, such as <c>GET</c>.</param>
    /// <param name="errorType">What failed: the status code (<c>503</c>) or the exception's full type name.</param>
    internal static void RecordRetry(string? operation, string method, string errorType) =>
        Client.RecordRetry(operation, method, errorType);
}
