using System.Text.Json;
using System.Text.Json.Serialization;
using HouseCanary.OrderManager.Callouts;
using HouseCanary.OrderManager.Models;

namespace HouseCanary.OrderManager.Json;

/// <summary>
/// The source-generated JSON metadata for every payload of the Partner API and its callouts (trim- and AOT-safe).
/// Nulls are omitted when writing; numbers are also read from strings; nesting deeper than 32 levels is rejected.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    MaxDepth = OrderManagerJsonContext.MaxDepth)]
[JsonSerializable(typeof(CreateOrderRequest))]
[JsonSerializable(typeof(Order))]
[JsonSerializable(typeof(OrderItem))]
[JsonSerializable(typeof(List<OrderItem>))]
[JsonSerializable(typeof(OrderItemsPage))]
[JsonSerializable(typeof(Downloadable))]
[JsonSerializable(typeof(ExportRequest))]
[JsonSerializable(typeof(OrderStatusChangeMessage))]
[JsonSerializable(typeof(OrderItemStatusChangeMessage))]
[JsonSerializable(typeof(OrderCompleteMessage))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class OrderManagerJsonContext : JsonSerializerContext
{
    /// <summary>The deepest JSON nesting accepted from the wire.</summary>
    public const int MaxDepth = 32;
}
