namespace Arrowbase.AppraisalWorks.Appendices;

/// <summary>The contact labels of the "Appendix - Contact types" (<c>contactLabel</c>).</summary>
public static class ContactLabels
{
    /// <summary>Home.</summary>
    public const string Home = "Home";

    /// <summary>Work.</summary>
    public const string Work = "Work";

    /// <summary>Other.</summary>
    public const string Other = "Other";

    /// <summary>Gets every documented value, in the document's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Home, Work, Other];

    /// <summary>Gets whether <paramref name="value"/> is documented, apart from case and dash style (see <see cref="Find"/>).</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when documented.</returns>
    public static bool IsDefined(string? value) => Find(value) is not null;

    /// <summary>Returns the documented spelling of <paramref name="value"/>, matched apart from case and dash style, or null when unlisted.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The entry as the appendix spells it, or null.</returns>
    public static string? Find(string? value) => AppendixSpelling.Find(value, Spellings);

    // After All: static initializers run in text order.
    private static readonly AppendixSpelling.Index Spellings = AppendixSpelling.Create(All);
}
