using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HouseCanary.OrderManager.Json;

/// <summary>
/// Reads an ISO 8601 date-time (with or without offset; no offset means UTC) or a bare <c>yyyy-MM-dd</c> date,
/// which is taken as midnight in America/Los_Angeles so that its calendar date survives. Writes ISO 8601.
/// </summary>
internal sealed class LenientDateTimeOffsetConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
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

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            return new DateTimeOffset(local, HouseCanaryTimeZone.Instance.GetUtcOffset(local));
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        throw new JsonException($"'{text}' is not an ISO 8601 date or date-time.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value.Value);
        }
    }
}
