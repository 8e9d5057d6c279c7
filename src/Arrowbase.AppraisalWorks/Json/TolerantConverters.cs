using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Arrowbase.AppraisalWorks.Json;

/// <summary>Reads <see cref="AppraisalWorksDate"/> from a string (or null) and writes its raw text back.</summary>
internal sealed class AppraisalWorksDateConverter : JsonConverter<AppraisalWorksDate>
{
    /// <inheritdoc />
    public override AppraisalWorksDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => AppraisalWorksDate.Parse(reader.GetString()!),
            JsonTokenType.Null => default,
            _ => throw new JsonException($"Expected a date string but found {reader.TokenType}."),
        };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, AppraisalWorksDate value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.Raw);
    }
}

/// <summary>Reads an integer sent as a number or as a string (<c>"2"</c>, <c>""</c> is null); writes a number.</summary>
internal sealed class LenientInt32Converter : JsonConverter<int?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt32(out int number):
                return number;
            case JsonTokenType.Number when reader.TryGetDecimal(out decimal whole) && whole == decimal.Truncate(whole) && whole is >= int.MinValue and <= int.MaxValue:
                return (int)whole;
            case JsonTokenType.String:
                string text = reader.GetString()!.Trim();
                if (text.Length == 0)
                {
                    return null;
                }

                if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed))
                {
                    return parsed;
                }

                throw new JsonException("Expected an integer but found a string that is not one.");
            default:
                throw new JsonException($"Expected an integer but found {reader.TokenType}.");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Reads a decimal sent as a number or as a string (<c>"147.65"</c>, <c>""</c> is null); writes a number.</summary>
internal sealed class LenientDecimalConverter : JsonConverter<decimal?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                return reader.GetDecimal();
            case JsonTokenType.String:
                string text = reader.GetString()!.Trim();
                if (text.Length == 0)
                {
                    return null;
                }

                if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out decimal parsed))
                {
                    return parsed;
                }

                throw new JsonException("Expected a decimal number but found a string that is not one.");
            default:
                throw new JsonException($"Expected a decimal number but found {reader.TokenType}.");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Reads a string that may be sent as a number (<c>detailId</c>, <c>orderID</c>); writes a string.</summary>
internal sealed class LenientStringConverter : JsonConverter<string?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            _ => throw new JsonException($"Expected a string but found {reader.TokenType}."),
        };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}

/// <summary>Reads a boolean sent as <c>true</c>/<c>false</c> or as the strings <c>"true"</c>/<c>"false"</c>.</summary>
internal sealed class LenientBooleanConverter : JsonConverter<bool?>
{
    /// <inheritdoc />
    public override bool HandleNull => true;

    /// <inheritdoc />
    public override bool? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String when Utf8Parser.TryParse(reader.ValueSpan, out bool b, out int consumed, 'l') && consumed == reader.ValueSpan.Length => b,
            JsonTokenType.String when bool.TryParse(reader.GetString(), out bool parsed) => parsed,
            _ => throw new JsonException($"Expected a boolean but found {reader.TokenType}."),
        };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, bool? value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is { } v)
        {
            writer.WriteBooleanValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
