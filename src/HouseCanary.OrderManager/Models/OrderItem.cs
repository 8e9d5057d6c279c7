using System.Text.Json;
using System.Text.Json.Serialization;
using HouseCanary.OrderManager.Json;

namespace HouseCanary.OrderManager.Models;

/// <summary>
/// One item (address) of an order, from <c>GET orders/{id}/items/</c>. Follows HouseCanary's public Client API,
/// which the Partner API mirrors (see <c>docs/wire-evidence.md</c>): <c>id</c>, <c>status</c>, <c>completion_date</c>,
/// <c>estimated_value</c>, <c>value_range</c>, <c>property_value</c> and <c>available_downloadables</c> are seen there;
/// the address members echo the order request.
/// </summary>
public sealed record OrderItem
{
    /// <summary>Gets the item's id (an integer in the Client API, a quoted string in callouts; both read).</summary>
    [JsonPropertyName("id")]
    public HouseCanaryId Id { get; init; }

    /// <summary>Gets the order's id, when the item carries it.</summary>
    [JsonPropertyName("order_id")]
    public HouseCanaryId? OrderId { get; init; }

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
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? CustomerItemId { get; init; }

    /// <summary>Gets the integration partner's identifier.</summary>
    [JsonPropertyName("external_integration_id")]
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ExternalIntegrationId { get; init; }

    /// <summary>Gets the status, one of <see cref="OrderItemStatus"/> (or a value added later).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>
    /// Gets when the item was completed, or null. Read like <see cref="Order.ActualDeliveryDate"/>: an ISO 8601
    /// date-time as sent (no offset means UTC), a bare <c>yyyy-MM-dd</c> as midnight in America/Los_Angeles. Export
    /// names use its calendar date in America/Los_Angeles (<see cref="Exports.ExportNaming"/>).
    /// </summary>
    [JsonPropertyName("completion_date")]
    [JsonConverter(typeof(LenientDateTimeOffsetConverter))]
    public DateTimeOffset? CompletionDate { get; init; }

    /// <summary>Gets the estimated value (a number, or a numeric string), when the item carries it.</summary>
    [JsonPropertyName("estimated_value")]
    public decimal? EstimatedValue { get; init; }

    /// <summary>Gets <c>value_range</c> as sent: public sources name the member but not its shape.</summary>
    [JsonPropertyName("value_range")]
    public JsonElement? ValueRange { get; init; }

    /// <summary>Gets the valuation (<c>price_mean</c>, <c>fsd</c>, <c>price_lwr</c>, <c>price_upr</c>), when present.</summary>
    [JsonPropertyName("property_value")]
    public PropertyValue? PropertyValue { get; init; }

    /// <summary>
    /// Gets what <c>pdfdownload/{key}</c> offers for this item: objects with a <see cref="Downloadable.Key"/> (as
    /// the public integration reads them, other members kept), or plain key strings (read into the same shape).
    /// </summary>
    [JsonPropertyName("available_downloadables")]
    [JsonConverter(typeof(DownloadableListConverter))]
    public IReadOnlyList<Downloadable>? AvailableDownloadables { get; init; }

    /// <summary>
    /// Gets the key of the item's report PDF: the first downloadable's key, as the public integration takes
    /// (<c>available_downloadables[0].key</c>), or null when the item offers none (it is not complete yet).
    /// </summary>
    [JsonIgnore]
    public string? ReportKey => AvailableDownloadables?.FirstOrDefault(d => !string.IsNullOrWhiteSpace(d.Key))?.Key;

    /// <summary>Gets members the server sent that this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>
/// One entry of <see cref="OrderItem.AvailableDownloadables"/>: a <see cref="Key"/> for <c>pdfdownload/{key}</c>
/// and whatever else HouseCanary sends with it, kept verbatim.
/// </summary>
public sealed record Downloadable
{
    /// <summary>Gets the key to pass to <c>pdfdownload/{key}</c>.</summary>
    [JsonPropertyName("key")]
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? Key { get; init; }

    /// <summary>Gets members the server sent that this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>An item's valuation, <c>property_value</c>: the mean price, the forecast standard deviation and the range.</summary>
public sealed record PropertyValue
{
    /// <summary>Gets the estimated price (<c>price_mean</c>).</summary>
    [JsonPropertyName("price_mean")]
    public decimal? PriceMean { get; init; }

    /// <summary>Gets the forecast standard deviation (<c>fsd</c>), the estimate's uncertainty.</summary>
    [JsonPropertyName("fsd")]
    public decimal? Fsd { get; init; }

    /// <summary>Gets the range's lower bound (<c>price_lwr</c>).</summary>
    [JsonPropertyName("price_lwr")]
    public decimal? PriceLwr { get; init; }

    /// <summary>Gets the range's upper bound (<c>price_upr</c>).</summary>
    [JsonPropertyName("price_upr")]
    public decimal? PriceUpr { get; init; }

    /// <summary>Gets members the server sent that this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>
/// A Django-REST page of order items: <c>{count, next, previous, results}</c>. A page that names its list
/// <c>items</c> instead of <c>results</c> is read too, as the public integration does.
/// </summary>
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

    /// <summary>Gets this page's items when the server names the list <c>items</c>.</summary>
    [JsonPropertyName("items")]
    public IReadOnlyList<OrderItem>? Items { get; init; }

    /// <summary>Gets members the server sent that this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
