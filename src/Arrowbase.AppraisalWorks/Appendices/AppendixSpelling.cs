using System.Text;

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
        return new Index(
            entries.ToDictionary(entry => entry, entry => entry, StringComparer.OrdinalIgnoreCase),
            entries.ToDictionary(Key, entry => entry, StringComparer.Ordinal));
    }

    /// <summary>Returns the appendix's spelling of <paramref name="value"/>, or null when it lists no such entry.</summary>
    public static string? Find(string? value, Index index)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Most values are spelled as listed or differ only in case: found without allocating.
        return index.IgnoringCase.TryGetValue(value, out var entry) ? entry : index.ByKey.GetValueOrDefault(Key(value));
    }

    private static string Key(string value)
    {
        var key = new StringBuilder(value.Length);
        bool space = false;
        foreach (char c in value.Trim())
        {
            if (c is '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212')
            {
                // A dash swallows the white space on either side of it.
                if (key.Length > 0 && key[^1] == ' ')
                {
                    key.Length--;
                }

                key.Append('-');
                space = false;
            }
            else if (char.IsWhiteSpace(c))
            {
                space = true;
            }
            else
            {
                if (space && key.Length > 0 && key[^1] != '-')
                {
                    key.Append(' ');
                }

                space = false;
                key.Append(char.ToUpperInvariant(c));
            }
        }

        return key.ToString();
    }

    /// <summary>An appendix's entries, looked up ignoring case, and by match key.</summary>
    internal sealed record Index(Dictionary<string, string> IgnoringCase, Dictionary<string, string> ByKey);
}
