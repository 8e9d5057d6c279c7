using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HouseCanary.OrderManager.Json;

/// <summary>Reads <c>yyyy-MM-dd</c> (or the date part of an ISO 8601 date-time, as written) and writes <c>yyyy-MM-dd</c>.</summary>
internal sealed class LenientDateOnlyConverter : JsonConverter<DateOnly?>
{
    public override bool HandleNull => true;

    public override DateOnly? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a date string, got {reader.TokenType}.");
        }

        string text = reader.GetString()!.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (text.Length >= 10 && DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && (text.Length == 10 || text[10] is 'T' or 't' or ' '))
        {
            return date;
        }

        throw new JsonException($"'{text}' is not a yyyy-MM-dd date.");
    }

    public override void Write(Utf8JsonWriter writer, DateOnly? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }
}
