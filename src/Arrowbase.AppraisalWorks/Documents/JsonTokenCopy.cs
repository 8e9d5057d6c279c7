using System.Text.Json;

namespace Arrowbase.AppraisalWorks.Documents;

/// <summary>
/// Copies the tokens whose copy is the same for every streaming path (arrays, numbers, booleans, null) from a reader
/// to a writer. Objects, property names and strings are left to the caller, which treats documents specially.
/// </summary>
internal static class JsonTokenCopy
{
    /// <summary>Writes the reader's current token if it is one of the plain kinds.</summary>
    /// <returns>True when the token was written; false when the caller must handle it.</returns>
    internal static bool TryCopyPlainToken(Utf8JsonWriter writer, ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                return true;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
                return true;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                return true;
            case JsonTokenType.True:
                writer.WriteBooleanValue(true);
                return true;
            case JsonTokenType.False:
                writer.WriteBooleanValue(false);
                return true;
            case JsonTokenType.Null:
                writer.WriteNullValue();
                return true;
            default:
                return false;
        }
    }
}
