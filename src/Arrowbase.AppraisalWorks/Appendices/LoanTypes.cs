namespace Arrowbase.AppraisalWorks.Appendices;

/// <summary>The loan types of the "Appendix - Loan Types" (<c>request.loanType</c>).</summary>
public static class LoanTypes
{
    /// <summary>Acquisition.</summary>
    public const string Acquisition = "Acquisition";

    /// <summary>Construction.</summary>
    public const string Construction = "Construction";

    /// <summary>Default.</summary>
    public const string Default = "Default";

    /// <summary>Home Equity.</summary>
    public const string HomeEquity = "Home Equity";

    /// <summary>Land Contract.</summary>
    public const string LandContract = "Land Contract";

    /// <summary>Purchase.</summary>
    public const string Purchase = "Purchase";

    /// <summary>Refinance.</summary>
    public const string Refinance = "Refinance";

    /// <summary>Renewal.</summary>
    public const string Renewal = "Renewal";

    /// <summary>REO.</summary>
    public const string REO = "REO";

    /// <summary>Reverse.</summary>
    public const string Reverse = "Reverse";

    /// <summary>Workout.</summary>
    public const string Workout = "Workout";

    /// <summary>Unknown.</summary>
    public const string Unknown = "Unknown";

    /// <summary>Gets every documented value, in the document's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Acquisition, Construction, Default, HomeEquity, LandContract, Purchase, Refinance, Renewal, REO, Reverse, Workout, Unknown];

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
