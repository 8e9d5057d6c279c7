using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace Valuation.Sandbox.Json;

internal static class JsonResponses
{
    /// <summary>Readable descriptions: quotes and apostrophes stay as they are (these are JSON APIs, not HTML).</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync<T>(HttpResponse response, int status, T value, JsonTypeInfo<T> typeInfo)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter, WriterOptions);
        JsonSerializer.Serialize(writer, value, typeInfo);
        await writer.FlushAsync(response.HttpContext.RequestAborted);
    }

    public static async Task WriteRawAsync(HttpResponse response, int status, byte[] json)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = json.Length;
        await response.Body.WriteAsync(json, response.HttpContext.RequestAborted);
    }

    public static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        await using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }
}
