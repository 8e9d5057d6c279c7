namespace Arrowbase.AppraisalWorks.Appendices;

/// <summary>
/// Matches a value to an appendix entry apart from case and dash style (<c>-</c>, <c>–</c>, <c>—</c>, with or without
/// spaces around it, and runs of white space), so that <c>"real estate agent - buyer"</c> is the documented
/// <c>"Real Estate Agent – Buyer"</c> and <c>"a001"</c> is <c>"A001"</c>.
/// </summary>
internal static class AppendixSpelling
{
    /// <summary>Indexes an appendix by each entry (ignoring case) and by the match key of each entry.</summary>
    public static Index Create(IEnumerable<string> listed)
    {
        string[] entries = [.. listed];
        var byKey = entries.ToDictionary(Key, entry => entry, StringComparer.Ordinal);
        return new Index(
            entries.ToDictionary(entry => entry, entry => entry, StringComparer.OrdinalIgnoreCase),
            byKey,
            byKey.GetAlternateLookup<ReadOnlySpan<char>>());
    }

    /// <summary>Returns the appendix's spelling of <paramref name="value"/>, or null when it lists no such entry.</summary>
    public static string? Find(string? value, Index index)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Most values are spelled as listed or differ only in case: found without allocating. The match key of any
        // other value is built on the stack (or in a rented buffer when long) and looked up as a span.
        if (index.IgnoringCase.TryGetValue(value, out var entry))
        {
            return entry;
        }

        const int StackLimit = 256;
        char[]? rented = null;
        Span<char> buffer = value.Length <= StackLimit ? stackalloc char[StackLimit] : (rented = System.Buffers.ArrayPool<char>.Shared.Rent(value.Length));
        try
        {
            int length = WriteKey(value, buffer);
            return index.ByKeySpan.TryGetValue(buffer[..length], out entry) ? entry : null;
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    private static string Key(string value)
    {
        var buffer = new char[value.Length];
        return new string(buffer, 0, WriteKey(value, buffer));
    }

    // The match key is never longer than the value: each character becomes at most one. The value is trimmed, so
    // white space only ever follows a character already in the key, and a space is written only when the next
    // character (not a dash) comes: a dash swallows the white space on either side of it.
    private static int WriteKey(string value, Span<char> key)
    {
        int length = 0;
        bool space = false;
        foreach (char c in value.AsSpan().Trim())
        {
            if (c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212')
            {
                key[length++] = '-';
            }
            else if (char.IsWhiteSpace(c))
            {
                space = true;
            }
            else
            {
                if (space && key[length - 1] != '-')
                {
                    key[length++] = ' ';
                }

                space = false;
                key[length++] = char.ToUpperInvariant(c);
            }
        }

        return length;
    }

    /// <summary>An appendix's entries, looked up ignoring case, and by match key.</summary>
    internal sealed record Index(
        Dictionary<string, string> IgnoringCase,
        Dictionary<string, string> ByKey,
        Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByKeySpan);
}
