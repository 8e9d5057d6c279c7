namespace Arrowbase.AppraisalWorks.Appendices;

/// <summary>The contact types of the "Appendix - Contact types" (<c>contactType</c>).</summary>
public static class ContactTypes
{
    /// <summary>Email.</summary>
    public const string Email = "Email";

    /// <summary>Phone.</summary>
    public const string Phone = "Phone";

    /// <summary>Mobile.</summary>
    public const string Mobile = "Mobile";

    /// <summary>Gets every documented value, in the document's order.</summary>
    public static IReadOnlyList<string> All { get; } = [Email, Phone, Mobile];

    /// <summary>Gets whether <paramref name="value"/> is documented (compared ignoring case).</summary>
    /// <param name="value">The value.</param>
    /// <returns>True when documented.</returns>
    public static bool IsDefined(string? value) => value is not null && All.Contains(value, StringComparer.OrdinalIgnoreCase);
}
