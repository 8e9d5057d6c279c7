using RichardSzalay.MockHttp;
using System.Net;
using System.Text.Json;
using Arrowbase.AppraisalWorks.Json;
using Arrowbase.AppraisalWorks.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests;

public class EndpointTests
{
    private const string Root = "https://uat-api.arrowbasetech.com/RapiV1";
    private const string Uid = "81B9-F16E-03D8-4C3F";

    private static OrderRequest ComprehensiveOrder() =>
        JsonSerializer.Deserialize(TestData.Read("order-comprehensive.json"), AppraisalWorksJsonContext.Default.OrderRequest)!;

    [Fact]
    public async Task CreateOrder_posts_the_documents_comprehensive_example_field_by_field_and_returns_the_order_number()
    {
        var f = new ClientFixture();
        f.Expect(HttpMethod.Post, Root + "/Orders", TestData.Read("order-response.json"));

        var response = await f.Client.CreateOrderAsync(ComprehensiveOrder());

        var r = Assert.Single(f.Requests);
        r.AssertSigned("/Orders");
        Assert.Equal("application/json", r.ContentType);
        JsonAssert.Equivalent(TestData.Json("order-comprehensive.json"), r.Json);
        Assert.Equal(JsonValueKind.Number, r.Json.GetProperty("request").GetProperty("requestData").GetProperty("loan").GetProperty("embeddedFile")[0].GetProperty("typeID").ValueKind);
        Assert.Equal("300000.00", r.Json.GetProperty("request").GetProperty("loanAmount").GetRawText());
        Assert.Equal("12/22/2023", r.Json.GetProperty("requestedDueDate").GetString());
        Assert.Equal("111977-1", response.OrderNumber);
        Assert.Equal("111977", response.BaseOrderNumber);
        Assert.Equal(1, response.ItemNumber);
        Assert.Equal("In Progress", response.Condition);
    }

    [Fact]
    public async Task CreateOrder_streams_an_embedded_file_from_a_stream_as_base64()
    {
        var f = new ClientFixture();
        f.Expect(HttpMethod.Post, Root + "/Orders", TestData.Read("order-response.json"));
        byte[] pdf = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        var order = ComprehensiveOrder();
        var loan = order.Request!.RequestData!.Loan!;
        var file = new EmbeddedFile { TypeId = 1010, Name = "contract.pdf", Description = "Purchase Contract", Document = EmbeddedFileContent.FromStream(new MemoryStream(pdf)) };
        order = order with { Request = order.Request with { RequestData = order.Request.RequestData with { Loan = loan with { EmbeddedFile = [file] } } } };

        await f.Client.CreateOrderAsync(order);

        var sent = Assert.Single(f.Requests).Json.GetProperty("request").GetProperty("requestData").GetProperty("loan").GetProperty("embeddedFile")[0];
        Assert.Equal(pdf, sent.GetProperty("document").GetBytesFromBase64());
        Assert.Equal(1010, sent.GetProperty("typeID").GetInt32());
    }

    [Fact]
    public async Task CreateOrder_without_a_streamed_file_sends_the_serialized_bytes_with_a_content_length()
    {
        var f = new ClientFixture();
        long? length = null;
        byte[] body = [];
        string? contentType = null;
        f.Mock.Expect(HttpMethod.Post, Root + "/Orders").Respond(async request =>
        {
            length = request.Content!.Headers.ContentLength;
            contentType = request.Content.Headers.ContentType?.ToString();
            body = await request.Content.ReadAsByteArrayAsync();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(TestData.Read("order-response.json")) };
        });
        var order = ComprehensiveOrder();

        await f.Client.CreateOrderAsync(order);

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(order, AppraisalWorksJsonContext.Default.OrderRequest), body);
        Assert.Equal(body.Length, length);
        Assert.Equal("application/json", contentType);
    }

    [Fact]
    public async Task CreateOrder_with_a_streamed_file_sends_no_content_length()
    {
        var f = new ClientFixture();
        long? length = -1;
        f.Mock.Expect(HttpMethod.Post, Root + "/Orders").Respond(async request =>
        {
            length = request.Content!.Headers.ContentLength;
            await request.Content.ReadAsByteArrayAsync();
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(TestData.Read("order-response.json")) };
        });
        var order = ComprehensiveOrder();
        var loan = order.Request!.RequestData!.Loan!;
        var file = new EmbeddedFile { TypeId = 1010, Name = "c.pdf", Description = "Purchase Contract", Document = EmbeddedFileContent.FromStream(new MemoryStream(new byte[1000])) };
        order = order with { Request = order.Request with { RequestData = order.Request.RequestData with { Loan = loan with { EmbeddedFile = [file] } } } };

        await f.Client.CreateOrderAsync(order);

        Assert.Null(length);
    }

    [Fact]
    public async Task CreateOrder_adds_the_configured_coordinator_and_client_id_when_missing()
    {
        var options = Keys.Options();
        options.AppraisalCoordinator = new Party
        {
            FirstName = "Angie", LastName = "Manager",
            ContactMethod = new ContactMethod { ContactInfo = [new ContactInfo { ContactLabel = "Work", ContactType = "Email", ContactValue = "angie@example.test" }] },
        };
        var f = new ClientFixture(options: options);
        f.Expect(HttpMethod.Post, Root + "/Orders", TestData.Read("order-response.json"));
        var order = ComprehensiveOrder();
        var loan = order.Request!.RequestData!.Loan!;
        order = order with
        {
            RequestingParty = order.RequestingParty! with { ClientId = null },
            Request = order.Request with { RequestData = order.Request.RequestData with { Loan = loan with { Parties = loan.Parties!.Where(p => p.PartyType != "Appraisal Coordinator").ToList() } } },
        };

        await f.Client.CreateOrderAsync(order);

        var json = Assert.Single(f.Requests).Json;
        Assert.Equal(Keys.ClientId, json.GetProperty("requestingParty").GetProperty("clientID").GetString());
        var parties = json.GetProperty("request").GetProperty("requestData").GetProperty("loan").GetProperty("parties").EnumerateArray().ToList();
        var coordinator = Assert.Single(parties, p => p.GetProperty("partyType").GetString() == "Appraisal Coordinator");
        Assert.Equal("Manager", coordinator.GetProperty("lastName").GetString());
    }

    public static TheoryData<string, string, string> Actions => new()
    {
        { "comment", "POST", "/Orders/81B9-F16E-03D8-4C3F/Comments" },
        { "document", "POST", "/Orders/81B9-F16E-03D8-4C3F/Documents" },
        { "contacts", "PUT", "/Orders/81B9-F16E-03D8-4C3F/Contacts" },
        { "hold", "PUT", "/Orders/81B9-F16E-03D8-4C3F/Hold" },
        { "resume", "PUT", "/Orders/81B9-F16E-03D8-4C3F/Resume" },
        { "cancel", "PUT", "/Orders/81B9-F16E-03D8-4C3F/Cancel" },
        { "deliver-to-borrower", "PUT", "/Orders/81B9-F16E-03D8-4C3F/DeliverToBorrower" },
        { "inspection-schedule", "PUT", "/Orders/81B9-F16E-03D8-4C3F/InspectionSchedule" },
        { "reschedule", "PUT", "/Orders/81B9-F16E-03D8-4C3F/Reschedule" },
    };

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task Every_action_sends_the_documents_example_signed_to_its_route(string example, string method, string relative)
    {
        var f = new ClientFixture();
        f.Expect(new HttpMethod(method), Root + relative);
        var expected = TestData.Json($"action-{example}.json");
        var ctx = AppraisalWorksJsonContext.Default;
        string text = TestData.Read($"action-{example}.json");

        Task call = example switch
        {
            "comment" => f.Client.AddCommentAsync(Uid, expected.GetProperty("comment").GetString()!),
            "document" => f.Client.AddDocumentAsync(Uid, JsonSerializer.Deserialize(text, ctx.DocumentRequest)!.EmbeddedFile!),
            "contacts" => f.Client.UpdateContactAsync(Uid, JsonSerializer.Deserialize(text, ctx.ContactUpdate)!),
            "hold" => f.Client.PlaceOnHoldAsync(Uid, expected.GetProperty("reason").GetString()!),
            "resume" => f.Client.ResumeAsync(Uid, expected.GetProperty("reason").GetString()!),
            "cancel" => f.Client.CancelAsync(Uid, expected.GetProperty("reason").GetString()),
            "deliver-to-borrower" => f.Client.DeliverToBorrowerAsync(Uid, JsonSerializer.Deserialize(text, ctx.BorrowerDelivery)!),
            "inspection-schedule" => f.Client.RequestInspectionScheduleAsync(Uid, JsonSerializer.Deserialize(text, ctx.InspectionScheduleRequest)! is var s
                ? new InspectionScheduleRequest
                {
                    Option1Date = s.Option1Date, Option1TimeSlot = s.Option1TimeSlot, Option2Date = s.Option2Date, Option2TimeSlot = s.Option2TimeSlot,
                    Option3Date = s.Option3Date, Option3TimeSlot = "2", ContactPhone = s.ContactPhone, Cell = s.Cell, Comments = s.Comments,
                }
                : null!),
            "reschedule" => f.Client.RescheduleAppointmentAsync(Uid, JsonSerializer.Deserialize(text, ctx.RescheduleRequest)!),
            _ => throw new InvalidOperationException(example),
        };
        await call;

        var r = Assert.Single(f.Requests);
        Assert.Equal(method, r.Method.Method);
        r.AssertSigned(relative);
        Assert.Equal("application/json", r.ContentType);
        if (example == "inspection-schedule")
        {
            // The example names option2TimeSlot twice (a slip for option3TimeSlot); the sent body has each slot once.
            var sent = r.Json;
            Assert.Equal("2022-08-15", sent.GetProperty("option1Date").GetString());
            Assert.Equal("1", sent.GetProperty("option1TimeSlot").GetString());
            Assert.Equal("2022-08-16", sent.GetProperty("option2Date").GetString());
            Assert.Equal("2", sent.GetProperty("option2TimeSlot").GetString());
            Assert.Equal("2022-08-17", sent.GetProperty("option3Date").GetString());
            Assert.Equal("2", sent.GetProperty("option3TimeSlot").GetString());
            Assert.Equal("555-555-5555", sent.GetProperty("contactPhone").GetString());
            Assert.True(sent.GetProperty("cell").GetBoolean());
            Assert.Equal("I have a big friendly dog", sent.GetProperty("comments").GetString());
        }
        else
        {
            JsonAssert.Equivalent(expected, r.Json);
        }
    }

    [Fact]
    public async Task Cancel_without_a_reason_sends_an_empty_object()
    {
        var f = new ClientFixture();
        f.Expect(HttpMethod.Put, Root + "/Orders/A-1/Cancel");
        await f.Client.CancelAsync("A-1");
        Assert.Equal("{}", System.Text.Encoding.UTF8.GetString(Assert.Single(f.Requests).Body));
    }

    public static TheoryData<string, string> Events => new()
    {
        { "comments", "/Orders/81B9-F16E-03D8-4C3F/Comments/3702215" },
        { "hold", "/Orders/81B9-F16E-03D8-4C3F/Hold/3702215" },
        { "resume", "/Orders/81B9-F16E-03D8-4C3F/Resume/3702215" },
        { "cancel", "/Orders/81B9-F16E-03D8-4C3F/Cancel/3702215" },
        { "assignment", "/Orders/81B9-F16E-03D8-4C3F/Assignment/3702215" },
        { "feechanged", "/Orders/81B9-F16E-03D8-4C3F/FeeChanged/3702215" },
        { "expecteddelivery", "/Orders/81B9-F16E-03D8-4C3F/ExpectedDelivery" },
        { "scheduled", "/Orders/81B9-F16E-03D8-4C3F/Scheduled" },
        { "rescheduled", "/Orders/81B9-F16E-03D8-4C3F/Rescheduled" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public async Task Every_event_getter_sends_a_signed_GET_and_reads_the_documents_example(string example, string relative)
    {
        var f = new ClientFixture();
        string file = example == "rescheduled" ? "event-scheduled.json" : $"event-{example}.json";
        f.Expect(HttpMethod.Get, Root + relative, TestData.Read(file));

        AppraisalWorksResponse result = example switch
        {
            "comments" => await f.Client.GetCommentAsync(Uid, 3702215),
            "hold" => await f.Client.GetHoldAsync(Uid, 3702215),
            "resume" => await f.Client.GetResumeAsync(Uid, 3702215),
            "cancel" => await f.Client.GetCancelAsync(Uid, 3702215),
            "assignment" => await f.Client.GetAssignmentAsync(Uid, 3702215),
            "feechanged" => await f.Client.GetFeeChangeAsync(Uid, 3702215),
            "expecteddelivery" => await f.Client.GetExpectedDeliveryAsync(Uid),
            "scheduled" => await f.Client.GetScheduledAsync(Uid),
            _ => await f.Client.GetRescheduledAsync(Uid),
        };

        var r = Assert.Single(f.Requests);
        r.AssertSigned(relative);
        Assert.Empty(r.Body);
        Assert.True(result.IsSuccess);
        Assert.Equal(new DateTimeOffset(2022, 4, 4, 16, 58, 31, TimeSpan.Zero), result.Datetime!.Value.Value);
        switch (result)
        {
            case CommentDetails c:
                Assert.Equal("Order Notes", c.CommentCategory);
                break;
            case AssignmentDetails a:
                Assert.Equal(147.65m, a.Distance);
                break;
            case FeeChangeDetails fee:
                Assert.Equal(350.00m, fee.RevisedVendorFee);
                break;
            case ExpectedDeliveryDetails e:
                Assert.Equal(new DateTimeOffset(2022, 4, 21, 19, 49, 0, TimeSpan.Zero), e.ExpectedDate!.Value.Value);
                break;
            case AppointmentDetails s:
                Assert.Equal("2022-04-28 14:15:00Z", s.AppointmentDate!.Value.Raw);
                break;
            case ReasonDetails reason:
                Assert.False(string.IsNullOrEmpty(reason.Reason));
                break;
            default:
                Assert.Fail(result.GetType().Name);
                break;
        }
    }

    [Fact]
    public async Task GetDocument_decodes_the_document_into_the_callers_stream()
    {
        var f = new ClientFixture();
        byte[] content = Enumerable.Range(0, 5000).Select(i => (byte)i).ToArray();
        string json = TestData.Read("event-documents.json").Replace(" . . . base64 encoded data . . . ", Convert.ToBase64String(content), StringComparison.Ordinal);
        f.Expect(HttpMethod.Get, Root + "/Orders/81B9-F16E-03D8-4C3F/Documents/55", json);
        using var destination = new MemoryStream();

        var details = await f.Client.GetDocumentAsync(Uid, 55, destination);

        Assert.Single(f.Requests).AssertSigned("/Orders/81B9-F16E-03D8-4C3F/Documents/55");
        Assert.Equal(content, destination.ToArray());
        Assert.Equal(2061, details.EmbeddedFile!.TypeId);
        Assert.Equal("O-111924-1-202204041550272228958.txt", details.EmbeddedFile.Name);
        Assert.Equal(5000, details.EmbeddedFile.Length);
        Assert.Null(details.EmbeddedFile.AdditionalProperties);
        Assert.True(details.IsSuccess);
    }

    [Fact]
    public async Task GetDocument_reports_the_decoded_bytes_so_far_as_it_goes()
    {
        var f = new ClientFixture();
        byte[] content = new byte[200_000];
        Random.Shared.NextBytes(content);
        string json = TestData.Read("event-documents.json").Replace(" . . . base64 encoded data . . . ", Convert.ToBase64String(content), StringComparison.Ordinal);
        f.Expect(HttpMethod.Get, Root + "/Orders/81B9-F16E-03D8-4C3F/Documents/55", json);
        using var destination = new MemoryStream();
        var reports = new List<long>();

        await f.Client.GetDocumentAsync(Uid, 55, destination, new SyncProgress(reports.Add));

        Assert.Equal(content, destination.ToArray());
        Assert.True(reports.Count > 1, "a 200 KB document is decoded in several chunks, each reported");
        Assert.Equal(200_000, reports[^1]);
        Assert.Equal(reports.Order().ToList(), reports);
    }

    [Fact]
    public async Task GetCompleted_reports_the_running_total_over_all_documents()
    {
        var f = new ClientFixture();
        byte[] xml = new byte[30_000];
        byte[] pdf = new byte[50_000];
        string json = TestData.Read("event-completed.json");
        int first = json.IndexOf("Base64 encoded document", StringComparison.Ordinal);
        json = json[..first] + Convert.ToBase64String(xml) + json[(first + "Base64 encoded document".Length)..];
        json = json.Replace("Base64 encoded document", Convert.ToBase64String(pdf), StringComparison.Ordinal);
        f.Expect(HttpMethod.Get, Root + "/Orders/81B9-F16E-03D8-4C3F/Completed", json);
        var reports = new List<long>();

        await f.Client.GetCompletedAsync(Uid, (_, _) => ValueTask.FromResult<Stream>(new MemoryStream()), new SyncProgress(reports.Add));

        Assert.Equal(80_000, reports[^1]);
        Assert.Contains(reports, r => r == 30_000 || (r > 30_000 && r < 80_000));
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }

    [Fact]
    public async Task GetCompleted_writes_each_document_to_its_own_stream_and_keeps_the_report_data()
    {
        var f = new ClientFixture();
        byte[] xml = "<VALUATION_RESPONSE/>"u8.ToArray();
        byte[] pdf = [0x25, 0x50, 0x44, 0x46, 1, 2, 3];
        string json = TestData.Read("event-completed.json");
        int first = json.IndexOf("Base64 encoded document", StringComparison.Ordinal);
        json = json[..first] + Convert.ToBase64String(xml) + json[(first + "Base64 encoded document".Length)..];
        json = json.Replace("Base64 encoded document", Convert.ToBase64String(pdf), StringComparison.Ordinal);
        f.Expect(HttpMethod.Get, Root + "/Orders/81B9-F16E-03D8-4C3F/Completed", json);
        var streams = new Dictionary<string, MemoryStream>();

        var report = await f.Client.GetCompletedAsync(Uid, (info, _) =>
        {
            var s = new MemoryStream();
            streams[info.Name!] = s;
            return ValueTask.FromResult<Stream>(s);
        });

        Assert.Equal(xml, streams["FinalAppraisalDoc.xml"].ToArray());
        Assert.Equal(pdf, streams["Invoice.PDF"].ToArray());
        Assert.Equal(2, report.EmbeddedFile!.Count);
        Assert.Equal([2010, 1000], report.EmbeddedFile.Select(e => e.TypeId!.Value));
        Assert.Equal([xml.Length, (long)pdf.Length], report.EmbeddedFile.Select(e => e.Length!.Value));
        Assert.Equal(100000.00m, report.ValuationResults!.Value);
        Assert.Equal(new DateTimeOffset(2021, 11, 3, 11, 1, 0, TimeSpan.FromHours(-5)), report.ValuationResults.ValuationDate!.Value.Value);
        Assert.Equal(2, report.Property!.Stories);
        Assert.Equal(1992, report.Property.YearBuilt);
        Assert.Equal("", report.Property.LotSize);
    }

    [Fact]
    public async Task The_documents_placeholder_text_is_refused_by_the_streaming_reader_with_a_clear_error()
    {
        var f = new ClientFixture();
        f.Expect(HttpMethod.Get, Root + "/Orders/81B9-F16E-03D8-4C3F/Completed", TestData.Read("event-completed.json"));

        var ex = await Assert.ThrowsAsync<AppraisalWorksException>(() => f.Client.GetCompletedAsync(Uid, (_, _) => ValueTask.FromResult<Stream>(new MemoryStream())));

        Assert.Contains("base64", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<InvalidDataException>(ex.InnerException);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a\u0001b")]
    [InlineData("..")]
    [InlineData("a?b")]
    [InlineData("%2F")]
    [InlineData("")]
    public async Task A_hostile_transaction_uid_is_refused_before_anything_is_sent(string uid)
    {
        var f = new ClientFixture();
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.GetHoldAsync(uid, 1));
        await Assert.ThrowsAsync<ArgumentException>(() => f.Client.PlaceOnHoldAsync(uid, "r"));
        Assert.Empty(f.Requests);
    }
}
