namespace Arrowbase.AppraisalWorks.Appendices;

/// <summary>The contact roles of the "Appendix - Contact types": the values of <c>partyType</c> (the document also calls them party types).</summary>
public static class ContactRoles
{
    /// <summary>Borrower.</summary>
    public const string Borrower = "Borrower";

    /// <summary>Loan Officer.</summary>
    public const string LoanOfficer = "Loan Officer";

    /// <summary>Loan Processor.</summary>
    public const string LoanProcessor = "Loan Processor";

    /// <summary>Property Contact.</summary>
    public const string PropertyContact = "Property Contact";

    /// <summary>Appraisal Coordinator.</summary>
    public const string AppraisalCoordinator = "Appraisal Coordinator";

    /// <summary>Attorney.</summary>
    public const string Attorney = "Attorney";

    /// <summary>Builder.</summary>
    public const string Builder = "Builder";

    /// <summary>Buyer.</summary>
    public const string Buyer = "Buyer";

    /// <summary>Lender.</summary>
    public const string Lender = "Lender";

    /// <summary>Other.</summary>
    public const string Other = "Other";

    /// <summary>Owner.</summary>
    public const string Owner = "Owner";

    /// <summary>Real Estate Agent – Buyer.</summary>
    public const string RealEstateAgentBuyer = "Real Estate Agent – Buyer";

    /// <summary>Real Estate Agent – Seller.</summary>
    public const string RealEstateAgentSeller = "Real Estate Agent – Seller";

    /// <summary>Seller.</summary>
    public const string Seller = "Seller";

    /// <summary>Gets every documented value, in the document's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Borrower, LoanOfficer, LoanProcessor, PropertyContact, AppraisalCoordinator, Attorney, Builder, Buyer, Lender, Other, Owner, RealEstateAgentBuyer, RealEstateAgentSeller, Seller];

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
