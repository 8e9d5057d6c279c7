using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Arrowbase.AppraisalWorks.Documents;

/// <summary>
/// A request body that writes JSON with a <see cref="Utf8JsonWriter"/> straight to the network stream, replacing
/// each embedded document's marker with its base64 written in segments and flushing as it goes, so that a 100 MB
/// document never sits in memory. The JSON around the documents is small and serialized first (source-generated).
/// </summary>
internal sealed class StreamingJsonContent : HttpContent
{
    private const int FlushThreshold = 32 * 1024;
    private readonly byte[] _template;
    private readonly Dictionary<string, EmbeddedFileContent> _documents;

    private StreamingJsonContent(byte[] template, Dictionary<string, EmbeddedFileContent> documents)
    {
        _template = template;
        _documents = documents;
        Headers.ContentType = new MediaTypeHeaderValue(AppraisalWorksSignature.ContentType);
    }

    public static HttpContent Create<T>(T value, JsonTypeInfo<T> typeInfo, ReadOnlySpan<EmbeddedFileContent?> documents)
    {
        // Allocated only for a document to stream (most orders embed none, or documents already in memory).
        Dictionary<string, EmbeddedFileContent>? map = null;
        foreach (var document in documents)
        {
            if (document is not null && document.Base64Text is null)
            {
                map ??= new Dictionary<string, EmbeddedFileContent>(StringComparer.Ordinal);
                map[document.Marker] = document;
            }
        }

        byte[] template = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        if (map is null)
        {
            // Nothing to stream: send the serialized bytes as they are, with a Content-Length, instead of re-writing
            // them token by token (which allocated a string per member: 3.4x the floor's bytes for an order).
            var bytes = new ByteArrayContent(template);
            bytes.Headers.ContentType = new MediaTypeHeaderValue(AppraisalWorksSignature.ContentType);
            return bytes;
        }

        return new StreamingJsonContent(template, map);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = false });
        await using (writer.ConfigureAwait(false))
        {
            var state = default(JsonReaderState);
            int offset = 0;
            while (true)
            {
                var step = CopyUntilDocument(writer, ref state, ref offset);
                if (step is null)
                {
                    break;
                }

                await step.WriteValueAsync(writer, cancellationToken).ConfigureAwait(false);
                if (writer.BytesPending >= FlushThreshold)
                {
                    await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    /// <summary>Copies tokens from the template until a document marker (returned) or the end (null).</summary>
    private EmbeddedFileContent? CopyUntilDocument(Utf8JsonWriter writer, ref JsonReaderState state, ref int offset)
    {
        var reader = new Utf8JsonReader(_template.AsSpan(offset), isFinalBlock: true, state);
        try
        {
            while (reader.Read())
            {
                if (JsonTokenCopy.TryCopyPlainToken(writer, ref reader))
                {
                    continue;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        writer.WriteStartObject();
                        break;
                    case JsonTokenType.EndObject:
                        writer.WriteEndObject();
                        break;
                    case JsonTokenType.PropertyName:
                        writer.WritePropertyName(reader.GetString()!);
                        break;
                    case JsonTokenType.String:
                        string text = reader.GetString()!;
                        if (_documents.TryGetValue(text, out var document))
                        {
                            return document;
                        }

                        writer.WriteStringValue(text);
                        break;
                    default:
                        break;
                }
            }

            return null;
        }
        finally
        {
            offset += (int)reader.BytesConsumed;
            state = reader.CurrentState;
        }
    }
}
