using HouseCanary.OrderManager.Callouts;

namespace ValuationReceiver;

/// <summary>
/// Receives each verified, de-duplicated HouseCanary callout once. Put your own work here; an exception makes the
/// endpoint answer non-2xx, so HouseCanary redelivers the callout later.
/// </summary>
public sealed class HouseCanaryCalloutHandler(ILogger<HouseCanaryCalloutHandler> logger) : CalloutHandler
{
    /// <inheritdoc />
    public override Task OnOrderStatusChangeAsync(OrderStatusChangeMessage message, CancellationToken cancellationToken)
    {
        logger.LogInformation("HouseCanary order {OrderId} is now {Status}", message.OrderId, message.NewStatus);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnOrderItemStatusChangeAsync(OrderItemStatusChangeMessage message, CancellationToken cancellationToken)
    {
        logger.LogInformation("HouseCanary order {OrderId} item {ItemId} is now {Status}", message.OrderId, message.OrderItemId, message.NewStatus);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnOrderCompleteAsync(OrderCompleteMessage message, CancellationToken cancellationToken)
    {
        // message.DecodeReport() holds the PDF when the callout carries it; message.DownloadUri is its pre-signed URL
        // (never log it: its query is a credential).
        logger.LogInformation("HouseCanary order {OrderId} item {ItemId} is complete", message.OrderId, message.OrderItemId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnUnknownMessageAsync(UnknownCalloutMessage message, CancellationToken cancellationToken)
    {
        logger.LogWarning("HouseCanary sent a callout of an unknown type {MessageType}", message.MessageType);
        return Task.CompletedTask;
    }
}
