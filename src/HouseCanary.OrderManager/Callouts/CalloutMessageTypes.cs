namespace HouseCanary.OrderManager.Callouts;

/// <summary>The <c>message_type</c> values the document defines.</summary>
public static class CalloutMessageTypes
{
    /// <summary>An order's status changed (<see cref="OrderStatusChangeMessage"/>).</summary>
    public const string OrderStatusChange = "order_status_change";

    /// <summary>An order item's status changed (<see cref="OrderItemStatusChangeMessage"/>).</summary>
    public const string OrderItemStatusChange = "order_item_status_change";

    /// <summary>An order item completed, with its report (<see cref="OrderCompleteMessage"/>).</summary>
    public const string OrderComplete = "order_complete";
}
