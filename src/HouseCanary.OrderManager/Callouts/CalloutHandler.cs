namespace HouseCanary.OrderManager.Callouts;

/// <summary>
/// Derive from this to act on HouseCanary's callouts; override the methods you need (the defaults do nothing).
/// Each message reaches its method once (redeliveries are de-duplicated). Throw to make HouseCanary redeliver
/// later; finish within <see cref="Valuation.Webhooks.WebhookReceiverOptions.ProcessingTimeout"/> (the token is
/// cancelled then), or use an inbox for longer work. Register it with
/// <c>services.AddHouseCanaryCallouts&lt;THandler&gt;(configuration.GetSection("HouseCanary:Callouts"))</c>.
/// </summary>
public abstract class CalloutHandler
{
    /// <summary>Handles <c>order_status_change</c>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancelled at the processing timeout or when the request is aborted.</param>
    /// <returns>A task that completes when handled.</returns>
    public virtual Task OnOrderStatusChangeAsync(OrderStatusChangeMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles <c>order_item_status_change</c>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancelled at the processing timeout or when the request is aborted.</param>
    /// <returns>A task that completes when handled.</returns>
    public virtual Task OnOrderItemStatusChangeAsync(OrderItemStatusChangeMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles <c>order_complete</c> (one per completed item).</summary>
    /// <param name="message">The message, with <see cref="OrderCompleteMessage.DownloadUrl"/> and/or the report.</param>
    /// <param name="cancellationToken">Cancelled at the processing timeout or when the request is aborted.</param>
    /// <returns>A task that completes when handled.</returns>
    public virtual Task OnOrderCompleteAsync(OrderCompleteMessage message, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Handles a message of a type this version does not know (its raw JSON is kept).</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancelled at the processing timeout or when the request is aborted.</param>
    /// <returns>A task that completes when handled.</returns>
    public virtual Task OnUnknownMessageAsync(UnknownCalloutMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
