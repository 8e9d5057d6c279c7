using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HouseCanary.OrderManager.Json;

/// <summary>
/// Reads a <see cref="HouseCanaryId"/> from a JSON string (the document's callouts) or an integer (the Client API);
/// null, absent and <c>""</c> read as the empty id. Writes a string, as the document shows ids, or null when empty.
/// </summary>
internal sealed class HouseCanaryIdConverter : JsonConverter<HouseCanaryId>
{
    public override bool HandleNull => true;

    public override HouseCanaryId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.String:
                string text = reader.GetString()!;
                return string.IsNullOrWhiteSpace(text) ? default : new HouseCanaryId(text);
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out long number))
                {
                    return new HouseCanaryId(number);
                }

                if (reader.TryGetDecimal(out decimal whole) && whole == decimal.Truncate(whole))
                {
                    // 1234.0 names the same id as 1234.
                    return new HouseCanaryId(decimal.Truncate(whole).ToString(CultureInfo.InvariantCulture));
                }

                throw new JsonException("Expected an id (a string or an integer), got a number that is not an integer.");
            default:
                throw new JsonException($"Expected an id (a string or an integer), got {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, HouseCanaryId value, JsonSerializerOptions options)
    {
        if (value.IsEmpty)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.Value);
        }
    }
}

/// <summary>Reads a list of identifiers whose entries may be strings or numbers (each kept as its text); writes strings.</summary>
internal sealed class StringOrNumberListConverter : JsonConverter<IReadOnlyList<string?>>
{
    public override IReadOnlyList<string?>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array of ids, got {reader.TokenType}.");
        }

        var list = new List<string?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.TokenType switch
            {
                JsonTokenType.Null => null,
                JsonTokenType.String => reader.GetString(),
                JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
                _ => throw new JsonException($"Expected an id (a string or a number) in the array, got {reader.TokenType}."),
            });
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string?> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (string? item in value)
        {
            if (item is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(item);
            }
        }

        writer.WriteEndArray();
    }
}
