using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Valuation.Sandbox.Tests.Infrastructure;

namespace Valuation.Sandbox.Tests;

/// <summary>The sandbox answers as public-evidence.md shows the vendors answer, and its evidence options behave.</summary>
public sealed class EvidenceTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero); // the 23rd in Los Angeles

    private const string OneItem =
        "{\"order_type\":\"valueReport\",\"name\":\"Q4\",\"owner_organization_id\":101,\"owner_id\":202," +
        "\"items\":[{\"address\":\"123 Main St\",\"unit\":\"4/B\",\"zipcode\":\"78701\"}]}";

    private static SandboxOptions Manual(Action<SandboxOptions>? configure = null)
    {
        var options = new SandboxOptions { ManualClock = true, ManualClockStart = Start, Seed = 3 };
        configure?.Invoke(options);
        return options;
    }

    private static async Task<(long OrderId, long ItemId)> CompletedOrderAsync(ValuationSandbox sandbox, Clients clients, string json = OneItem)
    {
        var order = await clients.HcCreateAsync(json);
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));
        return ((long)order["id"]!, (long)order["items"]![0]!["id"]!);
    }

    [Fact]
    public async Task The_201_answer_to_an_order_lists_its_items_with_their_ids()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);

        var order = await clients.HcCreateAsync(OneItem);

        var item = Assert.Single(order["items"]!.AsArray())!;
        Assert.Equal(sandbox.HouseCanary.Orders[0].Items[0].Id, (long)item["id"]!);
        Assert.Equal("new", (string)item["status"]!);
    }

    [Fact]
    public async Task Items_carry_object_downloadables_iso_completion_times_and_a_valuation()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        var (orderId, _) = await CompletedOrderAsync(sandbox, clients);

        using var response = await clients.HcAsync(HttpMethod.Get, $"orders/{orderId}/items/");
        var item = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["results"]![0]!;

        Assert.Equal("value_report", (string)item["available_downloadables"]![0]!["key"]!);
        Assert.Equal("2026-11-24T03:00:00Z", (string)item["completion_date"]!);
        Assert.True((decimal)item["estimated_value"]! > 0);
        Assert.Equal((decimal)item["estimated_value"]!, (decimal)item["property_value"]!["price_mean"]!);
        using var order = await clients.HcAsync(HttpMethod.Get, $"orders/{orderId}/");
        Assert.Equal("2026-11-24T03:00:00Z", (string)JsonNode.Parse(await order.Content.ReadAsStringAsync())!["actual_delivery_date"]!);
    }

    [Theory]
    [InlineData(HouseCanaryItemList.Array)]
    [InlineData(HouseCanaryItemList.ItemsObject)]
    public async Task The_item_list_answers_in_the_configured_shape_with_string_downloadables_when_asked(HouseCanaryItemList shape)
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(o =>
        {
            o.HouseCanary.ItemList = shape;
            o.HouseCanary.Downloadables = HouseCanaryDownloadables.Strings;
        }));
        using var clients = new Clients(sandbox);
        var (orderId, _) = await CompletedOrderAsync(sandbox, clients);

        using var response = await clients.HcAsync(HttpMethod.Get, $"orders/{orderId}/items/");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var items = shape == HouseCanaryItemList.Array ? body.AsArray() : body["items"]!.AsArray();
        Assert.Equal("value_report", (string)Assert.Single(items)!["available_downloadables"]![0]!);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.OK)]
    [InlineData("application/pdf", HttpStatusCode.OK)]
    [InlineData("*/*", HttpStatusCode.OK)]
    [InlineData("application/json", HttpStatusCode.NotAcceptable)]
    [InlineData("application/json, application/pdf;q=0", HttpStatusCode.NotAcceptable)]
    public async Task The_item_pdf_is_served_only_to_an_accept_header_that_takes_a_pdf(string? accept, HttpStatusCode expected)
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        var (orderId, itemId) = await CompletedOrderAsync(sandbox, clients);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sandbox.HouseCanaryBaseAddress, $"orders/{orderId}/items/{itemId}/pdfdownload/value_report"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", sandbox.Credentials.HouseCanary.ApiToken);
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await clients.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task The_export_is_created_at_the_live_docs_path_and_not_with_a_slash_before_the_query()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        var (orderId, _) = await CompletedOrderAsync(sandbox, clients);

        using var slash = await clients.HcAsync(HttpMethod.Post, $"orders/{orderId}/export/zip/?exclude_json=false");
        using var documented = await clients.HcAsync(HttpMethod.Post, $"orders/{orderId}/export/zip?exclude_json=false");

        Assert.Equal(HttpStatusCode.NotFound, slash.StatusCode);
        Assert.Equal(HttpStatusCode.Created, documented.StatusCode);
        var export = JsonNode.Parse(await documented.Content.ReadAsStringAsync())!;
        Assert.EndsWith($"/orders/{orderId}/export-requests/{(long)export["id"]!}/", (string)export["check_status_url"]!, StringComparison.Ordinal);
        Assert.Single(sandbox.HouseCanary.Exports);
    }

    [Fact]
    public async Task A_client_api_export_holds_order_json_a_report_json_and_the_agile_insights_pdf_under_the_los_angeles_date()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(o => o.HouseCanary.ExportLayout = HouseCanaryExportLayout.ClientApi));
        using var clients = new Clients(sandbox);
        var (orderId, _) = await CompletedOrderAsync(sandbox, clients);
        using var create = await clients.HcAsync(HttpMethod.Post, $"orders/{orderId}/export/zip?exclude_json=false");
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));

        var export = Assert.Single(sandbox.HouseCanary.Exports);
        Assert.Equal("HC_q4_2026-11-23.zip", export.FileName);
        Assert.Equal(["Order.json", "123-main-st-4/B_2026-11-23_OrderItem.json", "123-main-st-4/B_2026-11-23_AgileInsights.json", "123-main-st-4/B_2026-11-23_AgileInsights.pdf"], export.Entries);
        using var http = new HttpClient();
        using var zip = new ZipArchive(new MemoryStream(await http.GetByteArrayAsync(export.ExportedData!)));
        using var reader = new StreamReader(zip.GetEntry("Order.json")!.Open());
        Assert.Equal(orderId, (long)JsonNode.Parse(await reader.ReadToEndAsync())!["id"]!);
    }

    [Fact]
    public async Task A_cancelled_items_callout_details_the_failed_check()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(o =>
        {
            o.HouseCanary.CalloutUrl = receiver.Url;
            o.HouseCanary.CalloutSignatureSecret = "s";
        }));
        using var clients = new Clients(sandbox);
        await clients.HcCreateAsync(OneItem.Replace("78701", "00000", StringComparison.Ordinal));
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));

        var cancelled = receiver.Received.Select(r => JsonNode.Parse(r.Body)!).Single(m => (string?)m["new_status"] == "cancelled" && (string)m["message_type"]! == "order_item_status_change");
        var failure = Assert.Single(cancelled["validation_errors"]!.AsArray())!;
        Assert.Equal("zipcode_deliverable", (string)failure["check"]!);
        Assert.Contains("00000", (string)failure["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_the_content_type_taken_from_the_header_a_GET_without_one_is_refused_and_a_GET_with_one_passes()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(o => o.AppraisalWorks.SignedContentType = AppraisalWorksSignedContentType.FromHeader));
        using var clients = new Clients(sandbox);
        await clients.AwCreateAsync(TestData.AwOrder("EV-1"));

        using var bare = await clients.Http.SendAsync(clients.AwRequest(HttpMethod.Get, "/Orders/EV-1/Completed"));
        var withHeader = clients.AwRequest(HttpMethod.Get, "/Orders/EV-1/Completed");
        withHeader.Content = new ByteArrayContent([]);
        withHeader.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var typed = await clients.Http.SendAsync(withHeader);

        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Contains("'GET,,,/Orders/EV-1/Completed,", (string)JsonNode.Parse(await bare.Content.ReadAsStringAsync())!["description"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, typed.StatusCode); // signed and accepted; the order is not completed yet
        Assert.Contains("is not completed", (string)JsonNode.Parse(await typed.Content.ReadAsStringAsync())!["description"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_the_documented_content_type_is_signed_whatever_the_header()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        await clients.AwCreateAsync(TestData.AwOrder("EV-2"));

        var (status, _) = await clients.AwAsync(HttpMethod.Get, "/Orders/EV-2/Completed");

        Assert.Equal(400, status);
    }

    public static TheoryData<AppraisalWorksEventNames, string[]> Spellings => new()
    {
        { AppraisalWorksEventNames.RouteSegment, ["Assignment", "FeeChanged", "Scheduled", "ExpectedDelivery", "Comments", "Completed", "Documents"] },
        { AppraisalWorksEventNames.Heading, ["Provider Assignment", "Fee Changes", "Inspection Appointment", "Delivery Date Changes", "New Comments", "Completed Report", "New Documents"] },
        { AppraisalWorksEventNames.HeadingWithoutSpaces, ["ProviderAssignment", "FeeChanges", "InspectionAppointment", "DeliveryDateChanges", "NewComments", "CompletedReport", "NewDocuments"] },
        { AppraisalWorksEventNames.Unlisted, ["EV-106", "EV-107", "EV-109", "EV-108", "EV-101", "EV-111", "EV-102"] },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task Postbacks_spell_eventName_as_configured_while_the_path_names_the_route(AppraisalWorksEventNames spelling, string[] names)
    {
        await using var receiver = await Receiver.StartAsync("/postbacks");
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(o =>
        {
            o.AppraisalWorks.PostbackUrl = receiver.Url;
            o.AppraisalWorks.EventNames = spelling;
        }));
        using var clients = new Clients(sandbox);
        await clients.AwCreateAsync(TestData.AwOrder("EV-3"));
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(5));

        var events = receiver.Received.Select(r => JsonNode.Parse(r.Body)!["apiEvent"]!).ToList();

        Assert.Equal(names, events.Select(e => (string)e["eventName"]!));
        Assert.Equal(
            ["Assignment", "FeeChanged", "Scheduled", "ExpectedDelivery", "Comments", "Completed", "Documents"],
            events.Select(e => ((string)e["path"]!).Split('/')[3]));
    }

    [Fact]
    public async Task An_order_without_a_coordinator_is_accepted_only_when_the_account_defaults_one()
    {
        var order = TestData.AwOrder("EV-4");
        var parties = order["request"]!["requestData"]!["loan"]!["parties"]!.AsArray();
        parties.Remove(parties.First(p => (string)p!["partyType"]! == "Appraisal Coordinator"));

        await using (var strict = await ValuationSandbox.StartAsync(Manual()))
        {
            using var clients = new Clients(strict);
            var (status, body) = await clients.AwAsync(HttpMethod.Post, "/Orders", order.ToJsonString());
            Assert.Equal(400, status);
            Assert.Contains("must include a Appraisal Coordinator", (string)body["description"]!, StringComparison.Ordinal);
        }

        await using var defaulted = await ValuationSandbox.StartAsync(Manual(o => o.AppraisalWorks.DefaultAppraisalCoordinator = true));
        using var defaultedClients = new Clients(defaulted);
        Assert.Matches(@"^\d+-1$", await defaultedClients.AwCreateAsync(order));
    }
}
