using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Valuation.Sandbox.Tests.Infrastructure;

namespace Valuation.Sandbox.Tests;

public sealed class AppraisalWorksTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 17, 4, 5, TimeSpan.Zero);

    private static SandboxOptions Manual(Uri? postback = null) => new()
    {
        ManualClock = true,
        ManualClockStart = Start,
        Seed = 7,
        AppraisalWorks = new AppraisalWorksSandboxOptions { PostbackUrl = postback },
    };

    private static async Task<(ValuationSandbox Sandbox, Clients Clients, Receiver Receiver)> StartAsync(Action<SandboxOptions>? configure = null)
    {
        var receiver = await Receiver.StartAsync("/postbacks");
        var options = Manual(receiver.Url);
        configure?.Invoke(options);
        var sandbox = await ValuationSandbox.StartAsync(options);
        return (sandbox, new Clients(sandbox), receiver);
    }

    private static void Mutate(JsonNode order, Action<JsonNode> change) => change(order);

    [Fact]
    public async Task The_documented_order_example_is_accepted_with_an_order_number()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        var (status, body) = await clients.AwAsync(HttpMethod.Post, "/Orders", TestData.AwOrder().ToJsonString());
        Assert.Equal(200, status);
        Assert.True((bool)body["isSuccess"]!);
        Assert.Equal("In Progress", (string)body["condition"]!);
        Assert.Matches(@"^\d+-1$", (string)body["orderNumber"]!);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$", (string)body["datetime"]!);
        Assert.Null(body["description"]);
        var order = Assert.Single(sandbox.AppraisalWorks.Orders);
        Assert.Equal("81B9-F16E-03D8-4C3F", order.TransactionUid);
        var document = Assert.Single(sandbox.AppraisalWorks.Documents);
        Assert.Equal(1010, document.TypeId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("%PDF-1.4 purchase contract"u8)), document.Sha256);
    }

    [Fact]
    public async Task The_example_with_its_placeholder_document_is_rejected_as_not_base64()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        var (status, body) = await clients.AwAsync(HttpMethod.Post, "/Orders", TestData.Text("aw-create-order.json"));
        Assert.Equal(400, status);
        Assert.False((bool)body["isSuccess"]!);
        Assert.Contains("embeddedFile[0].document is not valid base64", (string)body["description"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_made_with_the_wrong_private_key_is_401_with_the_envelope()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        using var response = await clients.Http.SendAsync(clients.AwRequest(HttpMethod.Post, "/Orders", TestData.AwOrder().ToJsonString(), privateKey: Guid.NewGuid().ToString()));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False((bool)body["isSuccess"]!);
        Assert.Contains("signature does not match", (string)body["description"]!, StringComparison.Ordinal);
        Assert.NotNull(body["datetime"]);
        Assert.Equal(0, sandbox.AppraisalWorks.CreateOrderRequestCount);
    }

    [Theory]
    [InlineData(-6, false)]
    [InlineData(6, false)]
    [InlineData(-4, true)]
    [InlineData(4, true)]
    public async Task The_request_date_must_lie_within_five_minutes_of_the_sandbox_clock(int minutes, bool accepted)
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        using var response = await clients.Http.SendAsync(clients.AwRequest(HttpMethod.Post, "/Orders", TestData.AwOrder().ToJsonString(), at: Start.AddMinutes(minutes)));
        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
        if (!accepted)
        {
            Assert.Contains("outside the allowed window", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_signature_for_another_path_is_rejected()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-1"));
        await clients.AwCreateAsync(TestData.AwOrder("UID-2"));
        using var tampered = await clients.Http.SendAsync(clients.AwRequest(HttpMethod.Post, "/Orders/UID-2/Comments", "{\"comment\":\"x\"}", signedRelative: "/Orders/UID-1/Comments"));
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Contains("POST,application/json,,/Orders/UID-2/Comments,", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(sandbox.AppraisalWorks.Comments);
    }

    [Fact]
    public async Task Signatures_cover_the_query_string()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-Q"));
        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        using var signedWithQuery = await clients.Http.SendAsync(clients.AwRequest(HttpMethod.Get, "/Orders/UID-Q/Completed?x=1"));
        Assert.NotEqual(HttpStatusCode.Unauthorized, signedWithQuery.StatusCode);
        using var unsignedQuery = await clients.Http.SendAsync(clients.AwRequest(HttpMethod.Get, "/Orders/UID-Q/Completed?x=1", signedRelative: "/Orders/UID-Q/Completed"));
        Assert.Equal(HttpStatusCode.Unauthorized, unsignedQuery.StatusCode);
    }

    [Fact]
    public async Task Missing_authorization_and_a_charset_content_type_are_401()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        using var bare = await clients.Http.PostAsync(new Uri(sandbox.AppraisalWorksBaseAddress, "Orders"), new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Contains("Authorization header is missing", await bare.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var request = clients.AwRequest(HttpMethod.Post, "/Orders", TestData.AwOrder().ToJsonString());
        request.Content = new StringContent(TestData.AwOrder().ToJsonString(), Encoding.UTF8, "application/json");
        using var charset = await clients.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, charset.StatusCode);
        Assert.Contains("exactly 'application/json'", await charset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsupported_methods_are_501()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        using var response = await clients.Http.SendAsync(clients.AwRequest(HttpMethod.Delete, "/Orders/UID-1"));
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.False((bool)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["isSuccess"]!);
    }

    public static TheoryData<string, string> InvalidOrders => new()
    {
        { "no-borrower", "must include a Borrower" },
        { "no-officer", "must include a Loan Officer" },
        { "no-processor", "must include a Loan Processor" },
        { "no-coordinator", "must include a Appraisal Coordinator" },
        { "bad-product", "product.code 'Z999' is not a Product Code" },
        { "fha-without-case", "fhaCaseNumber is required for the FHA product A019" },
        { "wrong-client", "requestingParty.clientID '9999' is not the Client ID" },
        { "file-without-description", "embeddedFile[0].description is required" },
        { "file-provider-type", "typeID 2000 is not a client Document Type" },
        { "bad-loan-type", "request.loanType 'Mortgage' is not a Loan Type" },
        { "bad-property-type", "propertyType 'Castle' is not a Property Type" },
        { "no-zip", "property.zip is required" },
        { "no-internal-account", "request.internalAccountID is required" },
        { "bad-contact-type", "contactType 'Fax' is not a Contact Type" },
    };

    [Theory]
    [MemberData(nameof(InvalidOrders))]
    public async Task Invalid_orders_are_400_with_a_description(string variant, string expected)
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        var order = TestData.AwOrder();
        var loan = order["request"]!["requestData"]!["loan"]!;
        var parties = loan["parties"]!.AsArray();
        void RemoveParty(string type) => parties.Remove(parties.First(p => (string)p!["partyType"]! == type));
        switch (variant)
        {
            case "no-borrower": RemoveParty("Borrower"); break;
            case "no-officer": RemoveParty("Loan Officer"); break;
            case "no-processor": RemoveParty("Loan Processor"); break;
            case "no-coordinator": RemoveParty("Appraisal Coordinator"); break;
            case "bad-product": loan["product"]!["code"] = "Z999"; break;
            case "fha-without-case": loan["product"]!["code"] = "A019"; order.AsObject().Remove("fhaCaseNumber"); break;
            case "wrong-client": order["requestingParty"]!["clientID"] = "9999"; break;
            case "file-without-description": loan["embeddedFile"]![0]!.AsObject().Remove("description"); break;
            case "file-provider-type": loan["embeddedFile"]![0]!["typeID"] = "2000"; break;
            case "bad-loan-type": order["request"]!["loanType"] = "Mortgage"; break;
            case "bad-property-type": loan["application"]!["property"]!["propertyType"] = "Castle"; break;
            case "no-zip": loan["application"]!["property"]!.AsObject().Remove("zip"); break;
            case "no-internal-account": order["request"]!.AsObject().Remove("internalAccountID"); break;
            case "bad-contact-type": parties[0]!["contactMethod"]!["contactInfo"]![0]!["contactType"] = "Fax"; break;
            default: throw new ArgumentOutOfRangeException(nameof(variant));
        }

        var (status, body) = await clients.AwAsync(HttpMethod.Post, "/Orders", order.ToJsonString());
        Assert.Equal(400, status);
        Assert.False((bool)body["isSuccess"]!);
        Assert.Contains(expected, (string)body["description"]!, StringComparison.Ordinal);
        Assert.Empty(sandbox.AppraisalWorks.Orders);
        Assert.Equal(1, sandbox.AppraisalWorks.CreateOrderRequestCount);
    }

    [Fact]
    public async Task Fha_products_with_a_case_number_are_accepted()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        var order = TestData.AwOrder();
        order["request"]!["requestData"]!["loan"]!["product"]!["code"] = "A019";
        Assert.EndsWith("-1", await clients.AwCreateAsync(order), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orders_for_the_same_loan_and_address_are_linked_with_increasing_item_numbers()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        string first = await clients.AwCreateAsync(TestData.AwOrder("UID-A"));
        string second = await clients.AwCreateAsync(TestData.AwOrder("UID-B", street: "6000  freedom square dr"));
        string other = await clients.AwCreateAsync(TestData.AwOrder("UID-C", street: "1 Other Rd"));
        string otherLoan = await clients.AwCreateAsync(TestData.AwOrder("UID-D", internalAccountId: "99999"));
        string baseNumber = first[..^2];
        Assert.Equal(baseNumber + "-1", first);
        Assert.Equal(baseNumber + "-2", second);
        Assert.EndsWith("-1", other, StringComparison.Ordinal);
        Assert.NotEqual(baseNumber, other[..^2]);
        Assert.NotEqual(baseNumber, otherLoan[..^2]);
        Assert.Equal([first, second], sandbox.AppraisalWorks.Orders.Single(o => o.TransactionUid == "UID-B").LinkedOrderNumbers);
    }

    [Fact]
    public async Task A_reused_transaction_uid_is_400_and_status_query_reports_the_condition()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        string number = await clients.AwCreateAsync(TestData.AwOrder("UID-R"));
        var (status, body) = await clients.AwAsync(HttpMethod.Post, "/Orders", TestData.AwOrder("UID-R").ToJsonString());
        Assert.Equal(400, status);
        Assert.Contains("already used by order " + number, (string)body["description"]!, StringComparison.Ordinal);

        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        var query = TestData.AwOrder("UID-R");
        query["request"]!["requestData"]!["action"] = "StatusQuery";
        var (queryStatus, queryBody) = await clients.AwAsync(HttpMethod.Post, "/Orders", query.ToJsonString());
        Assert.Equal(200, queryStatus);
        Assert.Equal(number, (string)queryBody["orderNumber"]!);
        Assert.Equal("Assigned", (string)queryBody["condition"]!);
        Assert.Single(sandbox.AppraisalWorks.Orders);
    }

    [Theory]
    [InlineData("POST", "Comments", "aw-add-comment.json")]
    [InlineData("PUT", "Contacts", "aw-contacts.json")]
    [InlineData("PUT", "Hold", "aw-hold.json")]
    [InlineData("PUT", "Cancel", "aw-cancel.json")]
    [InlineData("PUT", "DeliverToBorrower", "aw-deliver-to-borrower.json")]
    [InlineData("PUT", "InspectionSchedule", "aw-inspection-schedule.json")]
    [InlineData("PUT", "Reschedule", "aw-reschedule.json")]
    public async Task Each_documented_action_example_is_accepted_and_recorded(string method, string action, string file)
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-X"));
        var (status, body) = await clients.AwAsync(new HttpMethod(method), $"/Orders/UID-X/{action}", TestData.Text(file));
        Assert.Equal(200, status);
        Assert.True((bool)body["isSuccess"]!);
        Assert.Null(body["description"]);
        var recorded = Assert.Single(sandbox.AppraisalWorks.Actions);
        Assert.Equal(action, recorded.Action);
        Assert.Equal("UID-X", recorded.TransactionUid);
    }

    [Theory]
    [InlineData("POST", "Comments", "{\"comment\":\"\"}", "comment is required")]
    [InlineData("PUT", "Contacts", "{\"partyType\":\"Property Contact\",\"firstName\":\"J\",\"lastName\":\"S\",\"emailAddress\":\"e\"}", "phone is required")]
    [InlineData("PUT", "Contacts", "{\"partyType\":\"Janitor\",\"firstName\":\"J\",\"lastName\":\"S\",\"emailAddress\":\"e\",\"phone\":\"1\"}", "partyType 'Janitor'")]
    [InlineData("PUT", "Hold", "{}", "reason is required")]
    [InlineData("PUT", "Resume", "{\"reason\":\"r\"}", "is not on hold")]
    [InlineData("PUT", "DeliverToBorrower", "{\"borrowerEmail\":\"a@b.c\"}", "borrowerAddress1 is required")]
    [InlineData("PUT", "InspectionSchedule", "{\"option1Date\":\"2022-08-15\",\"option1TimeSlot\":\"4\"}", "option1TimeSlot '4' must be 1, 2 or 3")]
    [InlineData("PUT", "Reschedule", "{\"orderID\":\"1\",\"appointmentDate\":\"soon\",\"comment\":\"c\"}", "appointmentDate 'soon' is not a date")]
    [InlineData("POST", "Documents", "{\"embeddedFile\":{\"typeID\":\"2060\",\"name\":\"a.pdf\",\"description\":\"d\",\"document\":\"###\"}}", "not valid base64")]
    [InlineData("POST", "Documents", "{\"embeddedFile\":{\"typeID\":\"2000\",\"name\":\"a.pdf\",\"description\":\"d\",\"document\":\"QUJD\"}}", "typeID 2000 is not a client Document Type")]
    [InlineData("PUT", "Hold", "{\"reason\": ", "not valid JSON")]
    public async Task Invalid_actions_are_400_with_a_description(string method, string action, string json, string expected)
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-X"));
        var (status, body) = await clients.AwAsync(new HttpMethod(method), $"/Orders/UID-X/{action}", json);
        Assert.Equal(400, status);
        Assert.Contains(expected, (string)body["description"]!, StringComparison.Ordinal);
        Assert.Empty(sandbox.AppraisalWorks.Actions);
    }

    [Fact]
    public async Task A_cancel_without_a_body_is_accepted_and_a_hold_without_one_names_the_missing_reason()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-1"));
        await clients.AwCreateAsync(TestData.AwOrder("UID-2"));
        var (holdStatus, hold) = await clients.AwAsync(HttpMethod.Put, "/Orders/UID-1/Hold");
        Assert.Equal(400, holdStatus);
        Assert.Equal("reason is required.", (string)hold["description"]!);
        var (cancelStatus, _) = await clients.AwAsync(HttpMethod.Put, "/Orders/UID-2/Cancel");
        Assert.Equal(200, cancelStatus);
        Assert.Equal("Cancelled", sandbox.AppraisalWorks.Orders.Single(o => o.TransactionUid == "UID-2").Condition);
    }

    [Fact]
    public async Task Actions_on_an_unknown_order_are_400()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        var (status, body) = await clients.AwAsync(HttpMethod.Put, "/Orders/NOPE/Hold", TestData.Text("aw-hold.json"));
        Assert.Equal(400, status);
        Assert.Contains("No order has transactionUID 'NOPE'", (string)body["description"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_posted_document_is_decoded_and_its_size_and_hash_recorded()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-D"));
        byte[] content = new byte[3 * 1024 * 1024 + 7];
        new Random(1).NextBytes(content);
        var json = TestData.Json("aw-add-document.json");
        json["embeddedFile"]!["document"] = Convert.ToBase64String(content);
        var (status, _) = await clients.AwAsync(HttpMethod.Post, "/Orders/UID-D/Documents", json.ToJsonString());
        Assert.Equal(200, status);
        var document = sandbox.AppraisalWorks.Documents.Single(d => d.Name == "filename.docnewdocument.PDF");
        Assert.Equal(2060, document.TypeId);
        Assert.Equal(content.Length, document.Size);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), document.Sha256);
        Assert.True(document.FromClient);
        string recorded = Assert.Single(sandbox.AppraisalWorks.Actions).Body;
        Assert.DoesNotContain(Convert.ToBase64String(content)[..64], recorded, StringComparison.Ordinal);
        Assert.Contains(document.Sha256, recorded, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_lifecycle_posts_every_event_and_each_event_get_returns_its_documented_payload()
    {
        var (sandbox, clients, receiver) = await StartAsync(o =>
        {
            o.AppraisalWorks.AppraisalPdfSize = 300_000;
            o.AppraisalWorks.MismoXmlSize = 100_000;
            o.AppraisalWorks.InvoiceSize = 5_000;
        });
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-L"));
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(2));

        var events = receiver.Received.Select(r => JsonNode.Parse(r.Body)!["apiEvent"]!).ToList();
        Assert.Equal(["Assignment", "FeeChanged", "Scheduled", "ExpectedDelivery", "Comments", "Completed", "Documents"], events.Select(e => (string)e["eventName"]!));
        Assert.All(events, e => Assert.Equal("UID-L", (string)e["transactionUID"]!));
        Assert.All(receiver.Received, r => Assert.Equal("/postbacks", r.Path));

        var payloads = new Dictionary<string, JsonNode>();
        foreach (var e in events)
        {
            string path = (string)e["path"]!;
            string detailId = (string)e["detailId"]!;
            string name = (string)e["eventName"]!;
            Assert.Equal(detailId == "0" ? $"/Orders/UID-L/{name}" : $"/Orders/UID-L/{name}/{detailId}", path);
            var (status, body) = await clients.AwAsync(HttpMethod.Get, path);
            Assert.Equal(200, status);
            Assert.True((bool)body["isSuccess"]!);
            Assert.NotNull(body["datetime"]);
            payloads[name] = body;
        }

        Assert.Equal("Jane Appraiser", (string)payloads["Assignment"]["appraiserName"]!);
        Assert.Equal("147.65", (string)payloads["Assignment"]["distance"]!);
        Assert.Equal("tst-12345", (string)payloads["Assignment"]["appraiserLicenseNumber"]!);
        Assert.Equal("350.00", (string)payloads["FeeChanged"]["revisedVendorFee"]!);
        Assert.Equal("2026-11-26 14:15:00Z", (string)payloads["Scheduled"]["appointmentdate"]!);
        Assert.Equal("2026-11-30 19:49:00Z", (string)payloads["ExpectedDelivery"]["expecteddate"]!);
        Assert.Equal("Order Notes", (string)payloads["Comments"]["commentcategory"]!);
        Assert.False(string.IsNullOrEmpty((string)payloads["Comments"]["comment"]!));

        var completed = payloads["Completed"];
        Assert.Equal("2", (string)completed["property"]!["stories"]!);
        Assert.Equal(350000.00m, (decimal)completed["valuationResults"]!["value"]!);
        var files = completed["embeddedFile"]!.AsArray();
        Assert.Equal(["2000", "2010", "1000"], files.Select(f => (string)f!["typeID"]!));
        byte[] pdf = Convert.FromBase64String((string)files[0]!["document"]!);
        Assert.Equal(300_000, pdf.Length);
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5), StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", Encoding.ASCII.GetString(pdf), StringComparison.Ordinal);
        byte[] xml = Convert.FromBase64String((string)files[1]!["document"]!);
        Assert.Equal(100_000, xml.Length);
        Assert.StartsWith("<?xml", Encoding.UTF8.GetString(xml), StringComparison.Ordinal);

        var supplemental = payloads["Documents"]["embeddedFile"]!;
        Assert.Equal("2060", (string)supplemental["typeID"]!);
        byte[] support = Convert.FromBase64String((string)supplemental["document"]!);
        var recorded = sandbox.AppraisalWorks.Documents.Single(d => d.TypeId == 2060 && !d.FromClient);
        Assert.Equal(recorded.Sha256, Convert.ToHexStringLower(SHA256.HashData(support)));
        Assert.Equal("Completed", sandbox.AppraisalWorks.Orders[0].Condition);
        Assert.All(sandbox.AppraisalWorks.PostbackAttempts, a => Assert.True(a.Succeeded));
    }

    [Fact]
    public async Task A_large_completed_payload_streams_and_decodes_to_the_configured_sizes()
    {
        var (sandbox, clients, receiver) = await StartAsync(o => o.AppraisalWorks.AppraisalPdfSize = 12 * 1024 * 1024);
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-BIG"));
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(2));
        using var response = await clients.Http.SendAsync(clients.AwRequest(HttpMethod.Get, "/Orders/UID-BIG/Completed"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentLength); // streamed, not buffered
        using var document = await System.Text.Json.JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
        var pdf = document.RootElement.GetProperty("embeddedFile")[0].GetProperty("document").GetBytesFromBase64();
        Assert.Equal(12 * 1024 * 1024, pdf.Length);
        var recorded = sandbox.AppraisalWorks.Documents.Single(d => d.TypeId == 2000);
        Assert.Equal(recorded.Sha256, Convert.ToHexStringLower(SHA256.HashData(pdf)));
        Assert.Equal(pdf.Length, recorded.Size);
    }

    [Fact]
    public async Task Hold_pauses_the_lifecycle_and_resume_continues_it_with_both_postbacks()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-H"));
        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(200, (await clients.AwAsync(HttpMethod.Put, "/Orders/UID-H/Hold", TestData.Text("aw-hold.json"))).Status);
        Assert.Equal("On Hold", sandbox.AppraisalWorks.Orders[0].Condition);
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(5));
        var names = receiver.Received.Select(r => (string)JsonNode.Parse(r.Body)!["apiEvent"]!["eventName"]!).ToList();
        Assert.Equal(["Assignment", "Hold"], names);

        var hold = JsonNode.Parse(receiver.Received[1].Body)!["apiEvent"]!;
        var (_, holdBody) = await clients.AwAsync(HttpMethod.Get, (string)hold["path"]!);
        Assert.Equal("Borrower payment not received", (string)holdBody["reason"]!);

        Assert.Equal(200, (await clients.AwAsync(HttpMethod.Put, "/Orders/UID-H/Resume", TestData.Text("aw-resume.json"))).Status);
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(5));
        names = [.. receiver.Received.Select(r => (string)JsonNode.Parse(r.Body)!["apiEvent"]!["eventName"]!)];
        Assert.Equal(["Assignment", "Hold", "Resume", "FeeChanged", "Scheduled", "ExpectedDelivery", "Comments", "Completed", "Documents"], names);
        var resume = JsonNode.Parse(receiver.Received[2].Body)!["apiEvent"]!;
        var (_, resumeBody) = await clients.AwAsync(HttpMethod.Get, (string)resume["path"]!);
        Assert.Equal("Borrower payment received.", (string)resumeBody["reason"]!);
    }

    [Fact]
    public async Task Cancel_stops_the_lifecycle_posts_cancel_and_refuses_later_holds()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-C"));
        Assert.Equal(200, (await clients.AwAsync(HttpMethod.Put, "/Orders/UID-C/Cancel", TestData.Text("aw-cancel.json"))).Status);
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(5));
        var cancel = JsonNode.Parse(Assert.Single(receiver.Received).Body)!["apiEvent"]!;
        Assert.Equal("Cancel", (string)cancel["eventName"]!);
        var (_, body) = await clients.AwAsync(HttpMethod.Get, (string)cancel["path"]!);
        Assert.Equal("Borrower has decided not to proceed with the loan.", (string)body["reason"]!);
        var (status, hold) = await clients.AwAsync(HttpMethod.Put, "/Orders/UID-C/Hold", TestData.Text("aw-hold.json"));
        Assert.Equal(400, status);
        Assert.Contains("cancelled", (string)hold["description"]!, StringComparison.Ordinal);
        Assert.Equal(200, (await clients.AwAsync(HttpMethod.Put, "/Orders/UID-C/Resume", TestData.Text("aw-resume.json"))).Status);
        Assert.Equal("Cancelled", sandbox.AppraisalWorks.Orders[0].Condition);
    }

    [Fact]
    public async Task Reschedule_after_scheduling_posts_rescheduled_with_the_new_date()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-S"));
        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(600));
        Assert.Equal(200, (await clients.AwAsync(HttpMethod.Put, "/Orders/UID-S/Reschedule", TestData.Text("aw-reschedule.json"))).Status);
        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        Assert.Contains(receiver.Received, r => (string)JsonNode.Parse(r.Body)!["apiEvent"]!["eventName"]! == "Rescheduled");
        var (status, body) = await clients.AwAsync(HttpMethod.Get, "/Orders/UID-S/Rescheduled");
        Assert.Equal(200, status);
        Assert.Equal("2021-01-01 17:00:00Z", (string)body["appointmentdate"]!);
    }

    [Fact]
    public async Task An_inspection_schedule_before_assignment_sets_the_scheduled_appointment()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-I"));
        Assert.Equal(200, (await clients.AwAsync(HttpMethod.Put, "/Orders/UID-I/InspectionSchedule", TestData.Text("aw-inspection-schedule.json"))).Status);
        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(600));
        var (status, body) = await clients.AwAsync(HttpMethod.Get, "/Orders/UID-I/Scheduled");
        Assert.Equal(200, status);
        Assert.Equal("2022-08-15 08:00:00Z", (string)body["appointmentdate"]!);
    }

    [Fact]
    public async Task Event_gets_before_the_event_or_for_unknown_detail_ids_are_400()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-E"));
        foreach (string path in new[] { "/Orders/UID-E/Completed", "/Orders/UID-E/Scheduled", "/Orders/UID-E/ExpectedDelivery", "/Orders/UID-E/Comments/1", "/Orders/UID-E/Documents/1", "/Orders/UID-E/Assignment/1", "/Orders/UID-E/FeeChanged/1", "/Orders/UID-E/Hold/1" })
        {
            var (status, body) = await clients.AwAsync(HttpMethod.Get, path);
            Assert.Equal(400, status);
            Assert.False((bool)body["isSuccess"]!);
            Assert.False(string.IsNullOrEmpty((string)body["description"]!));
        }
    }

    [Fact]
    public async Task A_client_comment_can_be_read_back_by_its_detail_id()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        await clients.AwCreateAsync(TestData.AwOrder("UID-M"));
        await clients.AwAsync(HttpMethod.Post, "/Orders/UID-M/Comments", TestData.Text("aw-add-comment.json"));
        var comment = Assert.Single(sandbox.AppraisalWorks.Comments);
        Assert.True(comment.FromClient);
        var (status, body) = await clients.AwAsync(HttpMethod.Get, $"/Orders/UID-M/Comments/{comment.DetailId}");
        Assert.Equal(200, status);
        Assert.Equal("Hello, this is a comment.", (string)body["comment"]!);
    }

    [Fact]
    public async Task Failed_postbacks_are_redelivered_on_the_clock()
    {
        var (sandbox, clients, receiver) = await StartAsync();
        await using var _ = sandbox;
        await using var __ = receiver;
        using var ___ = clients;
        receiver.StatusByDelivery = (_, delivery) => delivery == 1 ? 500 : 200;
        await clients.AwCreateAsync(TestData.AwOrder("UID-P"));
        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        var first = Assert.Single(sandbox.AppraisalWorks.PostbackAttempts);
        Assert.False(first.Succeeded);
        await sandbox.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Contains(sandbox.AppraisalWorks.PostbackAttempts, a => a.MessageId == first.MessageId && a.AttemptNumber == 2 && a.Succeeded);
    }
}
