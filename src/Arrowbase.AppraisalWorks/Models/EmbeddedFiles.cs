using System.Text.Json;
using System.Text.Json.Serialization;
using Arrowbase.AppraisalWorks.Json;

namespace Arrowbase.AppraisalWorks;

/// <summary>
/// A document sent to AppraisalWorks (<c>embeddedFile</c> of a new order or of <c>POST /Orders/{uid}/Documents</c>).
/// All four members are required when a file is given. <c>typeID</c> is written as a JSON integer, as the field
/// tables say (the examples show strings; both are read).
/// </summary>
public sealed class EmbeddedFile
{
    /// <summary>Gets the document type code (see <see cref="Appendices.DocumentTypes"/>), such as 1010 (Purchase Contract).</summary>
    [JsonPropertyName("typeID")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? TypeId { get; init; }

    /// <summary>Gets the file name, such as <c>purchasecontract.PDF</c>.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the file's description.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Gets the content, written as base64 in segments (never materialized as one string).</summary>
    [JsonPropertyName("document")]
    public EmbeddedFileContent? Document { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }
}

/// <summary>
/// A document received from AppraisalWorks: its metadata, while its decoded content went to a caller's stream.
/// </summary>
public sealed class EmbeddedFileInfo
{
    /// <summary>Gets the document type code (see <see cref="Appendices.DocumentTypes"/>), read from a number or a string.</summary>
    [JsonPropertyName("typeID")]
    [JsonConverter(typeof(LenientInt32Converter))]
    public int? TypeId { get; init; }

    /// <summary>Gets the file name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>Gets the description of the file.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>Gets the position of this file among the response's embedded files, from 0.</summary>
    [JsonIgnore]
    public int Index { get; internal set; }

    /// <summary>Gets the number of decoded bytes written to the destination stream, or null when no document was present or the file was not streamed.</summary>
    [JsonIgnore]
    public long? Length { get; internal set; }

    /// <summary>Gets members that this version of the client does not model, kept as sent. When a payload is parsed without streaming (small payloads), the <c>document</c> text lands here.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"EmbeddedFile #{Index} {TypeId} '{Name}' ({Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} bytes)";
}
