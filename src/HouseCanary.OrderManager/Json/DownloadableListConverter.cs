using System.Text.Json;
using System.Text.Json.Serialization;
using HouseCanary.OrderManager.Models;

namespace HouseCanary.OrderManager.Json;

/// <summary>
/// Reads <c>available_downloadables</c> as the public integration reads it, a list of objects each with a
/// <c>key</c> (other members kept), and also as a list of plain key strings. Writes objects.
/// </summary>
internal sealed class DownloadableListConverter : JsonConverter<IReadOnlyList<Downloadable>>
{
    public override IReadOnlyList<Downloadable>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected available_downloadables to be an array, got {reader.TokenType}.");
        }

        var info = OrderManagerJsonContext.Default.Downloadable;
        var list = new List<Downloadable>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    list.Add(new Downloadable { Key = reader.GetString() });
                    break;
                case JsonTokenType.StartObject:
                    list.Add(JsonSerializer.Deserialize(ref reader, info)!);
                    break;
                case JsonTokenType.Null:
                    break;
                default:
                    throw new JsonException($"Expected a downloadable (an object with a key, or a key string), got {reader.TokenType}.");
            }
        }

        return list;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<Downloadable> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            JsonSerializer.Serialize(writer, item, OrderManagerJsonContext.Default.Downloadable);
        }

        writer.WriteEndArray();
    }
}
