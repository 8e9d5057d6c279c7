using Arrowbase.AppraisalWorks.Appendices;
using Arrowbase.AppraisalWorks.Postbacks;
using Arrowbase.AppraisalWorks.Tests.Wire;

namespace Arrowbase.AppraisalWorks.Tests.Strength;

/// <summary>
/// What is sent in the document's spelling, without touching the caller's objects; why a postback path is refused
/// (the reason is what a rejection logs); and what an appendix problem lists as allowed.
/// </summary>
public class SpellingAndReasonTests
{
    private const string L = "request.requestData.loan";

    private static OrderRequest Order() => RequestWireTests.ComprehensiveOrder();

    [Fact]
    public void An_order_already_in_the_documents_spelling_is_sent_as_it_is()
    {
        var order = Order();
        Assert.Same(order, DocumentedSpelling.Apply(order));
        Assert.Same(order.Request!.RequestData!.Loan!.Parties![0], DocumentedSpelling.Apply(order.Request.RequestData.Loan.Parties[0]));
        var contact = new ContactUpdate { PartyType = ContactRoles.PropertyContact, LastName = "C" };
        Assert.Same(contact, DocumentedSpelling.Apply(contact));
    }

    [Fact]
    public void Each_respelled_value_is_copied_into_a_new_order_and_the_callers_order_is_unchanged()
    {
        var order = Order();
        var loan = order.Request!.RequestData!.Loan!;
        order = order with
        {
            Request = order.Request with
            {
                LoanType = "purchase",
                RequestData = order.Request.RequestData with
                {
                    Action = "original",
                    Loan = loan with
                    {
                        Application = loan.Application! with { Property = loan.Application.Property! with { PropertyType = "single family" } },
                        Product = loan.Product! with { Code = "a001" },
                    },
                },
            },
        };
        var party = order.Request.RequestData.Loan!.Parties![1];
        party.PartyType = "appraisal coordinator";
        party.ContactMethod!.ContactInfo![0].ContactLabel = "mobile";
        party.ContactMethod.ContactInfo[1].ContactType = "email";

        var sent = DocumentedSpelling.Apply(order);

        Assert.NotSame(order, sent);
        Assert.Equal("Purchase", sent.Request!.LoanType);
        Assert.Equal("Original", sent.Request.RequestData!.Action);
        Assert.Equal("Single Family", sent.Request.RequestData.Loan!.Application!.Property!.PropertyType);
        Assert.Equal("A001", sent.Request.RequestData.Loan.Product!.Code);
        var sentParty = sent.Request.RequestData.Loan.Parties![1];
        Assert.Equal("Appraisal Coordinator", sentParty.PartyType);
        Assert.Equal("Mobile", sentParty.ContactMethod!.ContactInfo![0].ContactLabel);
        Assert.Equal("Email", sentParty.ContactMethod.ContactInfo[1].ContactType);
        Assert.Equal(party.LastName, sentParty.LastName);
        Assert.Equal(party.ContactMethod.ContactInfo[0].ContactValue, sentParty.ContactMethod.ContactInfo[0].ContactValue);

        // The other parties are the caller's own objects; the caller's values are as given.
        Assert.Same(order.Request.RequestData.Loan.Parties[0], sent.Request.RequestData.Loan.Parties[0]);
        Assert.Equal("purchase", order.Request.LoanType);
        Assert.Equal("original", order.Request.RequestData.Action);
        Assert.Equal("a001", order.Request.RequestData.Loan.Product!.Code);
        Assert.Equal("appraisal coordinator", party.PartyType);
        Assert.Equal("mobile", party.ContactMethod.ContactInfo[0].ContactLabel);
    }

    [Fact]
    public void Only_the_value_that_needs_it_is_respelled()
    {
        var order = Order();
        var typeOnly = order with { Request = order.Request! with { LoanType = "refinance" } };
        var sent = DocumentedSpelling.Apply(typeOnly);
        Assert.Equal("Refinance", sent.Request!.LoanType);
        Assert.Same(typeOnly.Request!.RequestData, sent.Request.RequestData);

        var loan = order.Request!.RequestData!.Loan!;
        var codeOnly = order with { Request = order.Request with { RequestData = order.Request.RequestData with { Loan = loan with { Product = loan.Product! with { Code = "a001" } } } } };
        var sentCode = DocumentedSpelling.Apply(codeOnly);
        Assert.Equal("A001", sentCode.Request!.RequestData!.Loan!.Product!.Code);
        Assert.Same(codeOnly.Request!.RequestData!.Loan!.Parties, sentCode.Request.RequestData.Loan.Parties);

        var partyOnly = Order();
        partyOnly.Request!.RequestData!.Loan!.Parties![0].ContactMethod!.ContactInfo![0].ContactLabel = "home";
        var sentParty = DocumentedSpelling.Apply(partyOnly);
        Assert.Equal("Home", sentParty.Request!.RequestData!.Loan!.Parties![0].ContactMethod!.ContactInfo![0].ContactLabel);
        Assert.Same(partyOnly.Request.RequestData.Loan.Parties[0].ContactMethod!.ContactInfo![1], sentParty.Request.RequestData.Loan.Parties[0].ContactMethod!.ContactInfo![1]);
        Assert.Equal("home", partyOnly.Request.RequestData.Loan.Parties[0].ContactMethod!.ContactInfo![0].ContactLabel);
    }

    [Fact]
    public void Null_parties_and_contact_entries_are_kept_for_the_validator_to_report()
    {
        var order = Order();
        var loan = order.Request!.RequestData!.Loan!;
        loan.Parties![0].ContactMethod!.ContactInfo![0] = null!;
        var withNull = order with { Request = order.Request with { LoanType = "purchase", RequestData = order.Request.RequestData with { Loan = loan with { Parties = [.. loan.Parties, null!] } } } };

        var sent = DocumentedSpelling.Apply(withNull);

        Assert.Null(sent.Request!.RequestData!.Loan!.Parties![^1]);
        Assert.Null(sent.Request.RequestData.Loan.Parties[0].ContactMethod!.ContactInfo![0]);
    }

    [Fact]
    public void A_contact_update_in_another_case_is_sent_as_the_documented_role()
    {
        var contact = new ContactUpdate { PartyType = "property contact", FirstName = "P", LastName = "C", EmailAddress = "p@c.test", Phone = "1" };
        var sent = DocumentedSpelling.Apply(contact);
        Assert.Equal("Property Contact", sent.PartyType);
        Assert.Equal(("P", "C", "p@c.test", "1"), (sent.FirstName, sent.LastName, sent.EmailAddress, sent.Phone));
        Assert.Equal("property contact", contact.PartyType);
    }

    [Theory]
    [InlineData("-Borrower")]
    [InlineData("\u2013 Borrower")]
    [InlineData("Borrower-")]
    public void A_value_with_a_leading_or_trailing_dash_is_unlisted_not_an_error(string value) =>
        Assert.Null(ContactRoles.Find(value));

    [Theory]
    [InlineData("https://evil.test/Orders/U-1/Hold/5", "absolute or names a host")]
    [InlineData("//evil.test/Orders/U-1/Hold/5", "absolute or names a host")]
    [InlineData("\\\\evil\\share", "absolute or names a host")]
    [InlineData("C:/Orders/U-1/Hold/5", "absolute or names a host")]
    [InlineData("x:", "absolute or names a host")]
    [InlineData("mailto:ops@evil.test", "absolute or names a host")]
    [InlineData("/Orders/U-1%2FHold/5", "percent-encoded")]
    [InlineData("/Orders/U-1/../Hold/5", "'..', '.' or '\\' segments")]
    [InlineData("/Orders/U-1/./Hold/5", "'..', '.' or '\\' segments")]
    [InlineData("/Orders/U-1\\Hold/5", "'..', '.' or '\\' segments")]
    [InlineData("/Orders/U-1/Hold/5?x=1", "a query, a fragment or control characters")]
    [InlineData("/Orders/U-1/Hold/5#top", "a query, a fragment or control characters")]
    [InlineData("/Orders/U-1/Hold/5\t", "a query, a fragment or control characters")]
    [InlineData("/", "does not match")]
    [InlineData("/Orders/U-1/Hold/6", "does not match")]
    public void A_refused_path_says_why(string path, string reason)
    {
        var ex = Assert.Throws<PostbackRouteException>(() => PostbackRoute.Verify(new PostbackEvent("U-1", "Hold", 5, path)));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_event_name_is_quoted_without_its_control_characters()
    {
        var ex = Assert.Throws<PostbackRouteException>(() => PostbackRoute.Build(new PostbackEvent("U-1", "Bad\r\nName", 5, null)));
        Assert.Contains("'Bad??Name'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(256, true)]
    [InlineData(257, false)]
    public void A_path_is_recognised_up_to_256_characters(int length, bool recognised)
    {
        // '+' is escaped to %2B in the route, so a transactionUID within its 128 characters makes a long route.
        string uid = new string('a', length - 255) + new string('+', 80);
        var e = new PostbackEvent(uid, "EV-1", 7, PostbackRoute.Build(new PostbackEvent(uid, "Hold", 7, null)));
        Assert.Equal(length, e.Path!.Length);
        Assert.Equal(recognised ? PostbackEventNames.Hold : null, e.KnownName);
    }

    [Fact]
    public void An_appendix_problem_lists_the_values_allowed()
    {
        var order = Order();
        var loan = order.Request!.RequestData!.Loan!;
        order = order with
        {
            Request = order.Request with
            {
                LoanType = "Sideways",
                RequestData = order.Request.RequestData with
                {
                    Loan = loan with
                    {
                        Application = loan.Application! with { Property = loan.Application.Property! with { PropertyType = "Castle" } },
                        EmbeddedFile = [new EmbeddedFile { TypeId = 2000, Name = "a", Description = "d", Document = EmbeddedFileContent.FromBytes(new byte[] { 1 }) }],
                    },
                },
            },
        };
        loan.Parties![2].PartyType = "Butler";
        loan.Parties[2].ContactMethod = new ContactMethod { ContactInfo = [new ContactInfo { ContactLabel = "Holiday", ContactType = "Fax", ContactValue = "1" }] };

        var problems = OrderValidator.ValidateOrder(order);

        Assert.Contains($"request.loanType 'Sideways' is not a Loan Type of the appendix ({string.Join(", ", LoanTypes.All)}).", problems);
        Assert.Contains($"{L}.application.property.propertyType 'Castle' is not a Property Type of the appendix ({string.Join(", ", PropertyTypes.All)}).", problems);
        Assert.Contains($"{L}.parties[2].partyType 'Butler' is not a Contact Role of the appendix ({string.Join(", ", ContactRoles.All)}).", problems);
        Assert.Contains($"{L}.parties[2].contactMethod.contactInfo[0].contactLabel 'Holiday' is not a documented contact label (Home, Work, Other).", problems);
        Assert.Contains($"{L}.parties[2].contactMethod.contactInfo[0].contactType 'Fax' is not a documented contact type (Email, Phone, Mobile).", problems);
        Assert.Contains($"{L}.embeddedFile[0].typeID 2000 is not a client document type (1010, 2060, 2061, 2062, 2063).", problems);
    }

    [Fact]
    public void A_missing_action_is_reported_by_its_path_and_missing_parties_by_their_roles()
    {
        var order = Order();
        var noAction = order with { Request = order.Request! with { RequestData = order.Request.RequestData! with { Action = null } } };
        Assert.Equal(["request.requestData.action is required."], OrderValidator.ValidateOrder(noAction));

        var loan = order.Request!.RequestData!.Loan!;
        var noParties = order with { Request = order.Request with { RequestData = order.Request.RequestData with { Loan = loan with { Parties = null } } } };
        var problems = OrderValidator.ValidateOrder(noParties);
        Assert.Equal(4, problems.Count);
        Assert.All(problems, p => Assert.StartsWith($"{L}.parties must include", p, StringComparison.Ordinal));
    }
}
