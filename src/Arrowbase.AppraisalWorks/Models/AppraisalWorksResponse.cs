using System.Text.Json;
using System.Text.Json.Serialization;
using Arrowbase.AppraisalWorks.Json;

namespace Arrowbase.AppraisalWorks;

/// <summary>
/// The standard response envelope that every AppraisalWorks response carries (<c>isSuccess</c>, <c>description</c>,
/// <c>datetime</c>); event and order responses derive from it. Unknown members are kept in <see cref="AdditionalProperties"/>.
/// </summary>
public class AppraisalWorksResponse
{
    /// <summary>Gets whether the request succeeded; true only with HTTP 200. Read from a boolean or a string.</summary>
    [JsonPropertyName("isSuccess")]
    [JsonConverter(typeof(LenientBooleanConverter))]
    public bool? IsSuccess { get; init; }

    /// <summary>
    /// Gets the error description, present when the request failed. The document also shows the misspelling
    /// <c>descripton</c>, which is read here too.
    /// </summary>
    [JsonPropertyName("description")]
    public string? Description
    {
        get => field ?? (AdditionalProperties is { } extra && extra.TryGetValue("descripton", out var misspelled) && misspelled.ValueKind == JsonValueKind.String ? ReadText(misspelled) : null);
        init;
    }

    /// <summary>Gets the UTC timestamp at which the response was created (raw text kept).</summary>
    [JsonPropertyName("datetime")]
    public AppraisalWorksDate? Datetime { get; init; }

    /// <summary>Gets members that this version of the client does not model, kept as sent.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; set; }

    // A getter must not throw: JsonElement.GetString throws InvalidOperationException on a string that is not valid
    // Unicode (a lone "\ud800" escape); the escaped JSON text still tells the reader what the server said.
    private static string ReadText(JsonElement value)
    {
        try
        {
            return value.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            return value.GetRawText();
        }
    }
}
