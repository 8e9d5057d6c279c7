using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Arrowbase.AppraisalWorks.Json;

/// <summary>
/// Reads a list sent either as a JSON array or as a single object (the field tables call <c>embeddedFile</c> an
/// Object while the examples send an array); writes an array.
/// </summary>
/// <typeparam name="T">The element type, which must be in <see cref="AppraisalWorksJsonContext"/>.</typeparam>
internal sealed class SingleOrArrayConverter<T> : JsonConverter<IReadOnlyList<T>>
    where T : class
{
    /// <inheritdoc />
    public override IReadOnlyList<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.StartObject:
                return [JsonSerializer.Deserialize(ref reader, info)!];
            case JsonTokenType.StartArray:
                var list = new List<T>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(JsonSerializer.Deserialize(ref reader, info) ?? throw new JsonException("A list element is null."));
                }

                return list;
            default:
                throw new JsonException($"Expected an object or an array but found {reader.TokenType}.");
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        writer.WriteStartArray();
        foreach (var item in value)
        {
            JsonSerializer.Serialize(writer, item, info);
        }

        writer.WriteEndArray();
    }
}
