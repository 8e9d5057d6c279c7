namespace Arrowbase.AppraisalWorks.Appendices;

/// <summary>
/// Writes appendix values in the document's spelling: a value that matches an entry apart from case and dash style
/// becomes that entry (<c>"purchase"</c> is sent as <c>"Purchase"</c>); anything else is left as given for the
/// validator to report. The caller's objects are never changed: what needs a new spelling is copied, and an order
/// already spelled as documented is returned as it is.
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
        if (data?.Loan is { } loan)
        {
            var property = loan.Application?.Property;
            string? propertyType = Spell(property?.PropertyType, PropertyTypes.Find);
            string? code = Spell(loan.Product?.Code, ProductCodes.Find);
            var parties = SpellAll(loan.Parties, Apply);
            bool partiesChanged = !ReferenceEquals(parties, loan.Parties);
            if (!ReferenceEquals(propertyType, property?.PropertyType) || !ReferenceEquals(code, loan.Product?.Code) || partiesChanged)
            {
                loan = loan with
                {
                    Application = property is null ? loan.Application : loan.Application! with { Property = property with { PropertyType = propertyType } },
                    Product = loan.Product is { } product ? product with { Code = code } : null,
                    Parties = partiesChanged ? parties : loan.Parties,
                };
            }

            if (!ReferenceEquals(loan, data.Loan))
            {
                data = data with { Loan = loan };
            }
        }

        string? action = Spell(data?.Action, a => AppendixSpelling.Find(a, ActionSpellings));
        if (data is not null && !ReferenceEquals(action, data.Action))
        {
            data = data with { Action = action };
        }

        string? loanType = Spell(request.LoanType, LoanTypes.Find);
        return ReferenceEquals(loanType, request.LoanType) && ReferenceEquals(data, request.RequestData)
            ? order
            : order with { Request = request with { LoanType = loanType, RequestData = data } };
    }

    public static Party Apply(Party party)
    {
        string? partyType = Spell(party.PartyType, ContactRoles.Find);
        var infos = party.ContactMethod?.ContactInfo;
        var spelled = SpellAll(infos, Apply);
        bool infosChanged = !ReferenceEquals(spelled, infos);
        if (ReferenceEquals(partyType, party.PartyType) && !infosChanged)
        {
            return party;
        }

        return new Party
        {
            PartyType = partyType,
            FirstName = party.FirstName,
            MiddleName = party.MiddleName,
            LastName = party.LastName,
            FullName = party.FullName,
            ContactMethod = infosChanged
                ? new ContactMethod { ContactInfo = spelled, AdditionalProperties = party.ContactMethod!.AdditionalProperties }
                : party.ContactMethod,
            AdditionalProperties = party.AdditionalProperties,
        };
    }

    public static ContactUpdate Apply(ContactUpdate contact)
    {
        string? partyType = Spell(contact.PartyType, ContactRoles.Find);
        return ReferenceEquals(partyType, contact.PartyType)
            ? contact
            : new ContactUpdate { PartyType = partyType, FirstName = contact.FirstName, LastName = contact.LastName, EmailAddress = contact.EmailAddress, Phone = contact.Phone };
    }

    /// <summary>The documented spelling of a contact label; <c>Mobile</c>, which the document's examples use, counts as listed.</summary>
    public static string? FindContactLabel(string? value) =>
        ContactLabels.Find(value) ?? AppendixSpelling.Find(value, ExtraLabelSpellings);

    private static ContactInfo Apply(ContactInfo info)
    {
        string? label = Spell(info.ContactLabel, FindContactLabel);
        string? type = Spell(info.ContactType, ContactTypes.Find);
        return ReferenceEquals(label, info.ContactLabel) && ReferenceEquals(type, info.ContactType)
            ? info
            : new ContactInfo { ContactLabel = label, ContactType = type, ContactValue = info.ContactValue, AdditionalProperties = info.AdditionalProperties };
    }

    // The list as given when no item needs a new spelling; otherwise a copy (a list) with the spelled items, the
    // others (and nulls) kept as they are.
    private static IReadOnlyList<T>? SpellAll<T>(IReadOnlyList<T>? items, Func<T, T> apply)
        where T : class
    {
        if (items is null)
        {
            return null;
        }

        List<T>? copy = null;
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var spelled = item is null ? item : apply(item);
            if (copy is null && !ReferenceEquals(spelled, item))
            {
                copy = new List<T>(items.Count);
                for (int j = 0; j < i; j++)
                {
                    copy.Add(items[j]);
                }
            }

            copy?.Add(spelled!);
        }

        return copy ?? items;
    }

    // The same for a settable list (contact infos).
    private static IList<T>? SpellAll<T>(IList<T>? items, Func<T, T> apply)
        where T : class
    {
        if (items is null)
        {
            return null;
        }

        List<T>? copy = null;
        for (int i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var spelled = item is null ? item : apply(item);
            if (copy is null && !ReferenceEquals(spelled, item))
            {
                copy = new List<T>(items.Count);
                for (int j = 0; j < i; j++)
                {
                    copy.Add(items[j]);
                }
            }

            copy?.Add(spelled!);
        }

        return copy ?? items;
    }

    // The value as given when it is already the documented spelling (or unlisted), so that callers can tell "unchanged".
    private static string? Spell(string? value, Func<string?, string?> find) =>
        find(value) is { } documented && !string.Equals(documented, value, StringComparison.Ordinal) ? documented : value;

    // After the arrays they index: static initializers run in text order.
    private static readonly AppendixSpelling.Index ActionSpellings = AppendixSpelling.Create(Actions);
    private static readonly AppendixSpelling.Index ExtraLabelSpellings = AppendixSpelling.Create([OrderValidator.DocumentedExtraContactLabel]);
}
