using System.Net;
using System.Text;
using Arrowbase.AppraisalWorks.Postbacks;
using Arrowbase.AppraisalWorks.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Valuation.Tests.Wire;

namespace Arrowbase.AppraisalWorks.Tests.Wire;

/// <summary>
/// Every response and event payload the document shows, read verbatim from TestData through the client, with each
/// documented member asserted by name and value.
/// </summary>
public class ResponseWireTests
{
    private const string Uid = "0987-0bbc-fe36-9AC9";
    private static readonly DateTimeOffset Stamp = new(2022, 4, 4, 16, 58, 31, TimeSpan.Zero);

    private static AppraisalWorksClient Answering(string json) =>
        AppraisalWorksClient.Create(
            Keys.Options(),
            new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") }),
            new FakeTimeProvider(new DateTimeOffset(2022, 4, 12, 16, 32, 25, TimeSpan.Zero)));

    // The examples' placeholders ("Base64 encoded document", " . . . base64 encoded data . . . ") replaced, in order, by real base64.
    private static string WithDocuments(string json, params byte[][] documents)
    {
        string[] placeholders = ["Base64 encoded document", " . . . base64 encoded data . . . "];
        foreach (byte[] document in documents)
        {
            var (at, length) = placeholders.Select(p => (At: json.IndexOf(p, StringComparison.Ordinal), p.Length)).Where(x => x.At >= 0).MinBy(x => x.At);
            json = json[..at] + Convert.ToBase64String(document) + json[(at + length)..];
        }

        return json;
    }

    [Fact]
    public async Task The_order_response_reads_every_member()
    {
        var response = await Answering(TestData.Read("order-response.json")).CreateOrderAsync(RequestWireTests.ComprehensiveOrder());

        Assert.Equal("111977-1", response.OrderNumber);
        Assert.Equal("In Progress", response.Condition);
        Assert.True(response.IsSuccess);
        Assert.Equal("Not present if the order was successfully placed.", response.Description);
        Assert.Equal("2022-04-20 13:56:09Z", response.Datetime!.Value.Raw);
        Assert.Equal(new DateTimeOffset(2022, 4, 20, 13, 56, 9, TimeSpan.Zero), response.Datetime.Value.Value);
    }

    [Fact]
    public async Task The_standard_response_reads_every_member_and_the_misspelled_descripton()
    {
        var response = await Answering(TestData.Read("standard-response.json")).AddCommentAsync(Uid, "c");

        Assert.True(response.IsSuccess);
        Assert.Equal("Not present if the Request call succeeded.", response.Description);
        Assert.Equal(Stamp, response.Datetime!.Value.Value);
    }

    [Fact]
    public async Task New_comments_reads_comment_and_commentcategory()
    {
        var details = await Answering(TestData.Read("event-comments.json")).GetCommentAsync(Uid, 1);

        Assert.Equal("A new comment was placed on your order.", details.Comment);
        Assert.Equal("Order Notes", details.CommentCategory);
        Assert.True(details.IsSuccess);
        Assert.Equal(Stamp, details.Datetime!.Value.Value);
    }

    [Fact]
    public async Task New_documents_reads_its_embedded_file_and_streams_its_document()
    {
        byte[] content = Encoding.ASCII.GetBytes("revised appraisal report");
        using var destination = new MemoryStream();

        var details = await Answering(WithDocuments(TestData.Read("event-documents.json"), content)).GetDocumentAsync(Uid, 1, destination);

        var file = Assert.Single(details.EmbeddedFiles!);
        Assert.Same(file, details.EmbeddedFile);
        Assert.Equal(2061, file.TypeId);
        Assert.Equal("O-111924-1-202204041550272228958.txt", file.Name);
        Assert.Equal("Revised Appraisal Report", file.Description);
        Assert.Equal(content, destination.ToArray());
        Assert.Equal(content.Length, file.Length);
        Assert.True(details.IsSuccess);
        Assert.Equal(Stamp, details.Datetime!.Value.Value);
    }

    [Fact]
    public async Task New_documents_reads_an_array_of_embedded_files_as_orders_and_completed_send_them()
    {
        string json = """
            {"embeddedFile":[{"typeID":"2061","name":"a.txt","description":"A","document":"QQ=="},{"typeID":2060,"name":"b.pdf","description":"B","document":"QkI="}],
             "isSuccess":true,"datetime":"2022-04-04 16:58:31Z"}
            """;
        var streams = new List<MemoryStream>();

        var details = await Answering(json).GetDocumentAsync(Uid, 1, (_, _) =>
        {
            var s = new MemoryStream();
            streams.Add(s);
            return ValueTask.FromResult<Stream>(s);
        });

        Assert.Equal([2061, 2060], details.EmbeddedFiles!.Select(f => f.TypeId!.Value));
        Assert.Equal(["a.txt", "b.pdf"], details.EmbeddedFiles!.Select(f => f.Name));
        Assert.Equal([1L, 2L], details.EmbeddedFiles!.Select(f => f.Length!.Value));
        Assert.Equal(["A", "BB"], streams.Select(s => Encoding.ASCII.GetString(s.ToArray())));
        Assert.Equal("a.txt", details.EmbeddedFile!.Name);
    }

    [Theory]
    [InlineData("event-hold.json", "On Hold per Borrower – there is an unforeseen delay.")]
    [InlineData("event-resume.json", "The unforeseen issue has been addressed.")]
    [InlineData("event-cancel.json", "Order cancelled by user request.")]
    public async Task Hold_resume_and_cancel_read_their_reason(string file, string reason)
    {
        var client = Answering(TestData.Read(file));
        ReasonDetails details = file switch
        {
            "event-hold.json" => await client.GetHoldAsync(Uid, 1),
            "event-resume.json" => await client.GetResumeAsync(Uid, 1),
            _ => await client.GetCancelAsync(Uid, 1),
        };

        Assert.Equal(reason, details.Reason);
        Assert.True(details.IsSuccess);
        Assert.Equal(Stamp, details.Datetime!.Value.Value);
    }

    [Fact]
    public async Task Provider_assignment_reads_every_member()
    {
        var details = await Answering(TestData.Read("event-assignment.json")).GetAssignmentAsync(Uid, 1);

        Assert.Equal("Jane Appraiser", details.AppraiserName);
        Assert.Equal("Appraisers INC.", details.CompanyName);
        Assert.Equal(147.65m, details.Distance);
        Assert.Equal("tst-12345", details.AppraiserLicenseNumber);
        Assert.True(details.IsSuccess);
        Assert.Equal(Stamp, details.Datetime!.Value.Value);
    }

    [Fact]
    public async Task Fee_changes_reads_every_member()
    {
        var details = await Answering(TestData.Read("event-feechanged.json")).GetFeeChangeAsync(Uid, 1);

        Assert.Equal("This property is complex and will require a higher fee to complete.", details.Reason);
        Assert.Equal(350.00m, details.RevisedVendorFee);
        Assert.True(details.IsSuccess);
        Assert.Equal(Stamp, details.Datetime!.Value.Value);
    }

    [Fact]
    public async Task Delivery_date_changes_reads_expecteddate()
    {
        var details = await Answering(TestData.Read("event-expecteddelivery.json")).GetExpectedDeliveryAsync(Uid);

        Assert.Equal("2022-04-21 19:49:00Z", details.ExpectedDate!.Value.Raw);
        Assert.Equal(new DateTimeOffset(2022, 4, 21, 19, 49, 0, TimeSpan.Zero), details.ExpectedDate.Value.Value);
        Assert.True(details.IsSuccess);
        Assert.Equal(Stamp, details.Datetime!.Value.Value);
    }

    [Fact]
    public async Task Inspection_appointment_reads_the_examples_appointmentdate_and_the_tables_appointmentDate()
    {
        var scheduled = await Answering(TestData.Read("event-scheduled.json")).GetScheduledAsync(Uid);
        var rescheduled = await Answering("""{"appointmentDate":"2022-04-29 09:00:00Z","isSuccess":true,"datetime":"2022-04-04 16:58:31Z"}""").GetRescheduledAsync(Uid);

        Assert.Equal(new DateTimeOffset(2022, 4, 28, 14, 15, 0, TimeSpan.Zero), scheduled.AppointmentDate!.Value.Value);
        Assert.True(scheduled.IsSuccess);
        Assert.Equal(Stamp, scheduled.Datetime!.Value.Value);
        Assert.Equal(new DateTimeOffset(2022, 4, 29, 9, 0, 0, TimeSpan.Zero), rescheduled.AppointmentDate!.Value.Value);
    }

    [Fact]
    public void Appointment_set_reads_appointmentDate_in_its_documented_form()
    {
        var details = System.Text.Json.JsonSerializer.Deserialize(TestData.Read("appointment-set.json"), Json.AppraisalWorksJsonContext.Default.AppointmentDetails)!;

        Assert.Equal("11/1/2021 12:00PM EST", details.AppointmentDate!.Value.Raw);
        Assert.Equal(new DateTimeOffset(2021, 11, 1, 12, 0, 0, TimeSpan.FromHours(-5)), details.AppointmentDate.Value.Value);
        Assert.Null(details.OrderId);
    }

    [Fact]
    public async Task Completed_report_reads_every_member()
    {
        byte[] xml = Encoding.ASCII.GetBytes("<VALUATION_RESPONSE/>");
        byte[] invoice = Encoding.ASCII.GetBytes("%PDF invoice");
        var streams = new Dictionary<string, MemoryStream>();

        var report = await Answering(WithDocuments(TestData.Read("event-completed.json"), xml, invoice)).GetCompletedAsync(Uid, (info, _) =>
        {
            var s = new MemoryStream();
            streams[info.Name!] = s;
            return ValueTask.FromResult<Stream>(s);
        });

        var property = report.Property!;
        Assert.Equal("1234", property.AssessorsParcelIdentifier);
        Assert.Equal("", property.LotSize);
        Assert.Equal("", property.LivingArea);
        Assert.Equal(2, property.Stories);
        Assert.Equal(1992, property.YearBuilt);
        Assert.Equal(8, property.TotalRooms);
        Assert.Null(property.AdditionalProperties);
        var results = report.ValuationResults!;
        Assert.Equal(100000.00m, results.Value);
        Assert.Equal("2021-11-03 11:01 AM EST", results.ValuationDate!.Value.Raw);
        Assert.Equal(new DateTimeOffset(2021, 11, 3, 11, 1, 0, TimeSpan.FromHours(-5)), results.ValuationDate.Value.Value);
        Assert.Equal("Jane Appraiser", results.AppraiserName);
        Assert.Equal("tst-12345", results.AppraiserLicenseNumber);
        Assert.Null(results.AdditionalProperties);
        Assert.Equal([2010, 1000], report.EmbeddedFile!.Select(f => f.TypeId!.Value));
        Assert.Equal(["FinalAppraisalDoc.xml", "Invoice.PDF"], report.EmbeddedFile!.Select(f => f.Name));
        Assert.Equal(["MISMO 2.6 GSE Appraisal Dataset with embedded PDF file", "Invoice for service"], report.EmbeddedFile!.Select(f => f.Description));
        Assert.Equal(xml, streams["FinalAppraisalDoc.xml"].ToArray());
        Assert.Equal(invoice, streams["Invoice.PDF"].ToArray());
    }

    [Fact]
    public void The_postback_reads_every_member()
    {
        var e = PostbackEvent.Parse(TestData.Read("postback.json"));

        Assert.Equal("0987-0bbc-fe36-9AC9", e.TransactionUid);
        Assert.Equal("Resume", e.EventName);
        Assert.Equal(1823005, e.DetailId);
        Assert.Equal("/Orders/0987-0bbc-fe36-9AC9/Resume/1823005", e.Path);
        Assert.Equal(PostbackEventNames.Resume, e.KnownName);
        Assert.Equal(PostbackEventRecognition.EventName, e.RecognizedBy);
        Assert.Equal("/Orders/0987-0bbc-fe36-9AC9/Resume/1823005", e.Route);
    }
}
