using System.Text.Json;
using System.Text.Json.Serialization;
using HouseCanary.OrderManager.Json;

namespace HouseCanary.OrderManager.Models;

/// <summary>
/// One item (address) of an order, from <c>GET orders/{id}/items/</c>. Follows HouseCanary's public Client API,
/// which the Partner API mirrors.
/// </summary>
public sealed record OrderItem
{
    /// <summary>Gets the item's id.</summary>
    [JsonPropertyName("id")]
    public long Id { get; init; }

    /// <summary>Gets the order's id.</summary>
    [JsonPropertyName("order_id")]
    public long? OrderId { get; init; }

    /// <summary>Gets the street address.</summary>
    [JsonPropertyName("address")]
    public string? Address { get; init; }

    /// <summary>Gets the unit.</summary>
    [JsonPropertyName("unit")]
    public string? Unit { get; init; }

    /// <summary>Gets the city.</summary>
    [JsonPropertyName("city")]
    public string? City { get; init; }

    /// <summary>Gets the state.</summary>
    [JsonPropertyName("state")]
    public string? State { get; init; }

    /// <summary>Gets the ZIP code.</summary>
    [JsonPropertyName("zipcode")]
    public string? Zipcode { get; init; }

    /// <summary>Gets the caller's own item identifier.</summary>
    [JsonPropertyName("customer_item_id")]
    public string? CustomerItemId { get; init; }

    /// <summary>Gets the integration partner's identifier.</summary>
    [JsonPropertyName("external_integration_id")]
    public string? ExternalIntegrationId { get; init; }

    /// <summary>Gets the status, one of <see cref="OrderItemStatus"/> (or a value added later).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Gets the completion date (<c>yyyy-MM-dd</c>), or null. A date-time on the wire keeps its own calendar date.</summary>
    [JsonPropertyName("completion_date")]
    [JsonConverter(typeof(LenientDateOnlyConverter))]
    public DateOnly? CompletionDate { get; init; }

    /// <summary>Gets the keys that <c>pdfdownload/{key}</c> accepts for this item, such as <c>value_report</c>.</summary>
    [JsonPropertyName("available_downloadables")]
    public IReadOnlyList<string>? AvailableDownloadables { get; init; }

    /// <summary>Gets members the server sent that this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>A Django-REST page of order items: <c>{count, next, previous, results}</c>.</summary>
public sealed record OrderItemsPage
{
    /// <summary>Gets the total number of items.</summary>
    [JsonPropertyName("count")]
    public int? Count { get; init; }

    /// <summary>Gets the absolute URL of the next page, or null on the last page.</summary>
    [JsonPropertyName("next")]
    public string? Next { get; init; }

    /// <summary>Gets the absolute URL of the previous page, or null.</summary>
    [JsonPropertyName("previous")]
    public string? Previous { get; init; }

    /// <summary>Gets this page's items.</summary>
    [JsonPropertyName("results")]
    public IReadOnlyList<OrderItem>? Results { get; init; }

    /// <summary>Gets members the server sent that this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
