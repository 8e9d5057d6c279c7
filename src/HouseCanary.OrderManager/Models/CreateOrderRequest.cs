using System.Text.Json;
using System.Text.Json.Serialization;

namespace HouseCanary.OrderManager.Models;

/// <summary>
/// The body of <c>POST /partner-api/v1/orders/</c>: an order and its items (one address per item).
/// Validated before sending (see <see cref="OrderValidationException"/>).
/// </summary>
public sealed record CreateOrderRequest
{
    /// <summary>
    /// Gets the order type. Required; the document supports only <see cref="OrderTypes.ValueReport"/> (the default),
    /// so any other value is a validation problem and nothing is sent.
    /// </summary>
    [JsonPropertyName("order_type")]
    public string OrderType { get; init; } = OrderTypes.ValueReport;

    /// <summary>Gets the order's name. Required; it also names the export (<c>HC_{slug(name)}_{date}.zip</c>).</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the caller's own order identifier. Optional; echoed in callouts as <c>customer_order_id</c>.</summary>
    [JsonPropertyName("customer_order_id")]
    public string? CustomerOrderId { get; init; }

    /// <summary>
    /// Gets the organization the partner acts for. When null, <see cref="OrderManagerOptions.OwnerOrganizationId"/> is used.
    /// </summary>
    [JsonPropertyName("owner_organization_id")]
    public long? OwnerOrganizationId { get; init; }

    /// <summary>Gets the user the partner acts for. When null, <see cref="OrderManagerOptions.OwnerId"/> is used.</summary>
    [JsonPropertyName("owner_id")]
    public long? OwnerId { get; init; }

    /// <summary>Gets the order items, at least one.</summary>
    [JsonPropertyName("items")]
    public IReadOnlyList<CreateOrderItem> Items { get; init; } = [];

    /// <summary>Gets or sets further members to send that this model does not name (for fields HouseCanary adds later).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>One address of a <see cref="CreateOrderRequest"/>. Each item needs <see cref="Address"/> and either
/// <see cref="Zipcode"/> or both <see cref="City"/> and <see cref="State"/>.</summary>
public sealed record CreateOrderItem
{
    /// <summary>Gets the street address. Required.</summary>
    [JsonPropertyName("address")]
    public string? Address { get; init; }

    /// <summary>Gets the unit (apartment, suite). Optional.</summary>
    [JsonPropertyName("unit")]
    public string? Unit { get; init; }

    /// <summary>Gets the city. Required with <see cref="State"/> when there is no <see cref="Zipcode"/>.</summary>
    [JsonPropertyName("city")]
    public string? City { get; init; }

    /// <summary>Gets the two-letter state. Required with <see cref="City"/> when there is no <see cref="Zipcode"/>.</summary>
    [JsonPropertyName("state")]
    public string? State { get; init; }

    /// <summary>Gets the ZIP code. Required unless both <see cref="City"/> and <see cref="State"/> are given.</summary>
    [JsonPropertyName("zipcode")]
    public string? Zipcode { get; init; }

    /// <summary>Gets the caller's own item identifier (a loan number, say). Optional; it also names the item's export files.</summary>
    [JsonPropertyName("customer_item_id")]
    public string? CustomerItemId { get; init; }

    /// <summary>Gets the integration partner's identifier for the item. Optional; echoed in callouts.</summary>
    [JsonPropertyName("external_integration_id")]
    public string? ExternalIntegrationId { get; init; }

    /// <summary>Gets or sets further members to send that this model does not name (for fields HouseCanary adds later).</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
