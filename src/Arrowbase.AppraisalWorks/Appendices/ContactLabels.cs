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

    /// <summary>Gets whether <paramref name="value"/> is documented (compared ignoring case).</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when documented.</returns>
    public static bool IsDefined(string? value) => value is not null && All.Contains(value, StringComparer.OrdinalIgnoreCase);
}
