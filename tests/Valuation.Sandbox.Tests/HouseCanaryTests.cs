using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Shared.Signing;
using Valuation.Sandbox.Tests.Infrastructure;

namespace Valuation.Sandbox.Tests;

public sealed class HouseCanaryTests
{
    private const string Secret = "callout-secret";

    private static SandboxOptions Manual(Uri? callout = null, CalloutAuthentication scheme = CalloutAuthentication.Signature) => new()
    {
        ManualClock = true,
        ManualClockStart = new DateTimeOffset(2026, 11, 23, 17, 4, 5, TimeSpan.Zero),
        Seed = 42,
        HouseCanary = new HouseCanarySandboxOptions
        {
            CalloutUrl = callout,
            CalloutAuthentication = scheme,
            CalloutSignatureSecret = Secret,
            CalloutUserName = "hc-user",
            CalloutPassword = "hc-pass",
            CalloutTokenName = "X-Callout-Token",
            CalloutToken = "tok-123",
        },
    };

    private static string TwoItems(string second = "\"address\":\"456 Oak Ave\",\"city\":\"Austin\",\"state\":\"TX\"") =>
        "{\"order_type\":\"valueReport\",\"name\":\"Q4 Portfolio: Élan & Co!\",\"customer_order_id\":\"LOS-9\",\"owner_organization_id\":101,\"owner_id\":202," +
        "\"items\":[{\"address\":\"123 Main St\",\"unit\":\"4B\",\"zipcode\":\"78701\",\"customer_item_id\":\"loan-1\",\"external_integration_id\":\"ext-1\"}," +
        "{" + second + ",\"external_integration_id\":\"ext-2\"}]}";

    [Fact]
    public async Task Request_without_a_token_is_401_credentials_not_provided()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        using var response = await clients.HcAsync(HttpMethod.Get, "orders/1/", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Authentication credentials were not provided.", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!);
    }

    [Fact]
    public async Task Request_with_a_wrong_token_is_401_invalid_token()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        using var response = await clients.HcAsync(HttpMethod.Post, "orders/", TestData.Text("hc-create-order.json"), token: "nope");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Invalid token.", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!);
        Assert.Empty(sandbox.HouseCanary.Orders);
    }

    [Fact]
    public async Task Creating_the_wire_example_returns_201_with_the_order_object()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        var order = await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        Assert.Equal("Q4 portfolio", (string)order["name"]!);
        Assert.Equal("valueReport", (string)order["order_type"]!);
        Assert.Equal("new", (string)order["status"]!);
        Assert.Equal("LOS-1", (string)order["customer_order_id"]!);
        Assert.Equal(101, (long)order["owner_organization_id"]!);
        Assert.Equal(202, (long)order["owner_id"]!);
        Assert.Equal("2026-11-23T17:04:05Z", (string)order["created_date"]!);
        Assert.Null(order["actual_delivery_date"]);
        Assert.True(order.AsObject().ContainsKey("actual_delivery_date"));
        Assert.Equal(1, (int)order["item_count"]!);

        using var get = await clients.HcAsync(HttpMethod.Get, $"orders/{(long)order["id"]!}/");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(1, sandbox.HouseCanary.CreateOrderRequestCount);
    }

    [Fact]
    public async Task An_empty_order_is_400_listing_every_missing_field()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        using var response = await clients.HcAsync(HttpMethod.Post, "orders/", "{}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        foreach (string field in new[] { "order_type", "name", "owner_organization_id", "owner_id", "items" })
        {
            Assert.Equal("This field is required.", (string)errors[field]![0]!);
        }

        Assert.Empty(sandbox.HouseCanary.Orders);
    }

    [Fact]
    public async Task Item_errors_are_reported_per_item_in_order()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        string json = "{\"order_type\":\"valueReport\",\"name\":\"n\",\"owner_organization_id\":101,\"owner_id\":202," +
            "\"items\":[{\"address\":\"1 A St\",\"zipcode\":\"78701\"},{\"zipcode\":\"78701\"},{\"address\":\"2 B St\",\"city\":\"Austin\"}]}";
        using var response = await clients.HcAsync(HttpMethod.Post, "orders/", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var items = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.Empty(items[0]!.AsObject());
        Assert.Equal("This field is required.", (string)items[1]!["address"]![0]!);
        Assert.Equal("Either zipcode or city and state are required.", (string)items[2]!["zipcode"]![0]!);
    }

    [Theory]
    [InlineData("{\"order_type\":\"avm\",\"name\":\"n\",\"owner_organization_id\":101,\"owner_id\":202,\"items\":[{\"address\":\"1 A\",\"zipcode\":\"1\"}]}", "order_type")]
    [InlineData("{\"order_type\":\"valueReport\",\"name\":\"  \",\"owner_organization_id\":101,\"owner_id\":202,\"items\":[{\"address\":\"1 A\",\"zipcode\":\"1\"}]}", "name")]
    [InlineData("{\"order_type\":\"valueReport\",\"name\":\"n\",\"owner_organization_id\":\"x\",\"owner_id\":202,\"items\":[{\"address\":\"1 A\",\"zipcode\":\"1\"}]}", "owner_organization_id")]
    [InlineData("{\"order_type\":\"valueReport\",\"name\":\"n\",\"owner_organization_id\":101,\"owner_id\":202,\"items\":[]}", "items")]
    public async Task Invalid_fields_are_400_naming_the_field(string json, string field)
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        using var response = await clients.HcAsync(HttpMethod.Post, "orders/", json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task Malformed_json_is_400_with_a_detail()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        using var response = await clients.HcAsync(HttpMethod.Post, "orders/", "{\"name\": ");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("JSON parse error", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!);
    }

    [Fact]
    public async Task Owner_ids_other_than_the_configured_ones_are_403()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        using var response = await clients.HcAsync(HttpMethod.Post, "orders/", TestData.Text("hc-create-order.json").Replace("202", "203", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("You do not have permission to act for this owner.", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!);
        Assert.Empty(sandbox.HouseCanary.Orders);
    }

    [Fact]
    public async Task Unknown_order_is_404_not_found()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        using var response = await clients.HcAsync(HttpMethod.Get, "orders/999999/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not found.", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!);
    }

    [Fact]
    public async Task Lifecycle_completes_with_signed_callouts_in_the_documented_order()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(receiver.Url));
        using var clients = new Clients(sandbox);
        var order = await clients.HcCreateAsync(TwoItems());
        long orderId = (long)order["id"]!;

        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));

        var received = receiver.Received;
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, [Secret]);
        Assert.All(received, r => Assert.True(verifier.VerifyHeader(r.Body, r.Header("X-HC-Signature")).IsValid));
        Assert.All(received, r => Assert.StartsWith("sha1=", r.Header("X-HC-Signature"), StringComparison.Ordinal));
        var messages = received.Select(r => JsonNode.Parse(r.Body)!).ToList();
        var sequence = messages.Select(m => $"{m["message_type"]}:{m["new_status"]}").ToList();
        Assert.Equal(
        [
            "order_item_status_change:accepted", "order_item_status_change:accepted", "order_status_change:accepted",
            "order_item_status_change:reportpending", "order_item_status_change:reportpending",
            "order_item_status_change:complete", "order_complete:", "order_item_status_change:complete", "order_complete:",
            "order_status_change:complete",
        ], sequence);
        Assert.All(messages, m => Assert.Equal(orderId.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)m["order_id"]!));
        Assert.All(messages, m => Assert.Equal("LOS-9", (string)m["customer_order_id"]!));
        Assert.Equal(messages.Count, messages.Select(m => (string)m["message_id"]!).Distinct().Count());
        Assert.Equal(["ext-1", "ext-2"], messages.Last()["external_integration_ids"]!.AsArray().Select(x => (string)x!));

        var complete = messages.First(m => (string)m["message_type"]! == "order_complete");
        Assert.Equal("loan-1", (string)complete["customer_item_id"]!);
        byte[] report = Convert.FromBase64String((string)complete["report"]!);
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(report, 0, 5), StringComparison.Ordinal);
        Assert.Contains("123 Main St #4B", Encoding.ASCII.GetString(report), StringComparison.Ordinal);

        using var plain = new HttpClient();
        byte[] downloaded = await plain.GetByteArrayAsync(new Uri((string)complete["download_url"]!));
        Assert.Equal(report, downloaded);
        Assert.EndsWith("/loan-1_2026-11-23_ValueReport.pdf", (string)complete["download_url"]!, StringComparison.Ordinal);

        var snapshot = Assert.Single(sandbox.HouseCanary.Orders);
        Assert.Equal("complete", snapshot.Status);
        Assert.Equal(new DateOnly(2026, 11, 23), snapshot.ActualDeliveryDate);
        Assert.All(snapshot.Items, i => Assert.Equal("complete", i.Status));
        Assert.Equal(10, sandbox.HouseCanary.CalloutAttempts.Count);
        Assert.All(sandbox.HouseCanary.CalloutAttempts, a => Assert.True(a.Succeeded));

        using var items = await clients.HcAsync(HttpMethod.Get, $"orders/{orderId}/items/");
        var page = JsonNode.Parse(await items.Content.ReadAsStringAsync())!;
        var first = page["results"]![0]!;
        Assert.Equal("2026-11-23T17:04:05Z", (string)first["completion_date"]!);
        Assert.Equal("value_report", (string)first["available_downloadables"]![0]!["key"]!);

        using var pdf = await clients.HcAsync(HttpMethod.Get, $"orders/{orderId}/items/{(long)first["id"]!}/pdfdownload/value_report");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal(report, await pdf.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Steps_happen_one_step_interval_apart_on_the_manual_clock()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(receiver.Url));
        using var clients = new Clients(sandbox);
        var order = await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));

        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(199));
        Assert.Empty(receiver.Received);
        Assert.Equal("new", sandbox.HouseCanary.Orders[0].Status);

        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.Equal("accepted", sandbox.HouseCanary.Orders[0].Status);
        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal("reportpending", sandbox.HouseCanary.Orders[0].Status);
        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal("complete", sandbox.HouseCanary.Orders[0].Status);
        Assert.Equal(0, sandbox.PendingStepCount);
        Assert.NotNull(order);
    }

    [Fact]
    public async Task Basic_callouts_carry_the_configured_credentials()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(receiver.Url, CalloutAuthentication.Basic));
        using var clients = new Clients(sandbox);
        await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.NotEmpty(receiver.Received);
        Assert.All(receiver.Received, r => Assert.True(CredentialVerifier.VerifyBasic(r.Header("Authorization"), [new BasicCredential("hc-user", "hc-pass")]).IsValid));
        Assert.All(receiver.Received, r => Assert.Null(r.Header("X-HC-Signature")));
    }

    [Fact]
    public async Task Header_token_callouts_carry_the_token_in_the_named_header()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(receiver.Url, CalloutAuthentication.HeaderToken));
        using var clients = new Clients(sandbox);
        await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.NotEmpty(receiver.Received);
        Assert.All(receiver.Received, r => Assert.True(CredentialVerifier.VerifyHeaderToken(r.Header, "x-callout-token", ["tok-123"]).IsValid));
    }

    [Fact]
    public async Task Query_token_callouts_carry_the_token_in_the_query_and_the_record_hides_it()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(receiver.Url, CalloutAuthentication.QueryStringToken));
        using var clients = new Clients(sandbox);
        await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.NotEmpty(receiver.Received);
        Assert.All(receiver.Received, r => Assert.True(CredentialVerifier.VerifyQueryToken(r.QueryString, "X-Callout-Token", ["tok-123"]).IsValid));
        Assert.All(sandbox.HouseCanary.CalloutAttempts, a => Assert.DoesNotContain("tok-123", a.Url.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_undeliverable_item_is_cancelled_by_async_validation_and_reported()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(receiver.Url));
        using var clients = new Clients(sandbox);
        var created = await clients.HcCreateAsync(TwoItems("\"address\":\"9 Nowhere Rd\",\"zipcode\":\"00000\""));
        Assert.Equal("new", (string)created["status"]!); // Validation is asynchronous: the create itself succeeds.

        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));
        var order = Assert.Single(sandbox.HouseCanary.Orders);
        Assert.Equal("complete", order.Status);
        Assert.Equal("complete", order.Items[0].Status);
        Assert.Equal("cancelled", order.Items[1].Status);
        Assert.Contains("00000", order.Items[1].CancellationReason, StringComparison.Ordinal);
        var cancelled = receiver.Received.Select(r => JsonNode.Parse(r.Body)!).Single(m => (string?)m["new_status"] == "cancelled");
        Assert.Equal("order_item_status_change", (string)cancelled["message_type"]!);
        Assert.Equal("ext-2", (string)cancelled["external_integration_id"]!);
        Assert.Single(receiver.Received, r => JsonNode.Parse(r.Body)!["message_type"]!.ToString() == "order_complete");
    }

    [Fact]
    public async Task An_order_whose_items_are_all_undeliverable_is_cancelled()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(receiver.Url));
        using var clients = new Clients(sandbox);
        await clients.HcCreateAsync(TestData.Text("hc-create-order.json").Replace("123 Main St", "123 UNDELIVERABLE St", StringComparison.Ordinal));
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.Equal("cancelled", sandbox.HouseCanary.Orders[0].Status);
        var last = JsonNode.Parse(receiver.Received[^1].Body)!;
        Assert.Equal("order_status_change", (string)last["message_type"]!);
        Assert.Equal("cancelled", (string)last["new_status"]!);
    }

    [Fact]
    public async Task A_failing_receiver_gets_redeliveries_five_minutes_apart_until_it_answers_2xx()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.StatusByDelivery = (_, delivery) => delivery <= 2 ? 500 : 200;
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(receiver.Url));
        using var clients = new Clients(sandbox);
        await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));

        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        var first = sandbox.HouseCanary.CalloutAttempts[0];
        Assert.Equal(500, first.StatusCode);
        Assert.False(first.Succeeded);

        await sandbox.AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.Single(sandbox.HouseCanary.CalloutAttempts, a => a.MessageId == first.MessageId);

        await sandbox.AdvanceAsync(TimeSpan.FromMinutes(7));
        var attempts = sandbox.HouseCanary.CalloutAttempts.Where(a => a.MessageId == first.MessageId).ToList();
        Assert.Equal([1, 2, 3], attempts.Select(a => a.AttemptNumber));
        Assert.Equal(TimeSpan.FromMinutes(5), attempts[1].At - attempts[0].At);
        Assert.Equal(TimeSpan.FromMinutes(5), attempts[2].At - attempts[1].At);
        Assert.True(attempts[2].Succeeded);
        Assert.Equal(first.Body, attempts[2].Body);
    }

    [Fact]
    public async Task Redelivery_stops_after_ten_retries()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Status = _ => 503;
        await using var sandbox = await ValuationSandbox.StartAsync(Manual(receiver.Url));
        using var clients = new Clients(sandbox);
        await clients.HcCreateAsync(TestData.Text("hc-create-order.json").Replace("78701", "00000", StringComparison.Ordinal));
        await sandbox.AdvanceAsync(TimeSpan.FromHours(2));
        var byMessage = sandbox.HouseCanary.CalloutAttempts.GroupBy(a => a.MessageId).ToList();
        Assert.Equal(2, byMessage.Count); // item cancelled + order cancelled
        Assert.All(byMessage, g => Assert.Equal(11, g.Count()));
        Assert.Equal(0, sandbox.PendingStepCount);
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_counts_as_failed()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Delay = n => n == 1 ? TimeSpan.FromSeconds(10) : TimeSpan.Zero;
        var options = Manual(receiver.Url);
        options.HouseCanary.CalloutTimeout = TimeSpan.FromMilliseconds(300);
        await using var sandbox = await ValuationSandbox.StartAsync(options);
        using var clients = new Clients(sandbox);
        await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        var first = sandbox.HouseCanary.CalloutAttempts[0];
        Assert.Null(first.StatusCode);
        Assert.Contains("did not answer", first.Error, StringComparison.Ordinal);
        await sandbox.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Contains(sandbox.HouseCanary.CalloutAttempts, a => a.MessageId == first.MessageId && a.AttemptNumber == 2 && a.Succeeded);
    }

    [Fact]
    public async Task Items_are_paged_with_absolute_next_and_previous_links()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        string items = string.Join(",", Enumerable.Range(1, 3).Select(i => $"{{\"address\":\"{i} Elm St\",\"zipcode\":\"78701\"}}"));
        var order = await clients.HcCreateAsync($"{{\"order_type\":\"valueReport\",\"name\":\"p\",\"owner_organization_id\":101,\"owner_id\":202,\"items\":[{items}]}}");
        long id = (long)order["id"]!;
        using var page1 = await clients.HcAsync(HttpMethod.Get, $"orders/{id}/items/?page_size=2");
        var body1 = JsonNode.Parse(await page1.Content.ReadAsStringAsync())!;
        Assert.Equal(3, (int)body1["count"]!);
        Assert.Equal(2, body1["results"]!.AsArray().Count);
        Assert.Null(body1["previous"]);
        var next = new Uri((string)body1["next"]!);
        Assert.StartsWith(sandbox.HouseCanaryBaseAddress.ToString(), next.ToString(), StringComparison.Ordinal);
        using var page2 = await clients.HcAsync(HttpMethod.Get, next.PathAndQuery[sandbox.HouseCanaryBaseAddress.AbsolutePath.Length..]);
        var body2 = JsonNode.Parse(await page2.Content.ReadAsStringAsync())!;
        Assert.Equal("3 Elm St", (string)body2["results"]![0]!["address"]!);
        Assert.Null(body2["next"]);
        Assert.NotNull(body2["previous"]);
        using var beyond = await clients.HcAsync(HttpMethod.Get, $"orders/{id}/items/?page=9");
        Assert.Equal(HttpStatusCode.NotFound, beyond.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Export_zip_is_named_and_laid_out_by_the_export_rules(bool excludeJson)
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        var order = await clients.HcCreateAsync(TwoItems());
        long id = (long)order["id"]!;
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));

        using var create = await clients.HcAsync(HttpMethod.Post, $"orders/{id}/export/zip?exclude_json={(excludeJson ? "true" : "false")}");
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var export = JsonNode.Parse(await create.Content.ReadAsStringAsync())!;
        Assert.Equal("pending", (string)export["status"]!);
        Assert.Null(export["exported_data"]);
        Assert.Equal(excludeJson, (bool)export["exclude_json"]!);

        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        using var progress = await clients.HcAsync(HttpMethod.Get, $"orders/{id}/export-requests/{(long)export["id"]!}/");
        Assert.Equal("in_progress", (string)JsonNode.Parse(await progress.Content.ReadAsStringAsync())!["status"]!);

        await sandbox.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        using var done = await clients.HcAsync(HttpMethod.Get, $"orders/{id}/export-requests/{(long)export["id"]!}/");
        var completed = JsonNode.Parse(await done.Content.ReadAsStringAsync())!;
        Assert.Equal("complete", (string)completed["status"]!);
        Assert.Equal(100, (int)completed["percent_complete"]!);
        var url = new Uri((string)completed["exported_data"]!);
        Assert.EndsWith("/HC_q4-portfolio-elan-co_2026-11-23.zip", url.AbsolutePath, StringComparison.Ordinal);

        using var plain = new HttpClient();
        using var zip = new ZipArchive(new MemoryStream(await plain.GetByteArrayAsync(url)));
        var expected = new List<string>();
        if (!excludeJson)
        {
            expected.Add("loan-1_2026-11-23_OrderItem.json");
        }

        expected.Add("loan-1_2026-11-23_ValueReport.pdf");
        if (!excludeJson)
        {
            expected.Add("456-oak-ave_2026-11-23_OrderItem.json");
        }

        expected.Add("456-oak-ave_2026-11-23_ValueReport.pdf");
        Assert.Equal(expected, zip.Entries.Select(e => e.FullName));
        if (!excludeJson)
        {
            using var reader = new StreamReader(zip.GetEntry("loan-1_2026-11-23_OrderItem.json")!.Open());
            var item = JsonNode.Parse(await reader.ReadToEndAsync())!;
            Assert.Equal("123 Main St", (string)item["address"]!);
            Assert.Equal("complete", (string)item["status"]!);
        }

        Assert.Equal(expected, Assert.Single(sandbox.HouseCanary.Exports).Entries);
    }

    [Fact]
    public async Task Export_prefix_uses_the_slugged_address_with_unit_when_there_is_no_customer_item_id()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        var order = await clients.HcCreateAsync("{\"order_type\":\"valueReport\",\"name\":\"Unit test\",\"owner_organization_id\":101,\"owner_id\":202,\"items\":[{\"address\":\"12  Rue Saint-Honoré\",\"unit\":\"7\",\"zipcode\":\"78701\"}]}");
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));
        using var create = await clients.HcAsync(HttpMethod.Post, $"orders/{(long)order["id"]!}/export/zip");
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));
        var export = Assert.Single(sandbox.HouseCanary.Exports);
        Assert.Equal("HC_unit-test_2026-11-23.zip", export.FileName);
        Assert.Contains("12-rue-saint-honore-7_2026-11-23_ValueReport.pdf", export.Entries);
    }

    [Fact]
    public async Task An_export_in_another_format_is_400()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        var order = await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        using var response = await clients.HcAsync(HttpMethod.Post, $"orders/{(long)order["id"]!}/export/csv");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("csv", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_download_before_completion_is_404()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        var order = await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        long itemId = sandbox.HouseCanary.Orders[0].Items[0].Id;
        using var response = await clients.HcAsync(HttpMethod.Get, $"orders/{(long)order["id"]!}/items/{itemId}/pdfdownload/value_report");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
