using Arrowbase.AppraisalWorks.Appendices;
using Arrowbase.AppraisalWorks.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests.Wire;

/// <summary>Appendix spellings, unlisted codes, the coordinator default, embedded files and documented date forms.</summary>
public class ValidationEvidenceTests
{
    private static OrderRequest Order() => RequestWireTests.ComprehensiveOrder();

    private static OrderRequest WithLoan(OrderRequest o, Func<Loan, Loan> change) =>
        o with { Request = o.Request! with { RequestData = o.Request.RequestData! with { Loan = change(o.Request.RequestData.Loan!) } } };

    private static OrderRequest WithoutCoordinator() =>
        WithLoan(Order(), l => l with { Parties = [.. l.Parties!.Where(p => p.PartyType != ContactRoles.AppraisalCoordinator)] });

    [Theory]
    [InlineData("a001", "A001")]
    [InlineData(" A15r ", "A15R")]
    public void A_product_code_apart_from_case_is_the_appendix_entry(string given, string documented) => Assert.Equal(documented, ProductCodes.Find(given));

    [Theory]
    [InlineData("real estate agent - buyer", "Real Estate Agent – Buyer")]
    [InlineData("Real Estate Agent-Seller", "Real Estate Agent – Seller")]
    [InlineData("REAL ESTATE AGENT — BUYER", "Real Estate Agent – Buyer")]
    [InlineData("loan  officer", "Loan Officer")]
    public void A_contact_role_apart_from_case_and_dash_style_is_the_appendix_entry(string given, string documented) => Assert.Equal(documented, ContactRoles.Find(given));

    [Theory]
    [InlineData("purchase", "Purchase")]
    [InlineData("home equity", "Home Equity")]
    [InlineData("reo", "REO")]
    public void A_loan_type_apart_from_case_is_the_appendix_entry(string given, string documented) => Assert.Equal(documented, LoanTypes.Find(given));

    [Theory]
    [InlineData("multi family")]
    [InlineData("Purchased")]
    [InlineData("")]
    public void A_value_that_differs_by_more_than_case_and_dashes_is_unlisted(string given)
    {
        Assert.Null(PropertyTypes.Find(given));
        Assert.Null(LoanTypes.Find(given));
    }

    [Fact]
    public async Task An_unlisted_product_code_is_a_validation_problem_and_nothing_is_sent()
    {
        var f = new ClientFixture();
        var o = WithLoan(Order(), l => l with { Product = new Product { Code = "A999" } });

        var ex = await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => f.Client.CreateOrderAsync(o));

        Assert.Contains(ex.Errors, e => e.StartsWith("request.requestData.loan.product.code 'A999' is not a Product Code of the appendix", StringComparison.Ordinal));
        Assert.Empty(f.Requests);
    }

    [Fact]
    public async Task With_unlisted_codes_allowed_an_unlisted_product_code_and_document_type_go_out_as_given()
    {
        var options = Keys.Options();
        options.AllowUnlistedCodes = true;
        var f = new ClientFixture(options: options);
        f.Expect(HttpMethod.Post, "https://uat-api.arrowbasetech.com/RapiV1/Orders", TestData.Read("order-response.json"));
        f.Expect(HttpMethod.Post, "https://uat-api.arrowbasetech.com/RapiV1/Orders/81B9-F16E-03D8-4C3F/Documents");
        var o = WithLoan(Order(), l => l with { Product = new Product { Code = "B123" } });

        await f.Client.CreateOrderAsync(o);
        await f.Client.AddDocumentAsync("81B9-F16E-03D8-4C3F", 3001, "new.pdf", "A newer type", new MemoryStream([1]));

        Assert.Equal("B123", f.Requests[0].Json.GetProperty("request").GetProperty("requestData").GetProperty("loan").GetProperty("product").GetProperty("code").GetString());
        Assert.Equal(3001, f.Requests[1].Json.GetProperty("embeddedFile").GetProperty("typeID").GetInt32());
    }

    [Fact]
    public async Task An_unlisted_loan_type_stays_a_problem_even_with_unlisted_codes_allowed()
    {
        var options = Keys.Options();
        options.AllowUnlistedCodes = true;
        var f = new ClientFixture(options: options);
        var o = Order() with { Request = Order().Request! with { LoanType = "Sideways" } };

        var ex = await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => f.Client.CreateOrderAsync(o));

        Assert.Contains(ex.Errors, e => e.StartsWith("request.loanType 'Sideways'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_order_without_a_coordinator_is_invalid_unless_the_options_say_the_account_defaults_one()
    {
        var strict = new ClientFixture();
        var ex = await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => strict.Client.CreateOrderAsync(WithoutCoordinator()));
        Assert.Contains(ex.Errors, e => e.Contains("must include an Appraisal Coordinator", StringComparison.Ordinal));

        var options = Keys.Options();
        options.AccountHasDefaultAppraisalCoordinator = true;
        var defaulted = new ClientFixture(options: options);
        defaulted.Expect(HttpMethod.Post, "https://uat-api.arrowbasetech.com/RapiV1/Orders", TestData.Read("order-response.json"));

        await defaulted.Client.CreateOrderAsync(WithoutCoordinator());

        var parties = defaulted.Requests[0].Json.GetProperty("request").GetProperty("requestData").GetProperty("loan").GetProperty("parties");
        Assert.DoesNotContain(parties.EnumerateArray(), p => p.GetProperty("partyType").GetString() == ContactRoles.AppraisalCoordinator);
        Assert.Empty(OrderValidator.ValidateOrder(WithoutCoordinator(), options));
    }

    [Theory]
    [InlineData("2023-12-22")]
    [InlineData("12/22/23")]
    [InlineData("22/12/2023")]
    [InlineData("tomorrow")]
    public void A_requested_due_date_not_in_the_documented_M_d_yyyy_form_is_a_problem(string raw)
    {
        var errors = OrderValidator.ValidateOrder(Order() with { RequestedDueDate = AppraisalWorksDate.Parse(raw) });
        Assert.Contains(errors, e => e.StartsWith($"requestedDueDate '{raw}' is not in the documented form M/d/yyyy", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("12/22/2023")]
    [InlineData("12/1/2022")]
    [InlineData("1/01/2024")]
    public void The_documented_due_date_forms_are_valid(string raw) =>
        Assert.Empty(OrderValidator.ValidateOrder(Order() with { RequestedDueDate = AppraisalWorksDate.Parse(raw) }));

    [Theory]
    [InlineData("2021-01-01 12:00:00Z")]
    [InlineData("1/1/2021 12:00 PM EST")]
    [InlineData("1/1/2021 12:00PM")]
    [InlineData("1/1/2021 12:00PM XYZ")]
    [InlineData("1/1/2021")]
    public async Task A_reschedule_date_not_in_the_documented_appointment_form_is_a_problem(string raw)
    {
        var f = new ClientFixture();
        var ex = await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => f.Client.RescheduleAppointmentAsync("A-1", new RescheduleRequest
        {
            OrderId = "12345", AppointmentDate = AppraisalWorksDate.Parse(raw), Comment = "c",
        }));

        Assert.Contains(ex.Errors, e => e.StartsWith($"appointmentDate '{raw}' is not in the documented form", StringComparison.Ordinal));
        Assert.Empty(f.Requests);
    }

    [Fact]
    public async Task An_embedded_file_missing_any_member_is_not_sent()
    {
        var f = new ClientFixture();
        foreach (var file in new[]
        {
            new EmbeddedFile(),
            new EmbeddedFile { Name = "a.pdf", Description = "d", Document = EmbeddedFileContent.FromBytes(new byte[] { 1 }) },
            new EmbeddedFile { TypeId = 1010, Description = "d", Document = EmbeddedFileContent.FromBytes(new byte[] { 1 }) },
            new EmbeddedFile { TypeId = 1010, Name = "a.pdf", Document = EmbeddedFileContent.FromBytes(new byte[] { 1 }) },
            new EmbeddedFile { TypeId = 1010, Name = "a.pdf", Description = "d" },
        })
        {
            var ex = await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => f.Client.CreateOrderAsync(WithLoan(Order(), l => l with { EmbeddedFile = [file] })));
            Assert.Contains(ex.Errors, e => e.StartsWith("request.requestData.loan.embeddedFile[0] needs all four members", StringComparison.Ordinal));
        }

        Assert.Empty(f.Requests);
    }

    [Fact]
    public async Task An_unlisted_contact_role_on_a_contact_update_is_a_problem_and_a_listed_one_goes_out_documented()
    {
        var f = new ClientFixture();
        var ex = await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => f.Client.UpdateContactAsync("A-1", new ContactUpdate
        {
            PartyType = "Butler", FirstName = "J", LastName = "S", EmailAddress = "e@x", Phone = "1",
        }));
        Assert.Contains(ex.Errors, e => e.StartsWith("partyType 'Butler' is not a Contact Role of the appendix", StringComparison.Ordinal));
        Assert.Empty(f.Requests);
    }
}
