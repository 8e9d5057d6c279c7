using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arrowbase.AppraisalWorks.Json;

/// <summary>
/// Reads a <c>document</c> value as base64 text; writes a per-content marker that the streaming request body
/// replaces with the content's base64, written in segments.
/// </summary>
internal sealed class EmbeddedFileContentConverter : JsonConverter<EmbeddedFileContent>
{
    /// <inheritdoc />
    public override EmbeddedFileContent? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => EmbeddedFileContent.FromBase64(reader.GetString()!),
            _ => throw new JsonException($"Expected the document as a base64 string but found {reader.TokenType}."),
        };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, EmbeddedFileContent value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Base64Text is not null)
        {
            writer.WriteStringValue(value.Base64Text);
        }
        else
        {
            writer.WriteStringValue(value.Marker);
        }
    }
}
