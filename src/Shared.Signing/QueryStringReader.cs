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

        ReadOnlySpan<char> rest = queryString.AsSpan();
        if (rest[0] == '?')
        {
            rest = rest[1..];
        }

        var result = Lookup.Absent;
        while (!rest.IsEmpty)
        {
            int amp = rest.IndexOf('&');
            ReadOnlySpan<char> pair = amp < 0 ? rest : rest[..amp];
            rest = amp < 0 ? [] : rest[(amp + 1)..];
            if (pair.IsEmpty)
            {
                continue;
            }

            int eq = pair.IndexOf('=');
            if (!TryDecode(eq < 0 ? pair : pair[..eq], out string? key))
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

            if (!TryDecode(eq < 0 ? [] : pair[(eq + 1)..], out value))
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
