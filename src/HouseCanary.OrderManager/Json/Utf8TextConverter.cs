using System.Text.Json;
using System.Text.Json.Serialization;

namespace HouseCanary.OrderManager.Json;

/// <summary>
/// Keeps a (possibly very large) JSON string as its unescaped UTF-8 bytes instead of a .NET string, halving the
/// memory a base64 report costs and allowing it to be decoded in chunks. Null and absent read as empty.
/// </summary>
internal sealed class Utf8TextConverter : JsonConverter<ReadOnlyMemory<byte>>
{
    public override ReadOnlyMemory<byte> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, got {reader.TokenType}.");
        }

        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            return reader.ValueSpan.ToArray();
        }

        int max = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        byte[] buffer = new byte[max];
        int written = reader.CopyString(buffer);
        return buffer.AsMemory(0, written);
    }

    public override void Write(Utf8JsonWriter writer, ReadOnlyMemory<byte> value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Span);
}
