namespace Valuation.Webhooks;

/// <summary>
/// An incoming webhook as any web stack sees it: the raw body (a stream with an optional declared length, or bytes
/// already in memory), a header lookup and the raw query string. The ASP.NET Core endpoints build one per request;
/// build one yourself for Azure Functions, HttpListener or a test.
/// </summary>
public sealed class WebhookRequest
{
    private static readonly Func<string, string?> NoHeaders = static _ => null;

    /// <summary>Initializes a request whose body is read from a stream.</summary>
    /// <param name="body">The body stream; read once, never disposed by the processor.</param>
    /// <param name="declaredLength">The <c>Content-Length</c>, if known (a larger one than allowed is refused before reading).</param>
    /// <param name="getHeader">Looks a header up by name, case-insensitively; null when absent.</param>
    /// <param name="queryString">The raw query string (with or without <c>?</c>), or null.</param>
    public WebhookRequest(Stream body, long? declaredLength, Func<string, string?>? getHeader, string? queryString)
    {
        ArgumentNullException.ThrowIfNull(body);
        BodyStream = body;
        DeclaredLength = declaredLength;
        Lookup = getHeader ?? NoHeaders;
        QueryString = queryString;
    }

    /// <summary>Initializes a request whose body is already in memory.</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="getHeader">Looks a header up by name, case-insensitively; null when absent. No headers when null.</param>
    /// <param name="queryString">The raw query string (with or without <c>?</c>), or null.</param>
    public WebhookRequest(ReadOnlyMemory<byte> body, Func<string, string?>? getHeader = null, string? queryString = null)
    {
        BodyBytes = body;
        DeclaredLength = body.Length;
        Lookup = getHeader ?? NoHeaders;
        QueryString = queryString;
    }

    /// <summary>Gets the body stream, when the body is streamed.</summary>
    public Stream? BodyStream { get; }

    /// <summary>Gets the body bytes, when the body is in memory.</summary>
    public ReadOnlyMemory<byte>? BodyBytes { get; }

    /// <summary>Gets the declared body length, if known.</summary>
    public long? DeclaredLength { get; }

    /// <summary>Gets the raw query string, or null.</summary>
    public string? QueryString { get; }

    /// <summary>
    /// Gets or sets the request's service scope (ASP.NET Core's <c>HttpContext.RequestServices</c>), from which the
    /// user's handler is resolved. When null, a processor registered with dependency injection opens a scope of its own.
    /// </summary>
    public IServiceProvider? Services { get; init; }

    private Func<string, string?> Lookup { get; }

    /// <summary>Creates a request from a header collection (looked up case-insensitively).</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="headers">The headers.</param>
    /// <param name="queryString">The raw query string, or null.</param>
    /// <returns>The request.</returns>
    public static WebhookRequest FromHeaders(ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string>> headers, string? queryString = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            map[name] = value;
        }

        return new WebhookRequest(body, name => map.GetValueOrDefault(name), queryString);
    }

    /// <summary>Gets a header's value, or null when absent.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value.</returns>
    public string? GetHeader(string name) => Lookup(name);

    /// <inheritdoc />
    public override string ToString() => BodyBytes is { } bytes ? $"WebhookRequest({bytes.Length} bytes)" : $"WebhookRequest(stream, declared {DeclaredLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"})";
}
