namespace Arrowbase.AppraisalWorks.Appendices;

/// <summary>
/// Writes appendix values in the document's spelling: a value that matches an entry apart from case and dash style
/// becomes that entry (<c>"purchase"</c> is sent as <c>"Purchase"</c>); anything else is left as given for the
/// validator to report. Returns copies; the caller's objects are never changed.
/// </summary>
internal static class DocumentedSpelling
{
    private static readonly string[] Actions = [RequestActions.Original, RequestActions.StatusQuery];

    public static OrderRequest Apply(OrderRequest order)
    {
        if (order.Request is not { } request)
        {
            return order;
        }

        var data = request.RequestData;
        if (data is not null)
        {
            var loan = data.Loan;
            if (loan is not null)
            {
                loan = loan with
                {
                    Application = loan.Application is { Property: { } property } application
                        ? application with { Property = property with { PropertyType = Spell(property.PropertyType, PropertyTypes.Find) } }
                        : loan.Application,
                    Product = loan.Product is { } product ? product with { Code = Spell(product.Code, ProductCodes.Find) } : null,
                    Parties = loan.Parties is { } parties ? [.. parties.Select(p => p is null ? null! : Apply(p))] : null,
                };
            }

            data = data with { Action = Spell(data.Action, a => AppendixSpelling.Find(a, ActionSpellings)), Loan = loan };
        }

        return order with { Request = request with { LoanType = Spell(request.LoanType, LoanTypes.Find), RequestData = data } };
    }

    public static Party Apply(Party party) => new()
    {
        PartyType = Spell(party.PartyType, ContactRoles.Find),
        FirstName = party.FirstName,
        MiddleName = party.MiddleName,
        LastName = party.LastName,
        FullName = party.FullName,
        ContactMethod = party.ContactMethod is { } method
            ? new ContactMethod
            {
                ContactInfo = method.ContactInfo is { } infos ? [.. infos.Select(i => i is null ? null! : Apply(i))] : null,
                AdditionalProperties = method.AdditionalProperties,
            }
            : null,
        AdditionalProperties = party.AdditionalProperties,
    };

    public static ContactUpdate Apply(ContactUpdate contact) => new()
    {
        PartyType = Spell(contact.PartyType, ContactRoles.Find),
        FirstName = contact.FirstName,
        LastName = contact.LastName,
        EmailAddress = contact.EmailAddress,
        Phone = contact.Phone,
    };

    /// <summary>The documented spelling of a contact label; <c>Mobile</c>, which the document's examples use, counts as listed.</summary>
    public static string? FindContactLabel(string? value) =>
        ContactLabels.Find(value) ?? AppendixSpelling.Find(value, ExtraLabelSpellings);

    private static ContactInfo Apply(ContactInfo info) => new()
    {
        ContactLabel = Spell(info.ContactLabel, FindContactLabel),
        ContactType = Spell(info.ContactType, ContactTypes.Find),
        ContactValue = info.ContactValue,
        AdditionalProperties = info.AdditionalProperties,
    };

    private static string? Spell(string? value, Func<string?, string?> find) => find(value) ?? value;

    // After the arrays they index: static initializers run in text order.
    private static readonly Dictionary<string, string> ActionSpellings = AppendixSpelling.Index(Actions);
    private static readonly Dictionary<string, string> ExtraLabelSpellings = AppendixSpelling.Index([OrderValidator.DocumentedExtraContactLabel]);
}
