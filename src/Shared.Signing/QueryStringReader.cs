namespace Shared.Signing;

/// <summary>Reads one parameter from a raw query string, as <c>application/x-www-form-urlencoded</c> decodes it.</summary>
internal static class QueryStringReader
{
    internal enum Lookup
    {
        Absent,
        Found,
        Duplicate,
        Malformed,
    }

    internal static Lookup TryGetSingle(string? queryString, string name, out string? value)
    {
        value = null;
        if (string.IsNullOrEmpty(queryString))
        {
            return Lookup.Absent;
        }

        ReadOnlySpan<char> query = queryString.AsSpan();
        if (query[0] == '?')
        {
            query = query[1..];
        }

        var result = Lookup.Absent;
        foreach (Range range in query.Split('&'))
        {
            // An empty pair, or one with an empty name ("=x"), decodes to the name "", which never equals a
            // parameter's name: the callers refuse an empty one.
            ReadOnlySpan<char> pair = query[range];
            ReadOnlySpan<char> rawName = pair;
            ReadOnlySpan<char> rawValue = [];
            int eq = pair.IndexOf('=');
            if (eq >= 0)
            {
                rawName = pair[..eq];
                rawValue = pair[(eq + 1)..];
            }

            if (!TryDecode(rawName, out string? key))
            {
                return Lookup.Malformed;
            }

            if (!string.Equals(key, name, StringComparison.Ordinal))
            {
                continue;
            }

            if (result == Lookup.Found)
            {
                value = null;
                return Lookup.Duplicate;
            }

            if (!TryDecode(rawValue, out value))
            {
                return Lookup.Malformed;
            }

            result = Lookup.Found;
        }

        return result;
    }

    private static bool TryDecode(ReadOnlySpan<char> encoded, out string? decoded)
    {
        decoded = null;
        string plus = encoded.ToString().Replace('+', ' ');
        for (int i = 0; i < plus.Length; i++)
        {
            if (plus[i] == '%' && (i + 2 >= plus.Length || !char.IsAsciiHexDigit(plus[i + 1]) || !char.IsAsciiHexDigit(plus[i + 2])))
            {
                return false;
            }
        }

        decoded = Uri.UnescapeDataString(plus);
        return true;
    }
}
