using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Valuation.Http;
using HouseCanary.OrderManager.Json;

namespace HouseCanary.OrderManager.Callouts;

/// <summary>
/// A callout HouseCanary POSTs to the partner's callout URL. The document quotes ids; numbers are read too. The
/// order and item ids are <see cref="HouseCanaryId"/>s, which the client's calls take as they are. Members this
/// model does not name are kept in <see cref="AdditionalProperties"/>.
/// </summary>
public abstract record CalloutMessage
{
    /// <summary>Gets the message type, one of <see cref="CalloutMessageTypes"/> or an unknown value.</summary>
    [JsonPropertyName("message_type")]
    [JsonPropertyOrder(1)]
    public string MessageType { get; init; } = string.Empty;

    /// <summary>Gets the unique message id; a redelivery carries the same id, which de-duplication relies on.</summary>
    [JsonPropertyName("message_id")]
    [JsonPropertyOrder(2)]
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? MessageId { get; init; }

    /// <summary>
    /// Gets the order's id; pass it straight to <see cref="IOrderManagerClient.GetOrderAsync"/>. Every documented
    /// message carries it (the parser refuses one without); empty only on an unknown message that lacks it.
    /// </summary>
    [JsonPropertyName("order_id")]
    [JsonPropertyOrder(3)]
    public HouseCanaryId OrderId { get; init; }

    /// <summary>Gets the caller's own order id given at creation.</summary>
    [JsonPropertyName("customer_order_id")]
    [JsonPropertyOrder(4)]
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? CustomerOrderId { get; init; }

    /// <summary>Gets members the message carried that this model does not name, kept verbatim.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>
/// <c>order_status_change</c>: the order's status changed to <see cref="NewStatus"/> (one of
/// <see cref="Models.OrderStatus"/>). After the last <c>order_complete</c>, HouseCanary sends this with <c>complete</c>.
/// </summary>
public sealed record OrderStatusChangeMessage : CalloutMessage
{
    /// <summary>Gets the new status.</summary>
    [JsonPropertyName("new_status")]
    [JsonPropertyOrder(7)]
    public string? NewStatus { get; init; }

    /// <summary>Gets the <c>external_integration_id</c> of every item in the order (entries sent as numbers are read as their text).</summary>
    [JsonPropertyName("external_integration_ids")]
    [JsonPropertyOrder(10)]
    [JsonConverter(typeof(StringOrNumberListConverter))]
    public IReadOnlyList<string?>? ExternalIntegrationIds { get; init; }

    /// <summary>
    /// Gets the validation checks that failed, when the message details them (see
    /// <see cref="OrderItemStatusChangeMessage.ValidationFailures"/>); empty otherwise.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<ValidationCheckFailure> ValidationFailures => ValidationCheckFailure.ReadAll(AdditionalProperties);
}

/// <summary><c>order_item_status_change</c>: one item's status changed to <see cref="NewStatus"/> (one of <see cref="Models.OrderItemStatus"/>).</summary>
public sealed record OrderItemStatusChangeMessage : CalloutMessage
{
    /// <summary>Gets the item's id; every documented message carries it (the parser refuses one without).</summary>
    [JsonPropertyName("order_item_id")]
    [JsonPropertyOrder(5)]
    public HouseCanaryId OrderItemId { get; init; }

    /// <summary>Gets the caller's own item id.</summary>
    [JsonPropertyName("customer_item_id")]
    [JsonPropertyOrder(6)]
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? CustomerItemId { get; init; }

    /// <summary>Gets the new status.</summary>
    [JsonPropertyName("new_status")]
    [JsonPropertyOrder(7)]
    public string? NewStatus { get; init; }

    /// <summary>Gets the partner's id of the item.</summary>
    [JsonPropertyName("external_integration_id")]
    [JsonPropertyOrder(10)]
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? ExternalIntegrationId { get; init; }

    /// <summary>
    /// Gets the validation checks that failed. The document says an item that fails HouseCanary's validation "will
    /// be canceled from the order and a callout message will be sent detailing the validation checks that failed",
    /// without naming the member: the first of <see cref="ValidationCheckFailure.MemberNames"/> that the message
    /// carries is read, as a string, a list of strings or objects, or a check-to-message object. Empty when the
    /// message details none; the raw members stay in <see cref="CalloutMessage.AdditionalProperties"/>.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<ValidationCheckFailure> ValidationFailures => ValidationCheckFailure.ReadAll(AdditionalProperties);
}

/// <summary>
/// <c>order_complete</c>: one item is complete (sent once per completed item). It carries the item PDF's
/// pre-signed <see cref="DownloadUrl"/> and/or the PDF itself as base64 in <c>report</c>; decode it with
/// <see cref="DecodeReport"/> or, without holding it whole, <see cref="OpenReportStream"/>.
/// </summary>
public sealed record OrderCompleteMessage : CalloutMessage
{
    /// <summary>Gets the item's id; every documented message carries it (the parser refuses one without).</summary>
    [JsonPropertyName("order_item_id")]
    [JsonPropertyOrder(5)]
    public HouseCanaryId OrderItemId { get; init; }

    /// <summary>Gets the caller's own item id.</summary>
    [JsonPropertyName("customer_item_id")]
    [JsonPropertyOrder(6)]
    [JsonConverter(typeof(StringOrNumberConverter))]
    public string? CustomerItemId { get; init; }

    /// <summary>Gets the pre-signed download URL of the item's PDF as sent (pass <see cref="DownloadUri"/> to <see cref="IOrderManagerClient.DownloadAsync"/>).</summary>
    [JsonPropertyName("download_url")]
    [JsonPropertyOrder(8)]
    public string? DownloadUrl { get; init; }

    /// <summary>
    /// Gets the <c>report</c> member as received: the document's "encoded report blob", i.e. the base64 of the
    /// item's PDF, as UTF-8 text (kept as bytes, not a string, to halve the memory a large report costs). Empty when absent.
    /// </summary>
    [JsonPropertyName("report")]
    [JsonPropertyOrder(9)]
    [JsonConverter(typeof(Utf8TextConverter))]
    public ReadOnlyMemory<byte> ReportBase64 { get; init; }

    /// <summary>Gets the <c>external_integration_id</c> of every item in the order (entries sent as numbers are read as their text).</summary>
    [JsonPropertyName("external_integration_ids")]
    [JsonPropertyOrder(10)]
    [JsonConverter(typeof(StringOrNumberListConverter))]
    public IReadOnlyList<string?>? ExternalIntegrationIds { get; init; }

    /// <summary>Gets <see cref="DownloadUrl"/> as an absolute http(s) URI, or null when it is absent or not one.</summary>
    [JsonIgnore]
    public Uri? DownloadUri =>
        Uri.TryCreate(DownloadUrl, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    /// <summary>Gets a value indicating whether the message carries a report.</summary>
    [JsonIgnore]
    public bool HasReport => !ReportBase64.IsEmpty;

    /// <summary>Decodes the report (the PDF bytes).</summary>
    /// <returns>The decoded bytes.</returns>
    /// <exception cref="InvalidOperationException">The message carries no report.</exception>
    /// <exception cref="FormatException">The report is not valid base64 (the message says where).</exception>
    public byte[] DecodeReport()
    {
        using var stream = OpenReportStream();
        using var buffer = new MemoryStream((ReportBase64.Length / 4 * 3) + 3);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Opens a read-only stream that decodes the report in chunks, never holding it decoded whole.</summary>
    /// <returns>The stream of PDF bytes. Reading it throws <see cref="FormatException"/> at the first invalid base64.</returns>
    /// <exception cref="InvalidOperationException">The message carries no report.</exception>
    public Stream OpenReportStream() =>
        HasReport
            ? new Base64DecodingStream(ReportBase64)
            : throw new InvalidOperationException("This order_complete message carries no report; fetch the PDF from its download_url instead.");

    /// <summary>
    /// Prints the members for <see cref="object.ToString"/>: the pre-signed <see cref="DownloadUrl"/> without its
    /// query (the signature, a credential), and the report as its length only.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>Whether anything was printed.</returns>
    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.PrintMembers(builder);
        builder.Append(CultureInfo.InvariantCulture, $", OrderItemId = {OrderItemId}, CustomerItemId = {CustomerItemId}, DownloadUrl = {UrlRedaction.Redact(DownloadUrl)}");
        builder.Append(CultureInfo.InvariantCulture, $", Report = <{ReportBase64.Length} base64 bytes>, ExternalIntegrationIds = [{(ExternalIntegrationIds is null ? string.Empty : string.Join(", ", ExternalIntegrationIds))}]");
        return true;
    }
}

/// <summary>A callout whose <c>message_type</c> this version does not know; its whole JSON is kept in <see cref="RawJson"/>.</summary>
public sealed record UnknownCalloutMessage : CalloutMessage
{
    /// <summary>Gets the message's complete JSON, verbatim.</summary>
    [JsonIgnore]
    public JsonElement RawJson { get; init; }

    /// <summary>
    /// Prints the members for <see cref="object.ToString"/>. The raw JSON is not printed (an unknown message may
    /// carry pre-signed URLs or large blobs); only its size.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>Whether anything was printed.</returns>
    protected override bool PrintMembers(StringBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.PrintMembers(builder);
        builder.Append(CultureInfo.InvariantCulture, $", RawJson = <{(RawJson.ValueKind == JsonValueKind.Undefined ? 0 : RawJson.GetRawText().Length)} chars>");
        return true;
    }
}
