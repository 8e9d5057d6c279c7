namespace HouseCanary.OrderManager.Http;

/// <summary>Prints a pre-signed URL without what makes it a credential: its query (the signature) and any user info.</summary>
internal static class UrlRedaction
{
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

    public static string Redact(string? url) =>
        url is null ? "null"
        : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Redact(uri)
        : $"<not an absolute URL, {url.Length} chars>";
}
