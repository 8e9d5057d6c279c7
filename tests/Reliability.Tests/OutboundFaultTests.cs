using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Appendices;
using HouseCanary.OrderManager;
using HouseCanary.OrderManager.Models;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Tests.Support;
using Valuation.Http;
using Valuation.Sandbox;
using Valuation.Sandbox.Faults;

namespace Reliability.Tests;

/// <summary>
/// Issue 10's faults against both clients' real DI pipelines and the sandbox on 127.0.0.1: every unsafe endpoint
/// under a connection dropped after the request was processed, a refused connection, a body that stalls after its
/// headers, a redirect, an oversized body, endless paging and a huge Retry-After. Each asserts the requests the
/// server received, the time bound and the typed exception.
/// </summary>
[Trait("Category", "FaultMatrix")]
public sealed class OutboundFaultTests(SandboxFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<SandboxFixture>
{
    /// <summary>Room for a loaded 2-core machine on top of a bound that is the behaviour under test.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(20);

    private ValuationSandbox Sandbox => fixture.Sandbox;

    public enum HcUnsafe
    {
        CreateOrder,
        CreateExport,
    }

    public enum AwUnsafe
    {
        CreateOrder,
        AddComment,
        AddDocument,
        UpdateContact,
        PlaceOnHold,
        Resume,
        Cancel,
        DeliverToBorrower,
        RequestInspectionSchedule,
        RescheduleAppointment,
    }

    public static TheoryData<HcUnsafe> HcUnsafeEndpoints() => new(Enum.GetValues<HcUnsafe>());

    public static TheoryData<AwUnsafe> AwUnsafeEndpoints() => new(Enum.GetValues<AwUnsafe>());

    // ---------------- never repeat a request that may have been applied ----------------

    [Theory]
    [MemberData(nameof(HcUnsafeEndpoints))]
    public async Task HouseCanary_unsafe_endpoint_dropped_after_processing_reaches_the_server_once_and_may_have_been_applied(HcUnsafe endpoint)
    {
        HouseCanaryId orderId;
        using (var setup = Clients.SetupHouseCanary(Sandbox))
        {
            orderId = (await setup.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(HcOrder("drop-setup-" + endpoint))).Id;
        }

        string name = $"drop-{endpoint}-{Guid.NewGuid():N}";
        var (path, call) = endpoint switch
        {
            HcUnsafe.CreateOrder => ("/partner-api/v1/orders/", (Func<IOrderManagerClient, Task>)(c => c.CreateOrderAsync(HcOrder(name)))),
            _ => ($"/partner-api/v1/orders/{orderId}/export/zip", c => c.CreateExportAsync(orderId)),
        };

        var recorder = new AttemptRecorder();
        using var provider = Clients.HouseCanary(Sandbox, recorder);
        var client = provider.GetRequiredService<IOrderManagerClient>();

        // Warm a pooled connection first: the faulted POST then rides a reused connection, the case in which
        // SocketsHttpHandler would re-send a bodiless request by itself.
        await client.GetOrderAsync(orderId);
        AddExact(SandboxApi.HouseCanary, "POST", path, FaultKind.DropConnectionAfterRequestRead);
        int before = Sandbox.Faults.CountRequests("POST", path);

        var (ex, elapsed) = await TimedThrowsAsync<OrderManagerException>(() => call(client));

        Assert.Equal(1, await SettledAsync(() => Sandbox.Faults.CountRequests("POST", path) - before));
        Assert.Single(recorder.Attempts, a => a.Method == "POST");
        Assert.Equal(OutboundFailureKind.ConnectionBroken, ex.FailureKind);
        Assert.True(ex.MayHaveBeenApplied);
        Assert.Contains("may have been applied", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.StatusCode);
        Assert.InRange(elapsed, TimeSpan.Zero, Clients.TotalRequestTimeout + Slack);
        if (endpoint == HcUnsafe.CreateOrder)
        {
            Assert.Equal(1, await SettledAsync(() => Sandbox.HouseCanary.Orders.Count(o => o.Name == name)));
        }
    }

    [Theory]
    [MemberData(nameof(AwUnsafeEndpoints))]
    public async Task AppraisalWorks_unsafe_endpoint_dropped_after_processing_reaches_the_server_once_and_may_have_been_applied(AwUnsafe endpoint)
    {
        string uid = "drop-" + Guid.NewGuid().ToString("N")[..12];
        string created = endpoint == AwUnsafe.CreateOrder ? uid : "drop-" + Guid.NewGuid().ToString("N")[..12];
        using (var setup = Clients.SetupAppraisalWorks(Sandbox))
        {
            await setup.GetRequiredService<IAppraisalWorksClient>().CreateOrderAsync(TestData.AppraisalWorksOrder(endpoint == AwUnsafe.CreateOrder ? created : uid));
        }

        string newUid = "drop-new-" + Guid.NewGuid().ToString("N")[..12];
        var (method, path, call) = AwCall(endpoint, uid, newUid);
        var recorder = new AttemptRecorder();
        using var provider = Clients.AppraisalWorks(Sandbox, recorder);
        var client = provider.GetRequiredService<IAppraisalWorksClient>();
        await WarmAsync(client, endpoint == AwUnsafe.CreateOrder ? created : uid);
        AddExact(SandboxApi.AppraisalWorks, method, path, FaultKind.DropConnectionAfterRequestRead);
        int before = Sandbox.Faults.CountRequests(method, path);

        var (ex, elapsed) = await TimedThrowsAsync<AppraisalWorksException>(() => call(client));

        Assert.Equal(1, await SettledAsync(() => Sandbox.Faults.CountRequests(method, path) - before));
        Assert.Single(recorder.Attempts, a => a.Method == method);
        Assert.Equal(OutboundFailureKind.ConnectionBroken, ex.FailureKind);
        Assert.True(ex.MayHaveBeenApplied);
        Assert.Contains("may have been applied", ex.Message, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)0, ex.StatusCode);
        Assert.InRange(elapsed, TimeSpan.Zero, Clients.TotalRequestTimeout + Slack);
        if (endpoint == AwUnsafe.CreateOrder)
        {
            Assert.Equal(1, await SettledAsync(() => Sandbox.AppraisalWorks.Orders.Count(o => o.TransactionUid == newUid)));
        }
    }

    [Fact]
    public async Task HouseCanary_create_order_refused_at_connect_is_retried_and_succeeds_once()
    {
        string name = "refused-" + Guid.NewGuid().ToString("N");
        var recorder = new AttemptRecorder();
        int connects = 0;
        using var provider = Clients.HouseCanary(Sandbox.HouseCanaryBaseAddress, Sandbox.Credentials.HouseCanary.ApiToken, recorder, transport: h => h.ConnectCallback = RefuseFirst(() => ++connects));
        int before = Sandbox.Faults.CountRequests("POST", "/partner-api/v1/orders/");

        var order = await provider.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(HcOrder(name));

        Assert.Equal(name, order.Name);
        Assert.Equal(2, recorder.Attempts.Count);
        Assert.Equal(1, Sandbox.Faults.CountRequests("POST", "/partner-api/v1/orders/") - before);
        Assert.Equal(1, Sandbox.HouseCanary.Orders.Count(o => o.Name == name));
    }

    [Fact]
    public async Task AppraisalWorks_create_order_refused_at_connect_is_retried_and_succeeds_once()
    {
        string uid = "refused-" + Guid.NewGuid().ToString("N")[..12];
        var recorder = new AttemptRecorder();
        int connects = 0;
        var aw = Sandbox.Credentials.AppraisalWorks;
        using var provider = Clients.AppraisalWorks(Sandbox.AppraisalWorksBaseAddress, aw.ClientId, aw.PublicKey, aw.PrivateKey, recorder, transport: h => h.ConnectCallback = RefuseFirst(() => ++connects));
        int before = Sandbox.Faults.CountRequests("POST", "/RapiV1/Orders");

        var response = await provider.GetRequiredService<IAppraisalWorksClient>().CreateOrderAsync(TestData.AppraisalWorksOrder(uid));

        Assert.True(response.IsSuccess);
        Assert.Equal(2, recorder.Attempts.Count);
        Assert.Equal(1, Sandbox.Faults.CountRequests("POST", "/RapiV1/Orders") - before);
        Assert.Equal(1, Sandbox.AppraisalWorks.Orders.Count(o => o.TransactionUid == uid));
    }

    // ---------------- time ----------------

    [Fact]
    public async Task HouseCanary_JSON_body_that_stalls_after_its_headers_ends_at_the_total_timeout()
    {
        var orderId = await CreateHcOrderAsync("stall-json");
        string path = $"/partner-api/v1/orders/{orderId}/";
        var total = TimeSpan.FromSeconds(3);
        using var provider = Clients.HouseCanary(Sandbox.HouseCanaryBaseAddress, Sandbox.Credentials.HouseCanary.ApiToken, tweak: o => (o.AttemptTimeout, o.TotalRequestTimeout) = (TimeSpan.FromSeconds(2), total));
        AddExact(SandboxApi.HouseCanary, "GET", path, FaultKind.StallBodyAfterHeaders, delay: TimeSpan.FromSeconds(90));
        int before = Sandbox.Faults.CountRequests("GET", path);

        var (ex, elapsed) = await TimedThrowsAsync<OrderManagerException>(() => provider.GetRequiredService<IOrderManagerClient>().GetOrderAsync(orderId));

        Assert.Equal(OutboundFailureKind.Timeout, ex.FailureKind);
        Assert.Contains("TotalRequestTimeout", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.MayHaveBeenApplied);
        Assert.Equal(1, Sandbox.Faults.CountRequests("GET", path) - before);
        Assert.InRange(elapsed, total - TimeSpan.FromMilliseconds(100), total + Slack);
    }

    [Fact]
    public async Task HouseCanary_download_that_stalls_after_its_headers_ends_at_the_idle_timeout()
    {
        var url = new Uri(Sandbox.BaseAddress, "downloads/exports/stalled/report.zip");
        var idle = TimeSpan.FromSeconds(2);
        using var provider = Clients.HouseCanary(Sandbox.HouseCanaryBaseAddress, Sandbox.Credentials.HouseCanary.ApiToken, tweak: o => o.IdleTimeout = idle);
        AddExact(SandboxApi.HouseCanary, "GET", url.AbsolutePath, FaultKind.StallBodyAfterHeaders, delay: TimeSpan.FromSeconds(90), body: new byte[200_000]);
        int before = Sandbox.Faults.CountRequests("GET", url.AbsolutePath);
        var destination = new MemoryStream();
        long reported = 0;

        var (ex, elapsed) = await TimedThrowsAsync<OrderManagerException>(() => provider.GetRequiredService<IOrderManagerClient>().DownloadAsync(url, destination, new Progress(b => reported = b)));

        Assert.Equal(OutboundFailureKind.IdleTimeout, ex.FailureKind);
        Assert.Contains("IdleTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, Sandbox.Faults.CountRequests("GET", url.AbsolutePath) - before);
        Assert.Equal(100_000, destination.Length); // the first half arrived, then nothing
        Assert.Equal(100_000, reported);
        Assert.InRange(elapsed, idle - TimeSpan.FromMilliseconds(100), idle + Slack);
    }

    [Fact]
    public async Task AppraisalWorks_JSON_body_that_stalls_after_its_headers_ends_at_the_total_timeout()
    {
        string uid = await CreateAwOrderAsync("stall-json");
        string path = $"/RapiV1/Orders/{uid}/Scheduled";
        var total = TimeSpan.FromSeconds(3);
        var aw = Sandbox.Credentials.AppraisalWorks;
        using var provider = Clients.AppraisalWorks(Sandbox.AppraisalWorksBaseAddress, aw.ClientId, aw.PublicKey, aw.PrivateKey, tweak: o => (o.AttemptTimeout, o.TotalRequestTimeout) = (TimeSpan.FromSeconds(2), total));
        AddExact(SandboxApi.AppraisalWorks, "GET", path, FaultKind.StallBodyAfterHeaders, delay: TimeSpan.FromSeconds(90), body: "{\"isSuccess\":true,\"appointmentDate\":\"1/1/2021 12:00PM EST\",\"comment\":\"...\"}"u8.ToArray());
        int before = Sandbox.Faults.CountRequests("GET", path);

        var (ex, elapsed) = await TimedThrowsAsync<AppraisalWorksException>(() => provider.GetRequiredService<IAppraisalWorksClient>().GetScheduledAsync(uid));

        Assert.Equal(OutboundFailureKind.Timeout, ex.FailureKind);
        Assert.Equal(1, Sandbox.Faults.CountRequests("GET", path) - before);
        Assert.InRange(elapsed, total - TimeSpan.FromMilliseconds(100), total + Slack);
    }

    [Fact]
    public async Task AppraisalWorks_document_download_that_stalls_after_its_headers_ends_at_the_idle_timeout()
    {
        string uid = await CreateAwOrderAsync("stall-doc");
        string path = $"/RapiV1/Orders/{uid}/Documents/77";
        var idle = TimeSpan.FromSeconds(2);
        var aw = Sandbox.Credentials.AppraisalWorks;
        using var provider = Clients.AppraisalWorks(Sandbox.AppraisalWorksBaseAddress, aw.ClientId, aw.PublicKey, aw.PrivateKey, tweak: o => o.IdleTimeout = idle);
        string base64 = Convert.ToBase64String(new byte[300_000]);
        byte[] body = System.Text.Encoding.UTF8.GetBytes("{\"embeddedFiles\":[{\"typeID\":\"2060\",\"name\":\"a.pdf\",\"description\":\"A\",\"document\":\"" + base64 + "\"}],\"isSuccess\":true}");
        AddExact(SandboxApi.AppraisalWorks, "GET", path, FaultKind.StallBodyAfterHeaders, delay: TimeSpan.FromSeconds(90), body: body);
        int before = Sandbox.Faults.CountRequests("GET", path);
        var destination = new MemoryStream();

        var (ex, elapsed) = await TimedThrowsAsync<AppraisalWorksException>(() => provider.GetRequiredService<IAppraisalWorksClient>().GetDocumentAsync(uid, 77, destination));

        Assert.Equal(OutboundFailureKind.IdleTimeout, ex.FailureKind);
        Assert.Equal(1, Sandbox.Faults.CountRequests("GET", path) - before);
        Assert.InRange(destination.Length, 1, 299_999); // part of the document was decoded, then nothing came
        Assert.InRange(elapsed, idle - TimeSpan.FromMilliseconds(100), idle + Slack);
    }

    [Fact]
    public async Task HouseCanary_GET_answered_429_with_a_huge_Retry_After_ends_at_once_instead_of_waiting()
    {
        var orderId = await CreateHcOrderAsync("retry-after");
        string path = $"/partner-api/v1/orders/{orderId}/";
        using var provider = Clients.HouseCanary(Sandbox);
        Sandbox.Faults.Add(new FaultRule { Api = SandboxApi.HouseCanary, Method = "GET", PathPattern = "^" + path + "$", PathMatch = PathMatch.Regex, Kind = FaultKind.Status, StatusCode = 429, RetryAfter = TimeSpan.FromHours(1), Times = 10 });
        int before = Sandbox.Faults.CountRequests("GET", path);

        var (ex, elapsed) = await TimedThrowsAsync<OrderManagerException>(() => provider.GetRequiredService<IOrderManagerClient>().GetOrderAsync(orderId));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(OutboundFailureKind.ErrorResponse, ex.FailureKind);
        Assert.Equal(1, Sandbox.Faults.CountRequests("GET", path) - before);
        Assert.InRange(elapsed, TimeSpan.Zero, Clients.TotalRequestTimeout);
        Sandbox.Faults.Clear();
    }

    [Fact]
    public async Task AppraisalWorks_GET_answered_429_with_a_huge_Retry_After_ends_at_once_instead_of_waiting()
    {
        string uid = await CreateAwOrderAsync("retry-after");
        string path = $"/RapiV1/Orders/{uid}/Scheduled";
        using var provider = Clients.AppraisalWorks(Sandbox);
        Sandbox.Faults.Add(new FaultRule { Api = SandboxApi.AppraisalWorks, Method = "GET", PathPattern = "^" + path + "$", PathMatch = PathMatch.Regex, Kind = FaultKind.Status, StatusCode = 429, RetryAfter = TimeSpan.FromHours(1), Times = 10 });
        int before = Sandbox.Faults.CountRequests("GET", path);

        var (ex, elapsed) = await TimedThrowsAsync<AppraisalWorksException>(() => provider.GetRequiredService<IAppraisalWorksClient>().GetScheduledAsync(uid));

        Assert.Equal(HttpStatusCode.TooManyRequests, ex.StatusCode);
        Assert.Equal(1, Sandbox.Faults.CountRequests("GET", path) - before);
        Assert.InRange(elapsed, TimeSpan.Zero, Clients.TotalRequestTimeout);
        Sandbox.Faults.Clear();
    }

    // ---------------- redirects ----------------

    [Fact]
    public async Task HouseCanary_create_order_answered_307_is_not_followed()
    {
        string name = "redirect-" + Guid.NewGuid().ToString("N");
        var recorder = new AttemptRecorder();
        using var provider = Clients.HouseCanary(Sandbox, recorder);
        AddExact(SandboxApi.HouseCanary, "POST", "/partner-api/v1/orders/", FaultKind.Redirect, status: 307, location: "http://attacker.example:8080/collect");
        int before = Sandbox.Faults.CountRequests("POST", "/partner-api/v1/orders/");

        var (ex, elapsed) = await TimedThrowsAsync<OrderManagerException>(() => provider.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(HcOrder(name)));

        Assert.Equal(OutboundFailureKind.Redirect, ex.FailureKind);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, ex.StatusCode);
        Assert.Contains("307", ex.Message, StringComparison.Ordinal);
        Assert.Contains("attacker.example:8080", ex.Message, StringComparison.Ordinal);
        Assert.Single(recorder.Attempts);
        Assert.Equal(1, Sandbox.Faults.CountRequests("POST", "/partner-api/v1/orders/") - before);
        Assert.InRange(elapsed, TimeSpan.Zero, Clients.TotalRequestTimeout);
        Assert.Equal(0, Sandbox.HouseCanary.Orders.Count(o => o.Name == name));
    }

    [Fact]
    public async Task AppraisalWorks_create_order_answered_307_is_not_followed()
    {
        string uid = "redirect-" + Guid.NewGuid().ToString("N")[..12];
        var recorder = new AttemptRecorder();
        using var provider = Clients.AppraisalWorks(Sandbox, recorder);
        AddExact(SandboxApi.AppraisalWorks, "POST", "/RapiV1/Orders", FaultKind.Redirect, status: 307, location: "https://attacker.example/RapiV1/Orders");
        int before = Sandbox.Faults.CountRequests("POST", "/RapiV1/Orders");

        var (ex, elapsed) = await TimedThrowsAsync<AppraisalWorksException>(() => provider.GetRequiredService<IAppraisalWorksClient>().CreateOrderAsync(TestData.AppraisalWorksOrder(uid)));

        Assert.Equal(OutboundFailureKind.Redirect, ex.FailureKind);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, ex.StatusCode);
        Assert.Contains("attacker.example", ex.Message, StringComparison.Ordinal);
        Assert.Single(recorder.Attempts);
        Assert.Equal(1, Sandbox.Faults.CountRequests("POST", "/RapiV1/Orders") - before);
        Assert.Equal(0, Sandbox.AppraisalWorks.Orders.Count(o => o.TransactionUid == uid));
        Assert.InRange(elapsed, TimeSpan.Zero, Clients.TotalRequestTimeout);
    }

    // ---------------- size ----------------

    [Fact]
    public async Task HouseCanary_oversized_JSON_body_is_cut_at_the_cap()
    {
        var orderId = await CreateHcOrderAsync("oversized");
        string path = $"/partner-api/v1/orders/{orderId}/";
        using var provider = Clients.HouseCanary(Sandbox.HouseCanaryBaseAddress, Sandbox.Credentials.HouseCanary.ApiToken, tweak: o => o.MaxResponseBytes = 1024 * 1024);
        AddExact(SandboxApi.HouseCanary, "GET", path, FaultKind.OversizedBody, bodyBytes: 400L * 1024 * 1024);
        int before = Sandbox.Faults.CountRequests("GET", path);

        var (ex, elapsed) = await TimedThrowsAsync<OrderManagerException>(() => provider.GetRequiredService<IOrderManagerClient>().GetOrderAsync(orderId));

        Assert.Equal(OutboundFailureKind.ResponseTooLarge, ex.FailureKind);
        Assert.Contains("1048576", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, Sandbox.Faults.CountRequests("GET", path) - before);
        Assert.InRange(elapsed, TimeSpan.Zero, Clients.TotalRequestTimeout);
    }

    [Fact]
    public async Task AppraisalWorks_oversized_JSON_body_is_cut_at_the_cap()
    {
        string uid = await CreateAwOrderAsync("oversized");
        string path = $"/RapiV1/Orders/{uid}/Scheduled";
        var aw = Sandbox.Credentials.AppraisalWorks;
        using var provider = Clients.AppraisalWorks(Sandbox.AppraisalWorksBaseAddress, aw.ClientId, aw.PublicKey, aw.PrivateKey, tweak: o => o.MaxResponseBytes = 1024 * 1024);
        AddExact(SandboxApi.AppraisalWorks, "GET", path, FaultKind.OversizedBody, bodyBytes: 400L * 1024 * 1024);
        int before = Sandbox.Faults.CountRequests("GET", path);

        var (ex, elapsed) = await TimedThrowsAsync<AppraisalWorksException>(() => provider.GetRequiredService<IAppraisalWorksClient>().GetScheduledAsync(uid));

        Assert.Equal(OutboundFailureKind.ResponseTooLarge, ex.FailureKind);
        Assert.Equal(1, Sandbox.Faults.CountRequests("GET", path) - before);
        Assert.InRange(elapsed, TimeSpan.Zero, Clients.TotalRequestTimeout);
    }

    // ---------------- paging ----------------

    [Fact]
    public async Task HouseCanary_endless_paging_stops_at_MaxPages_with_a_typed_error()
    {
        var orderId = await CreateHcOrderAsync("endless");
        string path = $"/partner-api/v1/orders/{orderId}/items/";
        using var provider = Clients.HouseCanary(Sandbox.HouseCanaryBaseAddress, Sandbox.Credentials.HouseCanary.ApiToken, tweak: o => o.MaxPages = 25);
        Sandbox.Faults.Add(new FaultRule { Api = SandboxApi.HouseCanary, Method = "GET", PathPattern = "^" + path + "$", PathMatch = PathMatch.Regex, Kind = FaultKind.EndlessPages, Times = 10_000 });
        int before = Sandbox.Faults.CountRequests("GET", path);
        int items = 0;

        var (ex, elapsed) = await TimedThrowsAsync<OrderManagerException>(async () =>
        {
            await foreach (var unused in provider.GetRequiredService<IOrderManagerClient>().GetOrderItemsAsync(orderId))
            {
                items++;
            }
        });

        Sandbox.Faults.Clear();
        Assert.Equal(OutboundFailureKind.TooManyPages, ex.FailureKind);
        Assert.Equal(25, Sandbox.Faults.CountRequests("GET", path) - before);
        Assert.Equal(25, items);
        Assert.InRange(elapsed, TimeSpan.Zero, Clients.TotalRequestTimeout);
    }

    // ---------------- helpers ----------------

    private static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> RefuseFirst(Func<int> next) => async (context, cancellationToken) =>
    {
        if (next() == 1)
        {
            throw new SocketException((int)SocketError.ConnectionRefused);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    };

    private (string Method, string Path, Func<IAppraisalWorksClient, Task> Call) AwCall(AwUnsafe endpoint, string uid, string newUid) => endpoint switch
    {
        AwUnsafe.CreateOrder => ("POST", "/RapiV1/Orders", c => c.CreateOrderAsync(TestData.AppraisalWorksOrder(newUid))),
        AwUnsafe.AddComment => ("POST", $"/RapiV1/Orders/{uid}/Comments", c => c.AddCommentAsync(uid, "once only")),
        AwUnsafe.AddDocument => ("POST", $"/RapiV1/Orders/{uid}/Documents", c => c.AddDocumentAsync(uid, DocumentTypes.ClientAppraisalSupportDocument, "support.pdf", "Support", new MemoryStream(new byte[3000]))),
        AwUnsafe.UpdateContact => ("PUT", $"/RapiV1/Orders/{uid}/Contacts", c => c.UpdateContactAsync(uid, new ContactUpdate { PartyType = "property contact", FirstName = "Jane", LastName = "Smith", EmailAddress = "JaneSmith@test.com", Phone = "555-555-5555" })),
        AwUnsafe.PlaceOnHold => ("PUT", $"/RapiV1/Orders/{uid}/Hold", c => c.PlaceOnHoldAsync(uid, "Borrower payment not received")),
        AwUnsafe.Resume => ("PUT", $"/RapiV1/Orders/{uid}/Resume", c => c.ResumeAsync(uid, "Payment received")),
        AwUnsafe.Cancel => ("PUT", $"/RapiV1/Orders/{uid}/Cancel", c => c.CancelAsync(uid, "No longer needed")),
        AwUnsafe.DeliverToBorrower => ("PUT", $"/RapiV1/Orders/{uid}/DeliverToBorrower", c => c.DeliverToBorrowerAsync(uid, new BorrowerDelivery
        {
            BorrowerEmail = "JohnHomeowner@test.com", BorrowerAddress1 = "123 Main St", BorrowerAddress2 = "Apt 2",
            BorrowerCity = "SomewhereVille", BorrowerState = "OH", BorrowerZip = "42131",
        })),
        AwUnsafe.RequestInspectionSchedule => ("PUT", $"/RapiV1/Orders/{uid}/InspectionSchedule", c => c.RequestInspectionScheduleAsync(uid, new InspectionScheduleRequest
        {
            Option1Date = new DateOnly(2030, 8, 15), Option1TimeSlot = TimeSlots.Morning,
            Option2Date = new DateOnly(2030, 8, 16), Option2TimeSlot = TimeSlots.Morning,
            Option3Date = new DateOnly(2030, 8, 17), Option3TimeSlot = TimeSlots.Afternoon,
            ContactPhone = "555-555-5555", Cell = true, Comments = "I have a big friendly dog",
        })),
        _ => ("PUT", $"/RapiV1/Orders/{uid}/Reschedule", c => c.RescheduleAppointmentAsync(uid, new RescheduleRequest
        {
            OrderId = "12345", AppointmentDate = AppraisalWorksDate.FromAppointment(new DateTime(2030, 1, 1, 12, 0, 0), "EST"), Comment = "Property contact needs to reschedule.",
        })),
    };

    /// <summary>One GET on the client's pooled connection, so that the faulted request reuses it.</summary>
    private static async Task WarmAsync(IAppraisalWorksClient client, string uid)
    {
        try
        {
            await client.GetExpectedDeliveryAsync(uid);
        }
        catch (AppraisalWorksException)
        {
            // Any answer warms the connection.
        }
    }

    private void AddExact(SandboxApi api, string method, string path, FaultKind kind, TimeSpan? delay = null, byte[]? body = null, int status = 503, string? location = null, long bodyBytes = 0)
    {
        var rule = new FaultRule
        {
            Api = api, Method = method, PathPattern = "^" + System.Text.RegularExpressions.Regex.Escape(path) + "$", PathMatch = PathMatch.Regex,
            Kind = kind, Delay = delay ?? TimeSpan.FromSeconds(1), Body = body, StatusCode = status, Times = 1,
            Location = location ?? "http://redirect-target.invalid/elsewhere", BodyBytes = bodyBytes > 0 ? bodyBytes : 64L * 1024 * 1024,
        };
        Sandbox.Faults.Add(rule);
    }

    private async Task<(T Error, TimeSpan Elapsed)> TimedThrowsAsync<T>(Func<Task> call)
        where T : Exception
    {
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<T>(call);
        watch.Stop();
        output.WriteLine($"{typeof(T).Name} after {watch.Elapsed.TotalMilliseconds:F0} ms: {error.Message}");
        return (error, watch.Elapsed);
    }

    private async Task<HouseCanaryId> CreateHcOrderAsync(string name)
    {
        using var setup = Clients.SetupHouseCanary(Sandbox);
        return (await setup.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(HcOrder(name))).Id;
    }

    private async Task<string> CreateAwOrderAsync(string prefix)
    {
        string uid = prefix + "-" + Guid.NewGuid().ToString("N")[..12];
        using var setup = Clients.SetupAppraisalWorks(Sandbox);
        await setup.GetRequiredService<IAppraisalWorksClient>().CreateOrderAsync(TestData.AppraisalWorksOrder(uid));
        return uid;
    }

    /// <summary>The server may still be finishing a request the client gave up on: wait for a count to settle.</summary>
    private static async Task<int> SettledAsync(Func<int> count)
    {
        int last = count();
        for (int i = 0; i < 10; i++)
        {
            await Task.Delay(50);
            int now = count();
            if (now == last && i >= 3)
            {
                break;
            }

            last = now;
        }

        return last;
    }

    private static CreateOrderRequest HcOrder(string name) => new()
    {
        Name = name,
        Items = [new CreateOrderItem { Address = "123 Main St", Zipcode = "78701" }],
    };

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
