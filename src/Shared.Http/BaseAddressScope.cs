namespace Valuation.Http;

/// <summary>Decides whether a URI lies under the API's base address (same scheme, host, port and path prefix): credentials go only there.</summary>
internal static class BaseAddressScope
{
    /// <summary>Gets whether <paramref name="candidate"/> lies under <paramref name="baseAddress"/>.</summary>
    /// <param name="candidate">The URI a request is about to go to.</param>
    /// <param name="baseAddress">The configured API root.</param>
    /// <returns>True when the candidate has the same scheme, host and port, no user info, and a path under the base path.</returns>
    public static bool IsUnder(Uri? candidate, Uri baseAddress)
    {
        if (candidate is null || !candidate.IsAbsoluteUri || !baseAddress.IsAbsoluteUri)
        {
            return false;
        }

        if (!string.Equals(candidate.Scheme, baseAddress.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(candidate.IdnHost, baseAddress.IdnHost, StringComparison.OrdinalIgnoreCase)
            || candidate.Port != baseAddress.Port
            || !string.IsNullOrEmpty(candidate.UserInfo))
        {
            return false;
        }

        string basePath = baseAddress.AbsolutePath.EndsWith('/') ? baseAddress.AbsolutePath : baseAddress.AbsolutePath + "/";
        string path = candidate.AbsolutePath;

        // Uri has already removed dot segments from AbsolutePath; refuse encoded ones that a server might decode.
        if (path.Contains("%2e", StringComparison.OrdinalIgnoreCase) || path.Contains("%2f", StringComparison.OrdinalIgnoreCase) || path.Contains('\\', StringComparison.Ordinal))
        {
            return false;
        }

        return path.StartsWith(basePath, StringComparison.Ordinal) || path + "/" == basePath;
    }
}
