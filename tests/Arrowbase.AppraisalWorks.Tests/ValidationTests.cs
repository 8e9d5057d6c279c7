using System.Text.Json;
using Arrowbase.AppraisalWorks.Json;
using Arrowbase.AppraisalWorks.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests;

public class ValidationTests
{
    private static OrderRequest Order() =>
        JsonSerializer.Deserialize(TestData.Read("order-comprehensive.json"), AppraisalWorksJsonContext.Default.OrderRequest)!;

    private static OrderRequest WithLoan(OrderRequest o, Func<Loan, Loan> change) =>
        o with { Request = o.Request! with { RequestData = o.Request.RequestData! with { Loan = change(o.Request.RequestData.Loan!) } } };

    private static IReadOnlyList<string> Errors(OrderRequest o, Party? coordinator = null) => OrderValidator.ValidateOrder(o, coordinator);

    [Fact]
    public void The_documents_comprehensive_example_is_valid() => Assert.Empty(Errors(Order()));

    [Fact]
    public async Task An_invalid_order_throws_one_exception_listing_every_problem_and_sends_nothing()
    {
        var f = new ClientFixture();
        var o = Order() with { RequestingParty = new RequestingParty { Name = "" } };
        o = o with { Request = o.Request! with { LoanType = "Sideways", InternalAccountId = null } };
        o = WithLoan(o, l => l with { Parties = l.Parties!.Where(p => p.PartyType != "Borrower").ToList() });
        var options = Keys.Options();
        options.ClientId = "";

        var ex = await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => f.Client.CreateOrderAsync(o));

        Assert.Contains("requestingParty.name is required.", ex.Errors);
        Assert.Contains("request.internalAccountID is required.", ex.Errors);
        Assert.Contains(ex.Errors, e => e.StartsWith("request.loanType 'Sideways'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Contains("at least one Borrower", StringComparison.Ordinal));
        Assert.True(ex.Errors.Count >= 4);
        Assert.Empty(f.Requests);
    }

    [Theory]
    [InlineData("Loan Officer")]
    [InlineData("Loan Processor")]
    [InlineData("Appraisal Coordinator")]
    public void Each_required_internal_party_is_reported_when_missing(string role)
    {
        var o = WithLoan(Order(), l => l with { Parties = l.Parties!.Where(p => p.PartyType != role).ToList() });
        Assert.Contains(Errors(o), e => e.Contains($"must include a", StringComparison.Ordinal) && e.Contains(role, StringComparison.Ordinal));
    }

    [Fact]
    public void The_coordinator_may_come_from_options()
    {
        var o = WithLoan(Order(), l => l with { Parties = l.Parties!.Where(p => p.PartyType != "Appraisal Coordinator").ToList() });
        Assert.Empty(Errors(o, new Party { PartyType = "Appraisal Coordinator", LastName = "M" }));
    }

    [Fact]
    public void An_embedded_file_needs_all_four_members_and_an_empty_one_is_not_sent()
    {
        var partial = WithLoan(Order(), l => l with { EmbeddedFile = [new EmbeddedFile { TypeId = 1010, Name = "a.pdf" }] });
        Assert.Contains(Errors(partial), e => e.Contains("missing: description, document", StringComparison.Ordinal));

        var empty = WithLoan(Order(), l => l with { EmbeddedFile = [new EmbeddedFile()] });
        Assert.Contains("request.requestData.loan.embeddedFile[0] needs all four members (typeID, name, description, document); missing: typeID, name, description, document.", Errors(empty));

        var none = WithLoan(Order(), l => l with { EmbeddedFile = null });
        Assert.Empty(Errors(none));
    }

    [Fact]
    public void A_provider_document_type_is_not_accepted_from_a_client()
    {
        var o = WithLoan(Order(), l => l with { EmbeddedFile = [new EmbeddedFile { TypeId = 2000, Name = "a", Description = "d", Document = EmbeddedFileContent.FromBytes(new byte[] { 1 }) }] });
        Assert.Contains(Errors(o), e => e.Contains("typeID 2000 is not a client document type", StringComparison.Ordinal));
    }

    [Fact]
    public void An_FHA_product_needs_an_FHA_case_number()
    {
        var o = WithLoan(Order() with { FhaCaseNumber = null }, l => l with { Product = new Product { Code = "A019", Name = "FHA 1004 Single Family" } });
        Assert.Contains("fhaCaseNumber is required for the FHA product A019.", Errors(o));
        Assert.DoesNotContain(Errors(o with { FhaCaseNumber = "456-1569785" }), e => e.Contains("fhaCaseNumber", StringComparison.Ordinal));
    }

    [Fact]
    public void Values_outside_the_appendices_are_reported()
    {
        var o = WithLoan(Order(), l => l with
        {
            Product = new Product { Code = "Z999" },
            Application = new LoanApplication { Property = l.Application!.Property! with { PropertyType = "Castle" } },
            Parties = [.. l.Parties!, new Party
            {
                PartyType = "Butler", LastName = "B",
                ContactMethod = new ContactMethod { ContactInfo = [new ContactInfo { ContactLabel = "Holiday", ContactType = "Fax", ContactValue = "1" }] },
            }],
        });

        var errors = Errors(o);

        Assert.Contains(errors, e => e.Contains("product.code 'Z999'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("propertyType 'Castle'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("partyType 'Butler'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("contactLabel 'Holiday'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("contactType 'Fax'", StringComparison.Ordinal));
    }

    [Fact]
    public void Required_fields_of_the_tables_are_reported()
    {
        var o = WithLoan(Order(), l => l with
        {
            Application = new LoanApplication { Property = new SubjectProperty() },
            Product = new Product(),
            Parties = [.. l.Parties!, new Party { PartyType = "Seller" }],
        });
        o = o with { Request = o.Request! with { TransactionUid = null, RequestData = o.Request.RequestData! with { Action = "Update" } } };

        var errors = Errors(o);

        foreach (string field in new[] { "streetAddress", "city", "state", "zip", "propertyType", "product.code", "transactionUID" })
        {
            Assert.Contains(errors, e => e.Contains(field + " is required", StringComparison.Ordinal));
        }

        Assert.Contains(errors, e => e.Contains("parties[5].lastName is required", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("parties[5].contactMethod.contactInfo needs at least one entry", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("action must be 'Original' or 'StatusQuery'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_inspection_schedule_example_is_reported_for_its_duplicated_slot()
    {
        var s = JsonSerializer.Deserialize(TestData.Read("action-inspection-schedule.json"), AppraisalWorksJsonContext.Default.InspectionScheduleRequest)!;
        Assert.Contains("option3Date and option3TimeSlot must be given together.", OrderValidator.ValidateInspectionSchedule(s));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4")]
    [InlineData("morning")]
    public async Task Time_slots_outside_1_to_3_are_refused(string slot)
    {
        var f = new ClientFixture();
        var ex = await Assert.ThrowsAsync<AppraisalWorksValidationException>(() =>
            f.Client.RequestInspectionScheduleAsync("A-1", new InspectionScheduleRequest { Option1Date = new DateOnly(2022, 8, 15), Option1TimeSlot = slot }));
        Assert.Contains($"option1TimeSlot '{slot}' must be 1, 2 or 3.", ex.Errors);
        Assert.Empty(f.Requests);
    }

    [Fact]
    public async Task Action_bodies_are_validated_before_sending()
    {
        var f = new ClientFixture();
        await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => f.Client.PlaceOnHoldAsync("A-1", " "));
        await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => f.Client.AddCommentAsync("A-1", ""));
        var contact = await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => f.Client.UpdateContactAsync("A-1", new ContactUpdate { PartyType = "Property Contact" }));
        Assert.Equal(4, contact.Errors.Count);
        var reschedule = await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => f.Client.RescheduleAppointmentAsync("A-1", new RescheduleRequest()));
        Assert.Equal(3, reschedule.Errors.Count);
        var document = await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => f.Client.AddDocumentAsync("A-1", new EmbeddedFile { TypeId = 2060 }));
        Assert.Contains(document.Errors, e => e.Contains("missing: name, description, document", StringComparison.Ordinal));
        var delivery = await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => f.Client.DeliverToBorrowerAsync("A-1", new BorrowerDelivery { BorrowerEmail = "a@b" }));
        Assert.Equal(5, delivery.Errors.Count);
        Assert.Contains("borrowerAddress2 is required (the document's table marks it required).", delivery.Errors);
        Assert.Empty(f.Requests);
    }
}
