namespace Arrowbase.AppraisalWorks.Postbacks;

/// <summary>An incoming postback as the web framework received it: raw body bytes, headers and query string.</summary>
public sealed class PostbackRequest
{
    private readonly Func<string, string?> _getHeader;

    /// <summary>Initializes a request.</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="getHeader">Looks a header up by name (case-insensitively), null when absent; no headers when null.</param>
    /// <param name="queryString">The raw query string (with or without '?'), or null.</param>
    public PostbackRequest(ReadOnlyMemory<byte> body, Func<string, string?>? getHeader = null, string? queryString = null)
    {
        Body = body;
        _getHeader = getHeader ?? (_ => null);
        QueryString = queryString;
    }

    /// <summary>Gets the raw body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Gets the raw query string.</summary>
    public string? QueryString { get; }

    /// <summary>Creates a request from a header collection.</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="headers">The headers.</param>
    /// <param name="queryString">The raw query string, or null.</param>
    /// <returns>The request.</returns>
    public static PostbackRequest FromHeaders(ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string>> headers, string? queryString = null)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            map[name] = value;
        }

        return new PostbackRequest(body, name => map.GetValueOrDefault(name), queryString);
    }

    /// <summary>Gets a header's value, or null.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value.</returns>
    public string? GetHeader(string name) => _getHeader(name);
}
