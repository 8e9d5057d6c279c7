using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Valuation.Sandbox.Faults;
using Valuation.Sandbox.Tests.Infrastructure;

namespace Valuation.Sandbox.Tests;

public sealed class FaultTests
{
    private static SandboxOptions Manual() => new() { ManualClock = true, Seed = 3 };

    [Fact]
    public async Task A_status_fault_answers_503_once_without_processing_then_the_api_works_again()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        var rule = new FaultRule { Api = SandboxApi.HouseCanary, Method = "POST", PathPattern = "/partner-api/v1/orders", Kind = FaultKind.Status, StatusCode = 503 };
        sandbox.Faults.Add(rule);
        using (var failed = await clients.HcAsync(HttpMethod.Post, "orders/", TestData.Text("hc-create-order.json")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        }

        Assert.Empty(sandbox.HouseCanary.Orders);
        Assert.Equal(1, rule.Hits);
        await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        Assert.Single(sandbox.HouseCanary.Orders);
    }

    [Fact]
    public async Task A_429_fault_carries_retry_after_and_the_aw_envelope()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        sandbox.Faults.Add(new FaultRule { Api = SandboxApi.AppraisalWorks, Kind = FaultKind.Status, StatusCode = 429, RetryAfter = TimeSpan.FromSeconds(7), Times = 2 });
        for (int i = 0; i < 2; i++)
        {
            using var response = await clients.Http.SendAsync(clients.AwRequest(HttpMethod.Post, "/Orders", TestData.AwOrder().ToJsonString()));
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter!.Delta);
            Assert.False((bool)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["isSuccess"]!);
        }

        Assert.EndsWith("-1", await clients.AwCreateAsync(TestData.AwOrder()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delay_fault_holds_the_answer_so_a_short_client_timeout_fires()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        sandbox.Faults.Add(new FaultRule { Api = SandboxApi.HouseCanary, Method = "GET", Kind = FaultKind.Delay, Delay = TimeSpan.FromSeconds(5) });
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(200) };
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sandbox.HouseCanaryBaseAddress, "orders/1/"));
        request.Headers.Authorization = new("Token", sandbox.Credentials.HouseCanary.ApiToken);
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => impatient.SendAsync(request));
        using var after = await clients.HcAsync(HttpMethod.Get, "orders/1/");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Fact]
    public async Task Dropping_the_connection_after_the_request_was_read_still_creates_the_order_once()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        sandbox.Faults.Add(new FaultRule { Api = SandboxApi.HouseCanary, Method = "POST", PathPattern = "/partner-api/v1/orders/", Kind = FaultKind.DropConnectionAfterRequestRead });
        await Assert.ThrowsAsync<HttpRequestException>(() => clients.HcAsync(HttpMethod.Post, "orders/", TestData.Text("hc-create-order.json")));
        Assert.Single(sandbox.HouseCanary.Orders);
        Assert.Equal(1, sandbox.HouseCanary.CreateOrderRequestCount);
    }

    [Fact]
    public async Task Dropping_an_appraisalworks_create_after_reading_creates_one_product()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        sandbox.Faults.Add(new FaultRule { Api = SandboxApi.AppraisalWorks, Method = "POST", PathPattern = "^/RapiV1/Orders$", PathMatch = PathMatch.Regex, Kind = FaultKind.DropConnectionAfterRequestRead });
        await Assert.ThrowsAsync<HttpRequestException>(() => clients.Http.SendAsync(clients.AwRequest(HttpMethod.Post, "/Orders", TestData.AwOrder().ToJsonString())));
        var order = Assert.Single(sandbox.AppraisalWorks.Orders);
        Assert.EndsWith("-1", order.OrderNumber, StringComparison.Ordinal);
        Assert.Equal(1, sandbox.AppraisalWorks.CreateOrderRequestCount);
    }

    [Fact]
    public async Task Dropping_the_connection_before_processing_creates_nothing()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        sandbox.Faults.Add(new FaultRule { Kind = FaultKind.DropConnectionBeforeProcessing });
        await Assert.ThrowsAsync<HttpRequestException>(() => clients.Http.SendAsync(clients.AwRequest(HttpMethod.Post, "/Orders", TestData.AwOrder().ToJsonString())));
        Assert.Empty(sandbox.AppraisalWorks.Orders);
        Assert.Equal(0, sandbox.AppraisalWorks.CreateOrderRequestCount);
    }

    [Fact]
    public async Task A_malformed_body_fault_answers_200_with_json_that_does_not_parse()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        sandbox.Faults.Add(new FaultRule { Api = SandboxApi.HouseCanary, Kind = FaultKind.MalformedBody });
        using var response = await clients.HcAsync(HttpMethod.Post, "orders/", TestData.Text("hc-create-order.json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(body));
        Assert.Empty(sandbox.HouseCanary.Orders);
    }

    [Fact]
    public async Task A_truncated_body_fault_sends_half_the_declared_content_then_aborts()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        var order = await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        sandbox.Faults.Add(new FaultRule { Api = SandboxApi.HouseCanary, Method = "GET", PathPattern = @"/orders/\d+/$", PathMatch = PathMatch.Regex, Kind = FaultKind.TruncatedBody });
        await Assert.ThrowsAsync<HttpRequestException>(() => clients.HcAsync(HttpMethod.Get, $"orders/{(long)order["id"]!}/"));
        using var whole = await clients.HcAsync(HttpMethod.Get, $"orders/{(long)order["id"]!}/");
        Assert.Equal((long)order["id"]!, (long)JsonNode.Parse(await whole.Content.ReadAsStringAsync())!["id"]!);
    }

    [Fact]
    public async Task Rules_only_match_their_api_method_and_path()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(Manual());
        using var clients = new Clients(sandbox);
        var rule = new FaultRule { Api = SandboxApi.AppraisalWorks, Method = "PUT", PathPattern = "/RapiV1/Orders/", Kind = FaultKind.Status, StatusCode = 500 };
        sandbox.Faults.Add(rule);
        await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        await clients.AwCreateAsync(TestData.AwOrder("UID-F"));
        Assert.Equal(0, rule.Hits);
        var (status, _) = await clients.AwAsync(HttpMethod.Put, "/Orders/UID-F/Hold", "{\"reason\":\"r\"}");
        Assert.Equal(500, status);
        Assert.Equal(1, rule.Hits);
        Assert.Empty(sandbox.AppraisalWorks.Actions);
    }

    [Fact]
    public void Rules_with_no_times_an_impossible_status_or_a_bad_regex_are_refused()
    {
        var faults = new FaultInjector();
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.Add(new FaultRule { Times = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => faults.Add(new FaultRule { Kind = FaultKind.Status, StatusCode = 42 }));
        Assert.Throws<ArgumentException>(() => faults.Add(new FaultRule { PathPattern = "([", PathMatch = PathMatch.Regex }));
        Assert.Empty(faults.Rules);
    }
}
