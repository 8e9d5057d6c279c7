using System.Text.Encodings.Web;
using System.Text.Json;

namespace Valuation.Tests.Wire;

/// <summary>
/// Compares JSON as text: both sides are rewritten without white space (member order, names, casing, number text
/// and string-versus-number all kept), so a renamed, re-cased, re-typed, re-ordered, added or dropped member fails.
/// Nothing goes through the SDK's models.
/// </summary>
internal static class WireJson
{
    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Canonical(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, Writer))
        {
            document.RootElement.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void AssertSame(string expectedJson, string actualJson) =>
        Assert.Equal(Canonical(expectedJson), Canonical(actualJson));
}

/// <summary>A transport that records every request exactly as the SDK hands it over, and answers from a function.</summary>
internal sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage> respond) : HttpMessageHandler
{
    public List<RecordedRequest> Requests { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[]? body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Add(new RecordedRequest(
            request.Method.Method,
            request.RequestUri!.AbsoluteUri,
            request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase),
            request.Content?.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase),
            body));
        return respond(request);
    }
}

internal sealed record RecordedRequest(string Method, string Url, Dictionary<string, string> Headers, Dictionary<string, string>? ContentHeaders, byte[]? Body)
{
    public string BodyText => Body is null ? "(no content)" : System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.GetValueOrDefault(name);

    public string? ContentHeader(string name) => ContentHeaders?.GetValueOrDefault(name);
}
