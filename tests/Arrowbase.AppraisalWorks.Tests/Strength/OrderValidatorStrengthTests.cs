using Arrowbase.AppraisalWorks.Appendices;
using Arrowbase.AppraisalWorks.Tests.Wire;

namespace Arrowbase.AppraisalWorks.Tests.Strength;

/// <summary>
/// Each rule of the document's field tables alone: one change to the documented comprehensive order gives exactly
/// one problem, naming the field by its wire path, and the value on the other side of each boundary is accepted.
/// </summary>
public class OrderValidatorStrengthTests
{
    private const string L = "request.requestData.loan";

    private static OrderRequest Order() => RequestWireTests.ComprehensiveOrder();

    private static OrderRequest WithRequest(Func<OrderDetails, OrderDetails> change) => Order() with { Request = change(Order().Request!) };

    private static OrderRequest WithData(Func<RequestData, RequestData> change) => WithRequest(r => r with { RequestData = change(r.RequestData!) });

    private static OrderRequest WithLoan(Func<Loan, Loan> change) => WithData(d => d with { Loan = change(d.Loan!) });

    // Order() builds new objects on every call, so a party may be changed in place.
    private static OrderRequest WithParty(int index, Action<Party> change) =>
        WithLoan(l =>
        {
            change(l.Parties![index]);
            return l;
        });

    private static EmbeddedFile File(int? typeId = DocumentTypes.ClientPurchaseContract, string? name = "contract.pdf", string? description = "Purchase Contract", EmbeddedFileContent? document = null, bool noDocument = false) =>
        new() { TypeId = typeId, Name = name, Description = description, Document = noDocument ? null : document ?? EmbeddedFileContent.FromBytes(new byte[] { 1, 2, 3 }) };

    private static ContactMethod Contact(string? label, string? type, string? value) =>
        new() { ContactInfo = [new ContactInfo { ContactLabel = label, ContactType = type, ContactValue = value }] };

    private static void OneProblem(OrderRequest order, string startsWith)
    {
        var problems = OrderValidator.ValidateOrder(order);
        Assert.True(problems.Count == 1, $"expected one problem starting '{startsWith}', got: {string.Join(" | ", problems)}");
        Assert.StartsWith(startsWith, problems[0], StringComparison.Ordinal);
    }

    private static void Valid(OrderRequest order) => Assert.Empty(OrderValidator.ValidateOrder(order));

    [Fact]
    public void The_baseline_is_the_documents_valid_order() => Valid(Order());

    public static TheoryData<string, string> DueDates() => new()
    {
        { "2023-12-22", "requestedDueDate '2023-12-22'" },
        { "12/22/23", "requestedDueDate '12/22/23'" },
        { "22/12/2023", "requestedDueDate '22/12/2023'" },
    };

    [Theory]
    [MemberData(nameof(DueDates))]
    public void A_due_date_not_in_the_documents_form_is_refused(string raw, string problem) =>
        OneProblem(Order() with { RequestedDueDate = AppraisalWorksDate.Parse(raw) }, problem);

    [Fact]
    public void A_due_date_in_the_documents_short_form_and_no_due_date_are_accepted()
    {
        Valid(Order() with { RequestedDueDate = AppraisalWorksDate.Parse("1/5/2024") });
        Valid(Order() with { RequestedDueDate = null });
    }

    [Fact]
    public void Each_missing_part_of_the_order_is_reported_by_its_path()
    {
        OneProblem(Order() with { RequestingParty = null }, "requestingParty is required");
        OneProblem(Order() with { RequestingParty = Order().RequestingParty! with { ClientId = " " } }, "requestingParty.clientID is required");
        OneProblem(Order() with { RequestingParty = Order().RequestingParty! with { Name = null } }, "requestingParty.name is required");
        OneProblem(Order() with { Request = null }, "request is required");
        OneProblem(WithRequest(r => r with { RequestData = null }), "request.requestData is required");
        OneProblem(WithData(d => d with { Loan = null }), $"{L} is required");
        OneProblem(WithLoan(l => l with { Application = null }), $"{L}.application.property is required");
        OneProblem(WithLoan(l => l with { Product = null }), $"{L}.product is required");
        OneProblem(WithRequest(r => r with { LoanType = "" }), "request.loanType is required");
        OneProblem(WithRequest(r => r with { TransactionUid = "a/b" }), "request.transactionUID must not contain");
    }

    [Fact]
    public void Without_a_request_the_requesting_party_is_still_checked()
    {
        var problems = OrderValidator.ValidateOrder(Order() with { RequestingParty = null, Request = null });
        Assert.Equal(["requestingParty is required.", "request is required."], problems);
    }

    [Theory]
    [InlineData("loanAmount")]
    [InlineData("salesPrice")]
    [InlineData("estimatedValue")]
    public void A_negative_amount_is_refused_and_zero_is_accepted(string member)
    {
        OrderRequest With(decimal value) => WithRequest(r => member switch
        {
            "loanAmount" => r with { LoanAmount = value },
            "salesPrice" => r with { SalesPrice = value },
            _ => r with { EstimatedValue = value },
        });

        OneProblem(With(-0.01m), $"request.{member} must not be negative");
        Valid(With(0m));
    }

    [Theory]
    [InlineData("StatusQuery")]
    [InlineData("original")]
    [InlineData("STATUSQUERY")]
    public void Both_documented_actions_are_accepted_in_any_case(string action) => Valid(WithData(d => d with { Action = action }));

    [Fact]
    public void An_fha_product_with_a_case_number_or_any_product_that_is_not_fha_needs_none()
    {
        OneProblem(WithLoan(l => l with { Product = new Product { Code = "a019" } }) with { FhaCaseNumber = " " }, "fhaCaseNumber is required for the FHA product a019");
        Valid(WithLoan(l => l with { Product = new Product { Code = "A019" } }) with { FhaCaseNumber = "456-1569785" });
        Valid(WithLoan(l => l with { Product = new Product { Code = "A001" } }) with { FhaCaseNumber = null });
    }

    [Fact]
    public void Unlisted_codes_pass_only_when_the_options_allow_them()
    {
        var order = WithLoan(l => l with
        {
            Product = new Product { Code = "Z999" },
            EmbeddedFile = [File(typeId: 9999)],
        });
        var allow = new AppraisalWorksOptions { AllowUnlistedCodes = true };

        Assert.Equal(2, OrderValidator.ValidateOrder(order).Count);
        Assert.Empty(OrderValidator.ValidateOrder(order, allow));
        Assert.Equal(2, OrderValidator.ValidateOrder(order, new AppraisalWorksOptions()).Count);
    }

    [Fact]
    public void The_coordinator_may_be_defaulted_by_the_options_or_the_account()
    {
        var order = WithLoan(l => l with { Parties = [.. l.Parties!.Where(p => p.PartyType != ContactRoles.AppraisalCoordinator)] });
        var coordinator = new Party { PartyType = ContactRoles.AppraisalCoordinator, LastName = "M" };

        OneProblem(order, $"{L}.parties must include an Appraisal Coordinator");
        Assert.Single(OrderValidator.ValidateOrder(order, new AppraisalWorksOptions()));
        Assert.Empty(OrderValidator.ValidateOrder(order, new AppraisalWorksOptions { AppraisalCoordinator = coordinator }));
        Assert.Empty(OrderValidator.ValidateOrder(order, new AppraisalWorksOptions { AccountHasDefaultAppraisalCoordinator = true }));
        Assert.Empty(OrderValidator.ValidateOrder(order, coordinator));
    }

    [Fact]
    public void A_required_role_written_in_another_case_counts_as_that_role()
    {
        Valid(WithParty(0, p => p.PartyType = "BORROWER"));
        OneProblem(WithLoan(l => l with { Parties = [.. l.Parties!.Where(p => p.PartyType != ContactRoles.Borrower)] }), $"{L}.parties must include at least one Borrower");
    }

    [Fact]
    public void A_null_party_or_contact_entry_is_reported_by_its_index()
    {
        var problems = OrderValidator.ValidateOrder(WithLoan(l => l with { Parties = [.. l.Parties!, null!] }));
        Assert.Equal([$"{L}.parties[{Order().Request!.RequestData!.Loan!.Parties!.Count}] must not be null."], problems);

        OneProblem(
            WithParty(0, p => p.ContactMethod = new ContactMethod { ContactInfo = [p.ContactMethod!.ContactInfo![0], null!] }),
            $"{L}.parties[0].contactMethod.contactInfo[1] must not be null");
    }

    [Fact]
    public void Each_contact_entry_needs_a_documented_label_and_type_and_a_value()
    {
        OneProblem(WithParty(0, p => p.ContactMethod = Contact(null, "Phone", "1")), $"{L}.parties[0].contactMethod.contactInfo[0].contactLabel is required");
        OneProblem(WithParty(0, p => p.ContactMethod = Contact("Home", " ", "1")), $"{L}.parties[0].contactMethod.contactInfo[0].contactType is required");
        OneProblem(WithParty(0, p => p.ContactMethod = Contact("Home", "Phone", "")), $"{L}.parties[0].contactMethod.contactInfo[0].contactValue is required");
        OneProblem(WithParty(0, p => p.ContactMethod = Contact("Cell", "Phone", "1")), $"{L}.parties[0].contactMethod.contactInfo[0].contactLabel 'Cell'");
        OneProblem(WithParty(0, p => p.ContactMethod = Contact("Home", "Fax", "1")), $"{L}.parties[0].contactMethod.contactInfo[0].contactType 'Fax'");
        OneProblem(WithParty(0, p => p.ContactMethod = new ContactMethod { ContactInfo = [] }), $"{L}.parties[0].contactMethod.contactInfo needs at least one entry");
        OneProblem(WithParty(0, p => p.ContactMethod = null), $"{L}.parties[0].contactMethod.contactInfo needs at least one entry");
        Valid(WithParty(0, p => p.ContactMethod = Contact("mobile", "MOBILE", "1")));
    }

    [Fact]
    public void A_party_needs_a_documented_role_and_a_last_name()
    {
        OneProblem(WithParty(2, p => p.PartyType = null), $"{L}.parties[2].partyType is required");
        OneProblem(WithParty(2, p => p.PartyType = "Butler"), $"{L}.parties[2].partyType 'Butler' is not a Contact Role");
        OneProblem(WithParty(2, p => p.LastName = " "), $"{L}.parties[2].lastName is required");
    }

    [Fact]
    public void A_null_embedded_file_is_reported_by_its_index_and_each_missing_member_is_named()
    {
        OneProblem(WithLoan(l => l with { EmbeddedFile = [File(), null!] }), $"{L}.embeddedFile[1] must not be null");
        OneProblem(WithLoan(l => l with { EmbeddedFile = [File(typeId: null)] }), $"{L}.embeddedFile[0] needs all four members (typeID, name, description, document); missing: typeID.");
        OneProblem(WithLoan(l => l with { EmbeddedFile = [File(name: " ")] }), $"{L}.embeddedFile[0] needs all four members (typeID, name, description, document); missing: name.");
        OneProblem(WithLoan(l => l with { EmbeddedFile = [File(description: null)] }), $"{L}.embeddedFile[0] needs all four members (typeID, name, description, document); missing: description.");
        OneProblem(WithLoan(l => l with { EmbeddedFile = [File(noDocument: true)] }), $"{L}.embeddedFile[0] needs all four members (typeID, name, description, document); missing: document.");
        OneProblem(WithLoan(l => l with { EmbeddedFile = [File(document: EmbeddedFileContent.FromBytes(Array.Empty<byte>()))] }), $"{L}.embeddedFile[0] needs all four members (typeID, name, description, document); missing: document.");
    }

    [Fact]
    public void A_document_to_add_is_checked_as_an_embedded_file()
    {
        Assert.Equal(["embeddedFile is required."], OrderValidator.ValidateDocument(null));
        var file = File(typeId: 2000);
        Assert.StartsWith("embeddedFile.typeID 2000 is not a client document type", Assert.Single(OrderValidator.ValidateDocument(file)), StringComparison.Ordinal);
        Assert.Empty(OrderValidator.ValidateDocument(file, allowUnlistedCodes: true));
        Assert.Empty(OrderValidator.ValidateDocument(File(typeId: DocumentTypes.ClientValueDispute)));
    }

    [Fact]
    public void A_standalone_party_is_checked_by_the_path_it_is_given()
    {
        Assert.Equal(["contact must not be null."], OrderValidator.ValidateParty(null, "contact"));
        Assert.StartsWith("contact.lastName is required", Assert.Single(OrderValidator.ValidateParty(new Party { PartyType = ContactRoles.Borrower, ContactMethod = Contact("Home", "Phone", "1") }, "contact")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_inspection_schedule_needs_its_first_option_whole_and_each_later_one_whole_or_absent()
    {
        var day = new DateOnly(2022, 8, 15);
        Assert.Empty(OrderValidator.ValidateInspectionSchedule(new InspectionScheduleRequest { Option1Date = day, Option1TimeSlot = "1" }));
        Assert.Equal(["option1Date is required."], OrderValidator.ValidateInspectionSchedule(new InspectionScheduleRequest { Option1TimeSlot = "1" }));
        Assert.Equal(["option1TimeSlot is required."], OrderValidator.ValidateInspectionSchedule(new InspectionScheduleRequest { Option1Date = day }));
        Assert.Equal(
            ["option2Date and option2TimeSlot must be given together."],
            OrderValidator.ValidateInspectionSchedule(new InspectionScheduleRequest { Option1Date = day, Option1TimeSlot = "1", Option2Date = day }));
        Assert.Equal(
            ["option3Date and option3TimeSlot must be given together."],
            OrderValidator.ValidateInspectionSchedule(new InspectionScheduleRequest { Option1Date = day, Option1TimeSlot = "1", Option3TimeSlot = "3" }));
        Assert.Equal(
            ["option2TimeSlot '4' must be 1, 2 or 3."],
            OrderValidator.ValidateInspectionSchedule(new InspectionScheduleRequest { Option1Date = day, Option1TimeSlot = "2", Option2Date = day, Option2TimeSlot = "4" }));
        Assert.Empty(OrderValidator.ValidateInspectionSchedule(new InspectionScheduleRequest
        {
            Option1Date = day, Option1TimeSlot = "1", Option2Date = day, Option2TimeSlot = "2", Option3Date = day, Option3TimeSlot = "3",
        }));
    }
}
