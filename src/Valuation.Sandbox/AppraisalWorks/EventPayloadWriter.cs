using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Valuation.Sandbox.AppraisalWorks;

/// <summary>Streams the Documents and Completed payloads: base64 is written in chunks straight to the response.</summary>
internal static class EventPayloadWriter
{
    private const int ChunkBytes = 48 * 1024; // A multiple of 3: every chunk but the last encodes without padding.
    private const int FlushThreshold = 64 * 1024;

    public static async Task WriteDocumentAsync(HttpResponse response, ProviderDocument document, string now)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        var cancellationToken = response.HttpContext.RequestAborted;
        await using var writer = new Utf8JsonWriter(response.BodyWriter, Json.JsonResponses.WriterOptions);
        writer.WriteStartObject();
        writer.WritePropertyName("embeddedFile");
        await WriteFileAsync(writer, response, document, cancellationToken);
        writer.WriteBoolean("isSuccess", true);
        writer.WriteString("datetime", now);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    public static async Task WriteCompletedAsync(HttpResponse response, AwOrder order, IReadOnlyList<ProviderDocument> documents, string now)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        var cancellationToken = response.HttpContext.RequestAborted;
        await using var writer = new Utf8JsonWriter(response.BodyWriter, Json.JsonResponses.WriterOptions);
        writer.WriteStartObject();
        writer.WriteStartObject("property");
        writer.WriteString("assessorsParcelIdentifier", string.Create(CultureInfo.InvariantCulture, $"APN-{order.BaseNumber}"));
        writer.WriteString("lotSize", "0.25 ac");
        writer.WriteString("livingArea", "1850");
        writer.WriteString("stories", "2");
        writer.WriteString("yearBuilt", "1992");
        writer.WriteString("totalRooms", "8");
        writer.WriteEndObject();
        writer.WriteStartObject("valuationResults");
        writer.WriteNumber("value", decimal.Round(order.EstimatedValue, 2));
        var eastern = order.CreatedAt.ToOffset(TimeSpan.FromHours(-5));
        writer.WriteString("valuationDate", eastern.ToString("yyyy-MM-dd hh:mm tt", CultureInfo.InvariantCulture) + " EST");
        writer.WriteString("appraiserName", "Jane Appraiser");
        writer.WriteString("appraiserLicenseNumber", "tst-12345");
        writer.WriteEndObject();
        writer.WriteStartArray("embeddedFile");
        foreach (var document in documents)
        {
            await WriteFileAsync(writer, response, document, cancellationToken);
        }

        writer.WriteEndArray();
        writer.WriteBoolean("isSuccess", true);
        writer.WriteString("datetime", now);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }

    private static async Task WriteFileAsync(Utf8JsonWriter writer, HttpResponse response, ProviderDocument document, CancellationToken cancellationToken)
    {
        byte[] content = document.Content();
        writer.WriteStartObject();
        writer.WriteString("typeID", document.TypeId.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("name", document.Name);
        writer.WriteString("description", document.Description);
        writer.WritePropertyName("document");
        if (content.Length == 0)
        {
            writer.WriteStringValue(string.Empty);
        }

        for (int offset = 0; offset < content.Length; offset += ChunkBytes)
        {
            int length = Math.Min(ChunkBytes, content.Length - offset);
            writer.WriteBase64StringSegment(content.AsSpan(offset, length), isFinalSegment: offset + length >= content.Length);
            if (writer.BytesPending >= FlushThreshold)
            {
                writer.Flush();
                await response.BodyWriter.FlushAsync(cancellationToken);
            }
        }

        writer.WriteEndObject();
    }
}
