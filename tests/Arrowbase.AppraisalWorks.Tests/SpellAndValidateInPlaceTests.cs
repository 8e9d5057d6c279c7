using System.Text.Json;
using Arrowbase.AppraisalWorks.Appendices;
using Arrowbase.AppraisalWorks.Json;
using Arrowbase.AppraisalWorks.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests;

/// <summary>
/// The spelling pass and the validator work in place (issue 10's allocation cuts): what they copy, the paths they
/// build only for a message, and the match key written to a buffer, each with the outcome it had before.
/// </summary>
public class SpellAndValidateInPlaceTests
{
    private const string L = "request.requestData.loan";

    private static OrderRequest Order() =>
        JsonSerializer.Deserialize(TestData.Read("order-comprehensive.json"), AppraisalWorksJsonContext.Default.OrderRequest)!;

    private static OrderRequest WithLoan(OrderRequest o, Func<Loan, Loan> change) =>
        o with { Request = o.Request! with { RequestData = o.Request.RequestData! with { Loan = change(o.Request.RequestData.Loan!) } } };

    private static Loan Loan(OrderRequest o) => o.Request!.RequestData!.Loan!;

    private static Party WithParty(Party p, string? partyType, string? lastName, IList<ContactInfo>? infos) => new()
    {
        PartyType = partyType,
        FirstName = p.FirstName,
        LastName = lastName,
        ContactMethod = new ContactMethod { ContactInfo = infos },
    };

    [Fact]
    public void An_order_spelled_as_documented_is_returned_as_it_is()
    {
        var order = Order();
        Assert.Same(order, DocumentedSpelling.Apply(order));
    }

    [Fact]
    public void Only_the_party_and_the_contact_that_need_a_new_spelling_are_copied()
    {
        var order = WithLoan(Order(), loan =>
        {
            var parties = loan.Parties!.ToList();
            var p = parties[3];
            var infos = p.ContactMethod!.ContactInfo!;
            parties[3] = WithParty(p, "loan officer", p.LastName, [infos[0], new ContactInfo { ContactLabel = "WORK", ContactType = "EMAIL", ContactValue = "lo@example.com" }]);
            return loan with { Parties = parties };
        });
        var before = Loan(order).Parties!;

        var spelled = Loan(DocumentedSpelling.Apply(order)).Parties!;

        Assert.Equal(before.Count, spelled.Count);
        foreach (int i in new[] { 0, 1, 2, 4 })
        {
            Assert.Same(before[i], spelled[i]);
        }

        Assert.NotSame(before[3], spelled[3]);
        Assert.Equal(ContactRoles.LoanOfficer, spelled[3].PartyType);
        var infosAfter = spelled[3].ContactMethod!.ContactInfo!;
        Assert.Same(before[3].ContactMethod!.ContactInfo![0], infosAfter[0]);
        Assert.Equal(("Work", "Email", "lo@example.com"), (infosAfter[1].ContactLabel, infosAfter[1].ContactType, infosAfter[1].ContactValue));

        // The caller's objects keep their spelling.
        Assert.Equal("loan officer", before[3].PartyType);
        Assert.Equal(("WORK", "EMAIL"), (before[3].ContactMethod!.ContactInfo![1].ContactLabel, before[3].ContactMethod!.ContactInfo![1].ContactType));
    }

    [Fact]
    public void A_value_longer_than_the_stack_buffer_is_matched_by_its_key_and_an_unlisted_one_is_not()
    {
        string padded = new string(' ', 200) + "real estate agent   -   buyer" + new string(' ', 200);
        Assert.Equal(ContactRoles.RealEstateAgentBuyer, ContactRoles.Find(padded));
        Assert.Equal(ContactRoles.RealEstateAgentBuyer, ContactRoles.Find("real estate agent—buyer"));
        Assert.Null(ContactRoles.Find(new string('x', 5000)));
        Assert.Null(ContactRoles.Find("Real Estate Agent"));
    }

    [Fact]
    public void Party_contact_and_file_problems_name_their_exact_paths()
    {
        var order = WithLoan(Order(), loan =>
        {
            var parties = loan.Parties!.ToList();
            var p = parties[2];
            parties[2] = WithParty(p, p.PartyType, lastName: " ", [new ContactInfo { ContactLabel = "Home", ContactType = "Fax", ContactValue = "1" }, null!]);
            var file = loan.EmbeddedFile![0];
            return loan with { Parties = parties, EmbeddedFile = [new EmbeddedFile { TypeId = file.TypeId, Description = file.Description, Document = file.Document }] };
        });

        var errors = OrderValidator.ValidateOrder(order);

        Assert.Equal(
            [
                $"{L}.embeddedFile[0] needs all four members (typeID, name, description, document); missing: name.",
                $"{L}.parties[2].lastName is required.",
                $"{L}.parties[2].contactMethod.contactInfo[0].contactType 'Fax' is not a documented contact type ({string.Join(", ", ContactTypes.All)}).",
                $"{L}.parties[2].contactMethod.contactInfo[1] must not be null.",
            ],
            errors);
    }

    [Fact]
    public void A_party_validated_alone_is_named_by_the_path_given()
    {
        var errors = OrderValidator.ValidateParty(new Party { PartyType = "Borrowr", ContactMethod = new ContactMethod { ContactInfo = [new ContactInfo { ContactLabel = "Cell", ContactType = "Phone" }] } }, "party");

        Assert.Equal(
            [
                $"party.partyType 'Borrowr' is not a Contact Role of the appendix ({string.Join(", ", ContactRoles.All)}).",
                "party.lastName is required.",
                $"party.contactMethod.contactInfo[0].contactLabel 'Cell' is not a documented contact label ({string.Join(", ", ContactLabels.All)}).",
                "party.contactMethod.contactInfo[0].contactValue is required.",
            ],
            errors);
    }

    [Fact]
    public void Required_roles_are_counted_in_any_documented_spelling_and_reported_in_order_when_missing()
    {
        var respelled = WithLoan(Order(), loan => loan with
        {
            Parties = [.. loan.Parties!.Select(p => WithParty(p, p.PartyType!.ToUpperInvariant(), p.LastName, p.ContactMethod!.ContactInfo))],
        });
        Assert.Empty(OrderValidator.ValidateOrder(respelled));

        var onlyProperty = WithLoan(Order(), loan => loan with { Parties = [loan.Parties![2]] });
        Assert.Equal(
            [
                $"{L}.parties must include at least one Borrower.",
                $"{L}.parties must include a Loan Officer.",
                $"{L}.parties must include a Loan Processor.",
                $"{L}.parties must include an Appraisal Coordinator (or configure AppraisalWorks:AppraisalCoordinator, or AppraisalWorks:AccountHasDefaultAppraisalCoordinator when the account defaults one).",
            ],
            OrderValidator.ValidateOrder(onlyProperty));
    }
}
