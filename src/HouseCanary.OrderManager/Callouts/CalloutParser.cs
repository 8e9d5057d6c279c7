using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using HouseCanary.OrderManager.Json;

namespace HouseCanary.OrderManager.Callouts;

/// <summary>
/// Parses a callout body into <see cref="OrderStatusChangeMessage"/>, <see cref="OrderItemStatusChangeMessage"/>,
/// <see cref="OrderCompleteMessage"/> or, for an unknown <c>message_type</c>, <see cref="UnknownCalloutMessage"/>
/// (keeping the raw JSON). Malformed input throws <see cref="CalloutParseException"/> saying where. Thread-safe.
/// </summary>
public sealed class CalloutParser
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = OrderManagerJsonContext.MaxDepth };

    /// <summary>Parses a body.</summary>
    /// <param name="body">The raw UTF-8 JSON body.</param>
    /// <returns>The typed message.</returns>
    /// <exception cref="CalloutParseException">The body is not JSON, not an object, too deeply nested, lacks <c>message_type</c> or <c>message_id</c>, or has a member of the wrong type.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822:Mark members as static", Justification = "An instance API, so that it can be injected and substituted.")]
    public CalloutMessage Parse(ReadOnlyMemory<byte> body)
    {
        // A UTF-8 byte order mark is not JSON, but senders that write text files add one; the signature was already
        // checked over the raw bytes, so it is skipped here rather than refusing the callout.
        if (body.Span.StartsWith("\uFEFF"u8))
        {
            body = body[3..];
        }

        string? messageType = ReadMessageType(body.Span);
        CalloutMessage message = messageType switch
        {
            CalloutMessageTypes.OrderStatusChange => Deserialize(body, OrderManagerJsonContext.Default.OrderStatusChangeMessage),
            CalloutMessageTypes.OrderItemStatusChange => Deserialize(body, OrderManagerJsonContext.Default.OrderItemStatusChangeMessage),
            CalloutMessageTypes.OrderComplete => Deserialize(body, OrderManagerJsonContext.Default.OrderCompleteMessage),
            _ => ParseUnknown(body, messageType!),
        };

        if (string.IsNullOrWhiteSpace(message.MessageId))
        {
            throw new CalloutParseException("The callout has no message_id, so it cannot be de-duplicated.", "$.message_id", null, null);
        }

        // Every documented message names its order (and the item messages their item): without them it says nothing.
        if (message is not UnknownCalloutMessage && message.OrderId.IsEmpty)
        {
            throw new CalloutParseException($"The {message.MessageType} callout has no order_id.", "$.order_id", null, null);
        }

        if (message is OrderItemStatusChangeMessage { OrderItemId.IsEmpty: true } or OrderCompleteMessage { OrderItemId.IsEmpty: true })
        {
            throw new CalloutParseException($"The {message.MessageType} callout has no order_item_id.", "$.order_item_id", null, null);
        }

        return message;
    }

    private static string ReadMessageType(ReadOnlySpan<byte> body)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new CalloutParseException("The callout body is empty.", "$", 0, 0);
        }

        var reader = new Utf8JsonReader(body, ReaderOptions);
        string? messageType = null;
        try
        {
            if (!reader.Read())
            {
                throw new CalloutParseException("The callout body is empty.", "$", 0, 0);
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new CalloutParseException($"The callout body must be a JSON object, not {reader.TokenType}.", "$", 0, reader.TokenStartIndex);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isType = reader.ValueTextEquals("message_type"u8);
                reader.Read();
                if (isType)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new CalloutParseException($"message_type must be a string, not {reader.TokenType}.", "$.message_type", null, reader.TokenStartIndex);
                    }

                    messageType = reader.GetString();
                }
                else
                {
                    reader.Skip();
                }
            }

            // Anything after the object (a second value, stray characters) makes the reader throw here.
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            throw Located("The callout body is not valid JSON", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw InvalidText(ex);
        }

        return string.IsNullOrWhiteSpace(messageType)
            ? throw new CalloutParseException("The callout has no message_type.", "$.message_type", null, null)
            : messageType;
    }

    private static T Deserialize<T>(ReadOnlyMemory<byte> body, JsonTypeInfo<T> typeInfo)
        where T : CalloutMessage
    {
        try
        {
            return JsonSerializer.Deserialize(body.Span, typeInfo)
                ?? throw new CalloutParseException("The callout body is JSON null.", "$", 0, 0);
        }
        catch (JsonException ex)
        {
            throw Located($"The {typeof(T).Name} callout has an invalid member", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw InvalidText(ex);
        }
    }

    private static UnknownCalloutMessage ParseUnknown(ReadOnlyMemory<byte> body, string messageType)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = OrderManagerJsonContext.MaxDepth });
            var root = document.RootElement.Clone();
            return new UnknownCalloutMessage
            {
                MessageType = messageType,
                MessageId = Text(root, "message_id"),
                OrderId = Text(root, "order_id") is { Length: > 0 } orderId && !string.IsNullOrWhiteSpace(orderId) ? new HouseCanaryId(orderId) : default,
                CustomerOrderId = Text(root, "customer_order_id"),
                RawJson = root,
            };
        }
        catch (JsonException ex)
        {
            throw Located("The callout body is not valid JSON", ex);
        }
        catch (InvalidOperationException ex)
        {
            throw InvalidText(ex);
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    // System.Text.Json reports a string escape that is not valid UTF-16 (such as a lone "\ud800") with an
    // InvalidOperationException, not a JsonException: it is still a malformed callout.
    private static CalloutParseException InvalidText(InvalidOperationException ex) =>
        new($"The callout body holds a string that is not valid Unicode: {ex.Message}", "$", null, null, ex);

    private static CalloutParseException Located(string what, JsonException ex)
    {
        string where = string.Create(CultureInfo.InvariantCulture, $"path {ex.Path ?? "$"}, line {ex.LineNumber ?? 0}, byte {ex.BytePositionInLine ?? 0}");
        return new CalloutParseException($"{what} ({where}): {ex.Message}", ex.Path ?? "$", ex.LineNumber, ex.BytePositionInLine, ex);
    }
}
