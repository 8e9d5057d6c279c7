using System.Text.Json;
using System.Text.Json.Serialization;
using HouseCanary.OrderManager.Json;

namespace HouseCanary.OrderManager.Models;

/// <summary>
/// An order as HouseCanary returns it (<c>POST orders/</c>, <c>GET orders/{id}/</c>). The Partner API's reference is
/// not public; this shape follows HouseCanary's public Client API, which the Partner API mirrors: <c>id</c>,
/// <c>status</c>, <c>actual_delivery_date</c> and <c>fsd_threshold</c> are seen there, <c>items</c> in the answer
/// to <c>POST orders/</c>; the other members echo the order request (see <c>docs/wire-evidence.md</c>).
/// </summary>
public sealed record Order
{
    /// <summary>Gets the order's id (an integer in the Client API, a quoted string in callouts; both read).</summary>
    [JsonPropertyName("id")]
    public HouseCanaryId Id { get; init; }

    /// <summary>Gets the order's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the order type, such as <see cref="OrderTypes.ValueReport"/>.</summary>
    [JsonPropertyName("order_type")]
    public string? OrderType { get; init; }

    /// <summary>Gets the status, one of <see cref="OrderStatus"/> (or a value added later).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Gets the caller's own order identifier.</summary>
    [JsonPropertyName("customer_order_id")]
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? CustomerOrderId { get; init; }

    /// <summary>Gets the organization the order was placed for.</summary>
    [JsonPropertyName("owner_organization_id")]
    public long? OwnerOrganizationId { get; init; }

    /// <summary>Gets the user the order was placed for.</summary>
    [JsonPropertyName("owner_id")]
    public long? OwnerId { get; init; }

    /// <summary>Gets when the order was created.</summary>
    [JsonPropertyName("created_date")]
    [JsonConverter(typeof(LenientDateTimeOffsetConverter))]
    public DateTimeOffset? CreatedDate { get; init; }

    /// <summary>
    /// Gets when the order was delivered (completed), or null. A bare date on the wire is read as midnight in
    /// America/Los_Angeles, so its calendar date in HouseCanary's time zone is preserved.
    /// </summary>
    [JsonPropertyName("actual_delivery_date")]
    [JsonConverter(typeof(LenientDateTimeOffsetConverter))]
    public DateTimeOffset? ActualDeliveryDate { get; init; }

    /// <summary>Gets the number of items.</summary>
    [JsonPropertyName("item_count")]
    public int? ItemCount { get; init; }

    /// <summary>Gets the order's forecast-standard-deviation threshold (<c>fsd_threshold</c>), when present.</summary>
    [JsonPropertyName("fsd_threshold")]
    public decimal? FsdThreshold { get; init; }

    /// <summary>Gets the order's items when the answer embeds them (the answer to <c>POST orders/</c> does), else null.</summary>
    [JsonPropertyName("items")]
    public IReadOnlyList<OrderItem>? Items { get; init; }

    /// <summary>Gets members the server sent that this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
