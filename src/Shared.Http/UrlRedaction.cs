namespace Valuation.Http;

/// <summary>Prints a URL without what makes it a credential: its query (a pre-signed URL's signature) and any user info.</summary>
internal static class UrlRedaction
{
    /// <summary>Redacts a URI.</summary>
    /// <param name="uri">The URI.</param>
    /// <returns>Scheme, host, port and path, with <c>?&lt;redacted&gt;</c> in place of a query.</returns>
    public static string Redact(Uri? uri)
    {
        if (uri is null)
        {
            return "null";
        }

        if (!uri.IsAbsoluteUri)
        {
            return "<relative URL>";
        }

        string left = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return string.IsNullOrEmpty(uri.Query) ? left : left + "?<redacted>";
    }

    /// <summary>Redacts a URL given as text.</summary>
    /// <param name="url">The text.</param>
    /// <returns>The redacted URL, or a placeholder when the text is not an absolute URL.</returns>
    public static string Redact(string? url) =>
        url is null ? "null"
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Redact(uri)
        : $"<not an absolute URL, {url.Length} chars>";
}
