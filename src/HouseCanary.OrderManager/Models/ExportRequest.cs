using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Valuation.Http;
using HouseCanary.OrderManager.Json;

namespace HouseCanary.OrderManager.Models;

/// <summary>
/// An export of an order's deliverables (<c>POST orders/{id}/export/{fmt}?exclude_json=…</c>,
/// <c>GET orders/{id}/export-requests/{export_id}/</c>). Follows HouseCanary's public Client API, which the
/// Partner API mirrors: <c>id</c>, <c>status</c>, <c>percent_complete</c>, <c>exclude_json</c>,
/// <c>check_status_url</c>, <c>completed_at</c> and <c>exported_data</c> are seen there.
/// </summary>
public sealed record ExportRequest
{
    /// <summary>Gets the export request's id.</summary>
    [JsonPropertyName("id")]
    public HouseCanaryId Id { get; init; }

    /// <summary>Gets the order's id, when the export request carries it.</summary>
    [JsonPropertyName("order_id")]
    public HouseCanaryId? OrderId { get; init; }

    /// <summary>Gets the format, such as <see cref="ExportFormats.Zip"/>.</summary>
    [JsonPropertyName("format")]
    public string? Format { get; init; }

    /// <summary>Gets a value indicating whether the per-item <c>_OrderItem.json</c> files are left out.</summary>
    [JsonPropertyName("exclude_json")]
    public bool? ExcludeJson { get; init; }

    /// <summary>Gets the status, one of <see cref="ExportStatus"/> (or a value added later).</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Gets the progress, 0 to 100.</summary>
    [JsonPropertyName("percent_complete")]
    public int? PercentComplete { get; init; }

    /// <summary>Gets the URL at which HouseCanary reports this export's status, as sent.</summary>
    [JsonPropertyName("check_status_url")]
    public string? CheckStatusUrl { get; init; }

    /// <summary>Gets when the export was completed, or null before.</summary>
    [JsonPropertyName("completed_at")]
    [JsonConverter(typeof(LenientDateTimeOffsetConverter))]
    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>
    /// Gets the pre-signed download URL of the export once complete (null before). Pass it to
    /// <see cref="IOrderManagerClient.DownloadExportAsync"/>; it needs no API token and the client never sends one to it.
    /// </summary>
    [JsonPropertyName("exported_data")]
    public Uri? ExportedData { get; init; }

    /// <summary>Gets members the server sent that this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }

    private bool PrintMembers(StringBuilder builder)
    {
        // The pre-signed ExportedData is printed without its query (the signature, a credential).
        builder.Append(CultureInfo.InvariantCulture, $"Id = {Id}, OrderId = {OrderId}, Format = {Format}, ExcludeJson = {ExcludeJson}, Status = {Status}, PercentComplete = {PercentComplete}, CompletedAt = {CompletedAt}, CheckStatusUrl = {(CheckStatusUrl is null ? string.Empty : UrlRedaction.Redact(CheckStatusUrl))}, ExportedData = {(ExportedData is null ? string.Empty : UrlRedaction.Redact(ExportedData))}, AdditionalProperties = {AdditionalProperties?.Count ?? 0} members");
        return true;
    }
}
