namespace Arrowbase.AppraisalWorks.Appendices;

/// <summary>The property types of the "Appendix - Property Types" (<c>property.propertyType</c>).</summary>
public static class PropertyTypes
{
    /// <summary>Commercial.</summary>
    public const string Commercial = "Commercial";

    /// <summary>Condo.</summary>
    public const string Condo = "Condo";

    /// <summary>Duplex.</summary>
    public const string Duplex = "Duplex";

    /// <summary>Farm Property.</summary>
    public const string FarmProperty = "Farm Property";

    /// <summary>Manufactured Home.</summary>
    public const string ManufacturedHome = "Manufactured Home";

    /// <summary>Multi-Family.</summary>
    public const string MultiFamily = "Multi-Family";

    /// <summary>Other.</summary>
    public const string Other = "Other";

    /// <summary>PUD.</summary>
    public const string PUD = "PUD";

    /// <summary>Single Family.</summary>
    public const string SingleFamily = "Single Family";

    /// <summary>Town Home.</summary>
    public const string TownHome = "Town Home";

    /// <summary>Vacant Land.</summary>
    public const string VacantLand = "Vacant Land";

    /// <summary>Gets every documented value, in the document's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Commercial, Condo, Duplex, FarmProperty, ManufacturedHome, MultiFamily, Other, PUD, SingleFamily, TownHome, VacantLand];

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
