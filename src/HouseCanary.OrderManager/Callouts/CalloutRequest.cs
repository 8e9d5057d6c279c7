namespace HouseCanary.OrderManager.Callouts;

/// <summary>
/// An incoming callout as any web stack sees it: the raw body (a stream with an optional declared length, or bytes
/// already in memory), a header lookup and the raw query string. Build one from ASP.NET Core, HttpListener,
/// Azure Functions or a test.
/// </summary>
public sealed class CalloutRequest
{
    /// <summary>Initializes a request whose body is read from a stream.</summary>
    /// <param name="body">The body stream; read once, never disposed by the processor.</param>
    /// <param name="declaredLength">The <c>Content-Length</c>, if known (an oversized one is rejected before reading).</param>
    /// <param name="getHeader">Looks a header up by name, case-insensitively; null when absent.</param>
    /// <param name="queryString">The raw query string, or null.</param>
    public CalloutRequest(Stream body, long? declaredLength, Func<string, string?> getHeader, string? queryString)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(getHeader);
        BodyStream = body;
        DeclaredLength = declaredLength;
        GetHeader = getHeader;
        QueryString = queryString;
    }

    /// <summary>Initializes a request whose body is already in memory.</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="getHeader">Looks a header up by name, case-insensitively; null when absent.</param>
    /// <param name="queryString">The raw query string, or null.</param>
    public CalloutRequest(ReadOnlyMemory<byte> body, Func<string, string?> getHeader, string? queryString)
    {
        ArgumentNullException.ThrowIfNull(getHeader);
        BodyBytes = body;
        DeclaredLength = body.Length;
        GetHeader = getHeader;
        QueryString = queryString;
    }

    /// <summary>Gets the body stream, when the body is streamed.</summary>
    public Stream? BodyStream { get; }

    /// <summary>Gets the body bytes, when the body is in memory.</summary>
    public ReadOnlyMemory<byte>? BodyBytes { get; }

    /// <summary>Gets the declared body length, if known.</summary>
    public long? DeclaredLength { get; }

    /// <summary>Gets the header lookup.</summary>
    public Func<string, string?> GetHeader { get; }

    /// <summary>Gets the raw query string.</summary>
    public string? QueryString { get; }

    /// <summary>Creates a request from a header dictionary (looked up case-insensitively).</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="headers">The headers.</param>
    /// <param name="queryString">The raw query string, or null.</param>
    /// <returns>The request.</returns>
    public static CalloutRequest FromHeaders(ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string>> headers, string? queryString)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var lookup = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            lookup[name] = value;
        }

        return new CalloutRequest(body, name => lookup.TryGetValue(name, out var value) ? value : null, queryString);
    }
}
