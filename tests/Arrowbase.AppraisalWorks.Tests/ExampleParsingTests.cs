using System.Text.Json;
using Arrowbase.AppraisalWorks.Appendices;
using Arrowbase.AppraisalWorks.Json;
using Arrowbase.AppraisalWorks.Postbacks;
using Arrowbase.AppraisalWorks.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests;

public class ExampleParsingTests
{
    private static readonly AppraisalWorksJsonContext Ctx = AppraisalWorksJsonContext.Default;

    private static T Parse<T>(string file, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(TestData.Read(file), type)!;

    [Fact]
    public void Every_test_data_file_is_parsed_by_a_test()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData"), "*.json").Select(Path.GetFileName).ToHashSet();
        Assert.Equal(29, files.Count);
    }

    [Fact]
    public void Order_examples_parse_with_every_field()
    {
        var order = Parse("order-comprehensive.json", Ctx.OrderRequest);
        Assert.Equal("demoAPI-012345", order.ReferenceNumber);
        Assert.Equal(new DateTimeOffset(2023, 12, 22, 0, 0, 0, TimeSpan.Zero), order.RequestedDueDate!.Value.Value);
        Assert.Equal("02-34567890", order.DuCaseFileId);
        Assert.Equal(300000.00m, order.Request!.LoanAmount);
        Assert.Equal("81B9-F16E-03D8-4C3F", order.Request.TransactionUid);
        var loan = order.Request.RequestData!.Loan!;
        Assert.Equal("Cuyahoga", loan.Application!.Property!.County);
        Assert.Equal(1010, loan.EmbeddedFile![0].TypeId);
        Assert.Equal("Base64 encoded document", loan.EmbeddedFile[0].Document!.Base64Text);
        Assert.Equal(5, loan.Parties!.Count);
        Assert.Equal("Connie H Borrower", loan.Parties[0].FullName);

        var details = Parse("order-transaction-details.json", Ctx.OrderRequest);
        Assert.True(details.Priority);
        Assert.Equal("12/1/2022", details.RequestedDueDate!.Value.Raw);
        var requestingParty = Parse("order-requesting-party.json", Ctx.RequestingParty);
        Assert.Equal("4645", requestingParty.ClientId);
        Assert.Equal("John Smith", requestingParty.ContactName);
        var request = JsonSerializer.Deserialize(TestData.Read("order-request.json"), Ctx.OrderDetails)!;
        Assert.Equal("Refinance", request.LoanType);
        Assert.Equal("Original", request.RequestData!.Action);
        var loanOnly = JsonSerializer.Deserialize(TestData.Read("order-loan.json"), Ctx.Loan)!;
        Assert.Equal("SalesContract.pdf", loanOnly.EmbeddedFile![0].Name);
    }

    [Fact]
    public void Party_examples_read_ContactType_and_ContactValue_casing()
    {
        var parties = JsonSerializer.Deserialize(TestData.Read("order-parties.json"), Ctx.Loan)!.Parties!;
        Assert.Equal(5, parties.Count);
        var info = parties[0].ContactMethod!.ContactInfo![0];
        Assert.Equal("Phone", info.ContactType);
        Assert.Equal("(440) 222-3333", info.ContactValue);
        Assert.Null(info.AdditionalProperties);
    }

    [Fact]
    public void Action_examples_parse()
    {
        Assert.Equal("Smith", Parse("action-contacts.json", Ctx.ContactUpdate).LastName);
        Assert.Equal(2060, Parse("action-document.json", Ctx.DocumentRequest).EmbeddedFile!.TypeId);
        Assert.Equal("42131", Parse("action-deliver-to-borrower.json", Ctx.BorrowerDelivery).BorrowerZip);
        var schedule = Parse("action-inspection-schedule.json", Ctx.InspectionScheduleRequest);
        Assert.Equal(new DateOnly(2022, 8, 17), schedule.Option3Date);
        Assert.Equal("2", schedule.Option2TimeSlot); // the duplicated key: the last value wins
        Assert.Null(schedule.Option3TimeSlot);
        var reschedule = Parse("action-reschedule.json", Ctx.RescheduleRequest);
        Assert.Equal(new DateTimeOffset(2021, 1, 1, 12, 0, 0, TimeSpan.FromHours(-5)), reschedule.AppointmentDate!.Value.Value);
        Assert.Equal("Borrower payment not received", Parse("action-hold.json", Ctx.ReasonRequest).Reason);
        Assert.Equal("Borrower payment received.", Parse("action-resume.json", Ctx.ReasonRequest).Reason);
        Assert.StartsWith("Borrower has decided", Parse("action-cancel.json", Ctx.ReasonRequest).Reason, StringComparison.Ordinal);
        Assert.Equal("Hello, this is a comment.", Parse("action-comment.json", Ctx.CommentRequest).Comment);
    }

    [Fact]
    public void Event_examples_parse_with_their_casings_and_string_numbers()
    {
        Assert.Equal("Order Notes", Parse("event-comments.json", Ctx.CommentDetails).CommentCategory);
        var documents = Parse("event-documents.json", Ctx.DocumentDetails);
        Assert.Equal(2061, documents.EmbeddedFile!.TypeId);
        Assert.True(documents.EmbeddedFile.AdditionalProperties!.ContainsKey("document"));
        Assert.StartsWith("On Hold per Borrower", Parse("event-hold.json", Ctx.HoldDetails).Reason, StringComparison.Ordinal);
        Assert.Equal("The unforeseen issue has been addressed.", Parse("event-resume.json", Ctx.ResumeDetails).Reason);
        Assert.Equal("Order cancelled by user request.", Parse("event-cancel.json", Ctx.CancelDetails).Reason);
        var assignment = Parse("event-assignment.json", Ctx.AssignmentDetails);
        Assert.Equal(147.65m, assignment.Distance);
        Assert.Equal("tst-12345", assignment.AppraiserLicenseNumber);
        Assert.Equal(350.00m, Parse("event-feechanged.json", Ctx.FeeChangeDetails).RevisedVendorFee);
        Assert.Equal("2022-04-21 19:49:00Z", Parse("event-expecteddelivery.json", Ctx.ExpectedDeliveryDetails).ExpectedDate!.Value.Raw);
        Assert.Equal(new DateTimeOffset(2022, 4, 28, 14, 15, 0, TimeSpan.Zero), Parse("event-scheduled.json", Ctx.AppointmentDetails).AppointmentDate!.Value.Value);
        var set = Parse("appointment-set.json", Ctx.AppointmentDetails);
        Assert.Equal(new DateTimeOffset(2021, 11, 1, 12, 0, 0, TimeSpan.FromHours(-5)), set.AppointmentDate!.Value.Value);
        var completed = Parse("event-completed.json", Ctx.CompletedReport);
        Assert.Equal("1234", completed.Property!.AssessorsParcelIdentifier);
        Assert.Equal(8, completed.Property.TotalRooms);
        Assert.Equal("Jane Appraiser", completed.ValuationResults!.AppraiserName);
        Assert.Equal(2, completed.EmbeddedFile!.Count);
        var response = Parse("order-response.json", Ctx.OrderResponse);
        Assert.Equal("Not present if the order was successfully placed.", response.Description);
        Assert.Equal("Not present if the Request call succeeded.", Parse("standard-response.json", Ctx.AppraisalWorksResponse).Description);
    }

    [Fact]
    public void Unknown_members_are_kept_and_written_back()
    {
        var c = JsonSerializer.Deserialize("""{"comment":"x","newField":{"a":1},"isSuccess":true}""", Ctx.CommentDetails)!;
        Assert.Equal(1, c.AdditionalProperties!["newField"].GetProperty("a").GetInt32());
        Assert.Contains("\"newField\":{\"a\":1}", JsonSerializer.Serialize(c, Ctx.CommentDetails), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2022-04-12 16:32:25Z", "2022-04-12T16:32:25+00:00")]
    [InlineData("12/22/2023", "2023-12-22T00:00:00+00:00")]
    [InlineData("2022-08-15", "2022-08-15T00:00:00+00:00")]
    [InlineData("11/1/2021 12:00PM EST", "2021-11-01T12:00:00-05:00")]
    [InlineData("2021-11-03 11:01 AM EST", "2021-11-03T11:01:00-05:00")]
    [InlineData("1/1/2021 12:00PM PDT", "2021-01-01T12:00:00-07:00")]
    public void Documented_date_forms_parse_and_keep_their_raw_text(string raw, string expected)
    {
        var date = AppraisalWorksDate.Parse(raw);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), date.Value);
        Assert.Equal(raw, date.Raw);
        Assert.Equal($"\"{raw}\"", JsonSerializer.Serialize(date, Ctx.Options));
    }

    [Fact]
    public void An_unknown_date_form_keeps_its_text_without_a_value()
    {
        var date = AppraisalWorksDate.Parse("next Tuesday");
        Assert.False(date.HasValue);
        Assert.Equal("next Tuesday", date.Raw);
    }

    [Fact]
    public void Date_factories_write_the_documents_forms()
    {
        Assert.Equal("12/22/2023", AppraisalWorksDate.FromDate(new DateOnly(2023, 12, 22)).Raw);
        Assert.Equal("1/1/2021 12:00PM EST", AppraisalWorksDate.FromAppointment(new DateTime(2021, 1, 1, 12, 0, 0), "EST").Raw);
        Assert.Equal("2022-04-12 16:32:25Z", AppraisalWorksDate.FromUtc(new DateTimeOffset(2022, 4, 12, 16, 32, 25, TimeSpan.Zero)).Raw);
    }

    [Fact]
    public void Appendices_hold_every_documented_value()
    {
        Assert.Equal(115, ProductCodes.All.Count);
        Assert.Equal("FNMA 1004 Single Family", ProductCodes.All[ProductCodes.CodeA001]);
        Assert.Equal("OptiVal AVM Cascade", ProductCodes.All["LNOC"]);
        Assert.Equal("eValWorks (PCR + Review)", ProductCodes.All["A15R"]);
        Assert.True(ProductCodes.IsFha("A070"));
        Assert.False(ProductCodes.IsFha("A001"));
        Assert.Equal(5, DocumentTypes.ClientDocuments.Count);
        Assert.Equal(9, DocumentTypes.ProviderDocuments.Count);
        Assert.Equal("MISMO 3.4 Appraisal Dataset with Embedded PDF", DocumentTypes.GetDescription(2020));
        Assert.Equal(14, ContactRoles.All.Count);
        Assert.Equal(["Email", "Phone", "Mobile"], ContactTypes.All);
        Assert.Equal(["Home", "Work", "Other"], ContactLabels.All);
        Assert.Equal(12, LoanTypes.All.Count);
        Assert.Equal(11, PropertyTypes.All.Count);
        Assert.Equal(9, NoteTypes.All.Count);
        Assert.Equal("Noon - 5", TimeSlots.All["2"]);
    }
}

public class TolerantListTests
{
    [Fact]
    public void An_embeddedFile_sent_as_one_object_reads_as_a_one_element_list()
    {
        var report = JsonSerializer.Deserialize("""{"embeddedFile":{"typeID":"1000","name":"Invoice.PDF"}}""", AppraisalWorksJsonContext.Default.CompletedReport)!;
        Assert.Equal("Invoice.PDF", Assert.Single(report.EmbeddedFile!).Name);
        var loan = JsonSerializer.Deserialize("""{"embeddedFile":{"typeID":1010,"name":"a","description":"d","document":"AA=="}}""", AppraisalWorksJsonContext.Default.Loan)!;
        Assert.Equal("AA==", Assert.Single(loan.EmbeddedFile!).Document!.Base64Text);
        Assert.Contains("\"embeddedFile\":[{", JsonSerializer.Serialize(loan, AppraisalWorksJsonContext.Default.Loan), StringComparison.Ordinal);
    }

    [Fact]
    public void Default_timeouts_are_an_HTTP_calls_and_large_documents_are_bounded_by_the_idle_timeout()
    {
        // JSON calls: HttpClient's own 100 s in all; streamed documents: no total, but no byte for 60 s ends them.
        var options = new AppraisalWorksOptions();
        Assert.Equal(TimeSpan.FromSeconds(30), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(100), options.TotalRequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.IdleTimeout);
        Assert.True(options.MaxDownloadBytes >= 100L * 1024 * 1024);
    }
}
