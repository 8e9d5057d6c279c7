using System.Text.Json;
using System.Text.Json.Serialization;

namespace Valuation.Sandbox.Json;

internal sealed class HcOrderWire
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("name")] public required string Name { get; init; }
    [JsonPropertyName("order_type")] public required string OrderType { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("customer_order_id")] public string? CustomerOrderId { get; init; }
    [JsonPropertyName("owner_organization_id")] public long OwnerOrganizationId { get; init; }
    [JsonPropertyName("owner_id")] public long OwnerId { get; init; }
    [JsonPropertyName("created_date")] public required string CreatedDate { get; init; }
    [JsonPropertyName("actual_delivery_date")] public string? ActualDeliveryDate { get; init; }
    [JsonPropertyName("item_count")] public int ItemCount { get; init; }
    [JsonPropertyName("items")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<HcItemWire>? Items { get; init; }
}

internal sealed class HcItemWire
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("order_id")] public long OrderId { get; init; }
    [JsonPropertyName("address")] public required string Address { get; init; }
    [JsonPropertyName("unit")] public string? Unit { get; init; }
    [JsonPropertyName("city")] public string? City { get; init; }
    [JsonPropertyName("state")] public string? State { get; init; }
    [JsonPropertyName("zipcode")] public string? Zipcode { get; init; }
    [JsonPropertyName("customer_item_id")] public string? CustomerItemId { get; init; }
    [JsonPropertyName("external_integration_id")] public string? ExternalIntegrationId { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("completion_date")] public string? CompletionDate { get; init; }
    [JsonPropertyName("estimated_value")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public decimal? EstimatedValue { get; init; }
    [JsonPropertyName("property_value")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public HcPropertyValueWire? PropertyValue { get; init; }

    /// <summary>Objects with a <c>key</c> or plain strings (<see cref="HouseCanarySandboxOptions.Downloadables"/>).</summary>
    [JsonPropertyName("available_downloadables")] public required JsonElement AvailableDownloadables { get; init; }
}

internal sealed class HcPropertyValueWire
{
    [JsonPropertyName("price_mean")] public decimal PriceMean { get; init; }
    [JsonPropertyName("fsd")] public decimal Fsd { get; init; }
    [JsonPropertyName("price_lwr")] public decimal PriceLwr { get; init; }
    [JsonPropertyName("price_upr")] public decimal PriceUpr { get; init; }
}

internal sealed class HcDownloadableWire
{
    [JsonPropertyName("key")] public required string Key { get; init; }
}

internal sealed class HcItemsObjectWire
{
    [JsonPropertyName("items")] public required IReadOnlyList<HcItemWire> Items { get; init; }
}

internal sealed class HcValidationErrorWire
{
    [JsonPropertyName("check")] public required string Check { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
}

internal sealed class HcItemPageWire
{
    [JsonPropertyName("count")] public int Count { get; init; }
    [JsonPropertyName("next")] public string? Next { get; init; }
    [JsonPropertyName("previous")] public string? Previous { get; init; }
    [JsonPropertyName("results")] public required IReadOnlyList<HcItemWire> Results { get; init; }
}

internal sealed class HcExportWire
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("order_id")] public long OrderId { get; init; }
    [JsonPropertyName("format")] public required string Format { get; init; }
    [JsonPropertyName("exclude_json")] public bool ExcludeJson { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("percent_complete")] public int PercentComplete { get; init; }
    [JsonPropertyName("check_status_url")] public required string CheckStatusUrl { get; init; }
    [JsonPropertyName("completed_at")] public string? CompletedAt { get; init; }
    [JsonPropertyName("exported_data")] public string? ExportedData { get; init; }
}

internal sealed class HcDetailWire
{
    [JsonPropertyName("detail")] public required string Detail { get; init; }
}

internal sealed class HcOrderStatusChangeWire
{
    [JsonPropertyName("message_type")] public string MessageType { get; init; } = "order_status_change";
    [JsonPropertyName("message_id")] public required string MessageId { get; init; }
    [JsonPropertyName("order_id")] public required string OrderId { get; init; }
    [JsonPropertyName("customer_order_id")] public string? CustomerOrderId { get; init; }
    [JsonPropertyName("new_status")] public required string NewStatus { get; init; }
    [JsonPropertyName("external_integration_ids")] public required IReadOnlyList<string> ExternalIntegrationIds { get; init; }
}

internal sealed class HcOrderItemStatusChangeWire
{
    [JsonPropertyName("message_type")] public string MessageType { get; init; } = "order_item_status_change";
    [JsonPropertyName("message_id")] public required string MessageId { get; init; }
    [JsonPropertyName("order_id")] public required string OrderId { get; init; }
    [JsonPropertyName("customer_order_id")] public string? CustomerOrderId { get; init; }
    [JsonPropertyName("order_item_id")] public required string OrderItemId { get; init; }
    [JsonPropertyName("customer_item_id")] public string? CustomerItemId { get; init; }
    [JsonPropertyName("new_status")] public required string NewStatus { get; init; }
    [JsonPropertyName("external_integration_id")] public string? ExternalIntegrationId { get; init; }

    /// <summary>The checks that failed, on a cancelled item (the member's name and shape are the sandbox's inference).</summary>
    [JsonPropertyName("validation_errors")][JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<HcValidationErrorWire>? ValidationErrors { get; init; }
}

internal sealed class HcOrderCompleteWire
{
    [JsonPropertyName("message_type")] public string MessageType { get; init; } = "order_complete";
    [JsonPropertyName("message_id")] public required string MessageId { get; init; }
    [JsonPropertyName("order_id")] public required string OrderId { get; init; }
    [JsonPropertyName("customer_order_id")] public string? CustomerOrderId { get; init; }
    [JsonPropertyName("order_item_id")] public required string OrderItemId { get; init; }
    [JsonPropertyName("customer_item_id")] public string? CustomerItemId { get; init; }
    [JsonPropertyName("download_url")] public required string DownloadUrl { get; init; }
    [JsonPropertyName("report")] public required string Report { get; init; }
    [JsonPropertyName("external_integration_ids")] public required IReadOnlyList<string> ExternalIntegrationIds { get; init; }
}
