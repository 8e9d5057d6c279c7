using Microsoft.Extensions.Logging;

namespace HouseCanary.OrderManager.Diagnostics;

/// <summary>
/// The client's log lines of what happened: Information for an order created and an export ready, the Warning of
/// every retry comes from the shared pipeline (<c>Valuation.Http.ClientLog.RetryScheduled</c>, under this client's category). Ids only; never a token, a credential or a pre-signed URL.
/// </summary>
internal static partial class OrderManagerLog
{
    [LoggerMessage(EventId = 100, EventName = "OrderCreated", Level = LogLevel.Information, Message = "HouseCanary order {OrderId} created ({ItemCount} item(s))")]
    public static partial void OrderCreated(ILogger logger, string orderId, int itemCount);

    [LoggerMessage(EventId = 101, EventName = "ExportReady", Level = LogLevel.Information, Message = "HouseCanary export {ExportId} of order {OrderId} is ready")]
    public static partial void ExportReady(ILogger logger, string orderId, string exportId);
}
