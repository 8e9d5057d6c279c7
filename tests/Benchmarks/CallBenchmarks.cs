using System.Net.Http.Headers;
using System.Text.Json;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HouseCanary.OrderManager;
using HouseCanary.OrderManager.Http;
using HouseCanary.OrderManager.Json;
using HouseCanary.OrderManager.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Refit;

namespace Valuation.Benchmarks;

/// <summary>
/// One HouseCanary call, three ways: the SDK as a user registers it (DI, standard resilience handler, token handler),
/// the hand-written floor (Baseline), and Refit's generated client with a handler doing the floor's auth.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CallConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class HouseCanaryCalls
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private CannedServer _server = null!;
    private ServiceProvider _services = null!;
    private IOrderManagerClient _sdk = null!;
    private HttpClient _plainHttp = null!;
    private OrderManagerClient _plain = null!;
    private HttpClient _floor = null!;
    private HttpClient _refitHttp = null!;
    private IHouseCanaryRefit _refit = null!;
    private ServiceProvider _resilientServices = null!;
    private HttpClient _floorResilient = null!;
    private IHouseCanaryRefit _refitResilient = null!;
    private CreateOrderRequest _sdkOrder = null!;
    private HcCreateOrder _floorOrder = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await CannedServer.StartAsync();
        var services = new ServiceCollection();
        services.AddHouseCanaryOrderManager(o =>
        {
            o.BaseAddress = _server.HouseCanaryBase;
            o.ApiToken = CannedServer.HouseCanaryToken;
            o.OwnerOrganizationId = 101;
            o.OwnerId = 202;
        });
        _services = services.BuildServiceProvider();
        _sdk = _services.GetRequiredService<IOrderManagerClient>();
        var monitor = _services.GetRequiredService<IOptionsMonitor<OrderManagerOptions>>();
        _plainHttp = new HttpClient(new TokenAuthenticationHandler(monitor) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = _server.HouseCanaryBase };
        _plain = new OrderManagerClient(_plainHttp, monitor);
        _floor = new HttpClient(new SocketsHttpHandler()) { BaseAddress = _server.HouseCanaryBase };
        _refitHttp = new HttpClient(new FloorAuthHandler(appraisalWorks: false)) { BaseAddress = _server.Root };
        _refit = RestService.ForGenerated<IHouseCanaryRefit>(_refitHttp, FloorJsonContext.Default);
        _resilientServices = ResilientFloor.Build(_server.HouseCanaryBase, _server.Root, appraisalWorks: false);
        var factory = _resilientServices.GetRequiredService<IHttpClientFactory>();
        _floorResilient = factory.CreateClient("floor");
        _refitResilient = RestService.ForGenerated<IHouseCanaryRefit>(factory.CreateClient("refit"), FloorJsonContext.Default);

        byte[] example = TestData.ReadBytes("create_order_request.json");
        _sdkOrder = JsonSerializer.Deserialize(example, OrderManagerJsonContext.Default.CreateOrderRequest)!;
        _floorOrder = JsonSerializer.Deserialize(example, FloorJsonContext.Default.HcCreateOrder)!;

        // Each variant must really work against the server before it is timed.
        Check((await Sdk_CreateOrder()).Id, (await Floor_CreateOrder()).Id, (await Refit_CreateOrder()).Id);
        Check((await Sdk_GetOrder()).Id, (await Floor_GetOrder()).Id, (await Refit_GetOrder()).Id);
        Check((await SdkNoResilience_CreateOrder()).Id, (await SdkNoResilience_GetOrder()).Id.TryGetInt64(out long id) ? id : 0, 1234);
        Check(1234, (await FloorResilience_CreateOrder()).Id, (await RefitResilience_CreateOrder()).Id);
        Check(1234, (await FloorResilience_GetOrder()).Id, (await RefitResilience_GetOrder()).Id);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _resilientServices.DisposeAsync();
        _plainHttp.Dispose();
        _floor.Dispose();
        _refitHttp.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("HC create order")]
    public Task<HcOrder> Floor_CreateOrder() => FloorCreateOrderAsync(_floor);

    /// <summary>The floor behind the standard resilience handler (IHttpClientFactory, its defaults).</summary>
    [Benchmark, BenchmarkCategory("HC create order")]
    public Task<HcOrder> FloorResilience_CreateOrder() => FloorCreateOrderAsync(_floorResilient);

    /// <summary>Refit behind the standard resilience handler, auth as a handler inside it.</summary>
    [Benchmark, BenchmarkCategory("HC create order")]
    public Task<HcOrder> RefitResilience_CreateOrder() => _refitResilient.CreateOrderAsync(_floorOrder, CancellationToken.None);

    private async Task<HcOrder> FloorCreateOrderAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "orders/");
        FloorAuth.AddHouseCanaryToken(request);
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(_floorOrder, FloorJsonContext.Default.HcCreateOrder));
        content.Headers.ContentType = Json;
        request.Content = content;
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        return (await JsonSerializer.DeserializeAsync(body, FloorJsonContext.Default.HcOrder))!;
    }

    [Benchmark, BenchmarkCategory("HC create order")]
    public Task<Order> Sdk_CreateOrder() => _sdk.CreateOrderAsync(_sdkOrder);

    /// <summary>The SDK client without DI: token handler only, no resilience handler (splits the SDK's cost).</summary>
    [Benchmark, BenchmarkCategory("HC create order")]
    public Task<Order> SdkNoResilience_CreateOrder() => _plain.CreateOrderAsync(_sdkOrder);

    [Benchmark, BenchmarkCategory("HC create order")]
    public Task<HcOrder> Refit_CreateOrder() => _refit.CreateOrderAsync(_floorOrder, CancellationToken.None);

    [Benchmark(Baseline = true), BenchmarkCategory("HC get order")]
    public Task<HcOrder> Floor_GetOrder() => FloorGetOrderAsync(_floor);

    [Benchmark, BenchmarkCategory("HC get order")]
    public Task<HcOrder> FloorResilience_GetOrder() => FloorGetOrderAsync(_floorResilient);

    [Benchmark, BenchmarkCategory("HC get order")]
    public Task<HcOrder> RefitResilience_GetOrder() => _refitResilient.GetOrderAsync(1234, CancellationToken.None);

    private static async Task<HcOrder> FloorGetOrderAsync(HttpClient http)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "orders/1234/");
        FloorAuth.AddHouseCanaryToken(request);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        return (await JsonSerializer.DeserializeAsync(body, FloorJsonContext.Default.HcOrder))!;
    }

    [Benchmark, BenchmarkCategory("HC get order")]
    public Task<Order> Sdk_GetOrder() => _sdk.GetOrderAsync(1234);

    [Benchmark, BenchmarkCategory("HC get order")]
    public Task<Order> SdkNoResilience_GetOrder() => _plain.GetOrderAsync(1234);

    [Benchmark, BenchmarkCategory("HC get order")]
    public Task<HcOrder> Refit_GetOrder() => _refit.GetOrderAsync(1234, CancellationToken.None);

    private static void Check(HouseCanaryId sdk, long floor, long refit)
    {
        if (sdk != 1234 || floor != 1234 || refit != 1234)
        {
            throw new InvalidOperationException($"A variant did not read the canned order: sdk {sdk}, floor {floor}, refit {refit}.");
        }
    }
}

/// <summary>
/// One AppraisalWorks call, three ways. Every request is HMAC-signed with a fresh x-request-date and the server verifies
/// each signature, as the sandbox does.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CallConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class AppraisalWorksCalls
{
    private const string Uid = "81B9-F16E-03D8-4C3F";
    private const string Comment = "Hello, this is a comment.";
    private CannedServer _server = null!;
    private ServiceProvider _services = null!;
    private IAppraisalWorksClient _sdk = null!;
    private AppraisalWorksClient _plain = null!;
    private HttpClient _floor = null!;
    private HttpClient _refitHttp = null!;
    private IAppraisalWorksRefit _refit = null!;
    private ServiceProvider _resilientServices = null!;
    private HttpClient _floorResilient = null!;
    private IAppraisalWorksRefit _refitResilient = null!;
    private OrderRequest _order = null!;
    private readonly CommentRequest _comment = new() { Comment = Comment };

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await CannedServer.StartAsync();
        var services = new ServiceCollection();
        services.AddAppraisalWorks(o =>
        {
            o.BaseAddress = _server.AppraisalWorksBase;
            o.ClientId = CannedServer.AwClientId;
            o.PublicKey = CannedServer.AwPublicKey;
            o.PrivateKey = CannedServer.AwPrivateKey;
        });
        _services = services.BuildServiceProvider();
        _sdk = _services.GetRequiredService<IAppraisalWorksClient>();
        _plain = AppraisalWorksClient.Create(_services.GetRequiredService<IOptions<AppraisalWorksOptions>>().Value);
        _floor = new HttpClient(new SocketsHttpHandler()) { BaseAddress = _server.AppraisalWorksBase };
        _refitHttp = new HttpClient(new FloorAuthHandler(appraisalWorks: true)) { BaseAddress = _server.Root };
        _refit = RestService.ForGenerated<IAppraisalWorksRefit>(_refitHttp, AppraisalWorksJsonContext.Default);
        _resilientServices = ResilientFloor.Build(_server.AppraisalWorksBase, _server.Root, appraisalWorks: true);
        var factory = _resilientServices.GetRequiredService<IHttpClientFactory>();
        _floorResilient = factory.CreateClient("floor");
        _refitResilient = RestService.ForGenerated<IAppraisalWorksRefit>(factory.CreateClient("refit"), AppraisalWorksJsonContext.Default);
        _order = JsonSerializer.Deserialize(TestData.ReadBytes("order-comprehensive.json"), AppraisalWorksJsonContext.Default.OrderRequest)!;

        // Each variant must be accepted by the server (signature verified) before it is timed.
        string[] numbers = [(await Sdk_CreateOrder()).OrderNumber!, (await Floor_CreateOrder()).OrderNumber!, (await Refit_CreateOrder()).OrderNumber!, (await SdkNoResilience_CreateOrder()).OrderNumber!, (await FloorResilience_CreateOrder()).OrderNumber!, (await RefitResilience_CreateOrder()).OrderNumber!];
        if (numbers.Any(n => n != "111977-1"))
        {
            throw new InvalidOperationException("A variant did not read the canned order response: " + string.Join(", ", numbers));
        }

        bool?[] comments = [(await Sdk_AddComment()).IsSuccess, (await Floor_AddComment()).IsSuccess, (await Refit_AddComment()).IsSuccess, (await SdkNoResilience_AddComment()).IsSuccess, (await FloorResilience_AddComment()).IsSuccess, (await RefitResilience_AddComment()).IsSuccess];
        if (comments.Any(c => c != true))
        {
            throw new InvalidOperationException("A variant's comment was not accepted.");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        await _resilientServices.DisposeAsync();
        _floor.Dispose();
        _refitHttp.Dispose();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("AW create order")]
    public Task<OrderResponse> Floor_CreateOrder() =>
        FloorSendAsync(_floor, "Orders", JsonSerializer.SerializeToUtf8Bytes(_order, AppraisalWorksJsonContext.Default.OrderRequest), AppraisalWorksJsonContext.Default.OrderResponse);

    [Benchmark, BenchmarkCategory("AW create order")]
    public Task<OrderResponse> FloorResilience_CreateOrder() =>
        FloorSendAsync(_floorResilient, "Orders", JsonSerializer.SerializeToUtf8Bytes(_order, AppraisalWorksJsonContext.Default.OrderRequest), AppraisalWorksJsonContext.Default.OrderResponse);

    [Benchmark, BenchmarkCategory("AW create order")]
    public Task<OrderResponse> RefitResilience_CreateOrder() => _refitResilient.CreateOrderAsync(_order, CancellationToken.None);

    [Benchmark, BenchmarkCategory("AW create order")]
    public Task<OrderResponse> Sdk_CreateOrder() => _sdk.CreateOrderAsync(_order);

    /// <summary>The SDK client without DI (<c>AppraisalWorksClient.Create</c>): signing only, no resilience handler.</summary>
    [Benchmark, BenchmarkCategory("AW create order")]
    public Task<OrderResponse> SdkNoResilience_CreateOrder() => _plain.CreateOrderAsync(_order);

    [Benchmark, BenchmarkCategory("AW create order")]
    public Task<OrderResponse> Refit_CreateOrder() => _refit.CreateOrderAsync(_order, CancellationToken.None);

    [Benchmark(Baseline = true), BenchmarkCategory("AW add comment")]
    public Task<AppraisalWorksResponse> Floor_AddComment() =>
        FloorSendAsync(_floor, "Orders/" + Uid + "/Comments", JsonSerializer.SerializeToUtf8Bytes(_comment, AppraisalWorksJsonContext.Default.CommentRequest), AppraisalWorksJsonContext.Default.AppraisalWorksResponse);

    [Benchmark, BenchmarkCategory("AW add comment")]
    public Task<AppraisalWorksResponse> FloorResilience_AddComment() =>
        FloorSendAsync(_floorResilient, "Orders/" + Uid + "/Comments", JsonSerializer.SerializeToUtf8Bytes(_comment, AppraisalWorksJsonContext.Default.CommentRequest), AppraisalWorksJsonContext.Default.AppraisalWorksResponse);

    [Benchmark, BenchmarkCategory("AW add comment")]
    public Task<AppraisalWorksResponse> RefitResilience_AddComment() => _refitResilient.AddCommentAsync(Uid, _comment, CancellationToken.None);

    [Benchmark, BenchmarkCategory("AW add comment")]
    public Task<AppraisalWorksResponse> Sdk_AddComment() => _sdk.AddCommentAsync(Uid, Comment);

    [Benchmark, BenchmarkCategory("AW add comment")]
    public Task<AppraisalWorksResponse> SdkNoResilience_AddComment() => _plain.AddCommentAsync(Uid, Comment);

    [Benchmark, BenchmarkCategory("AW add comment")]
    public Task<AppraisalWorksResponse> Refit_AddComment() => _refit.AddCommentAsync(Uid, _comment, CancellationToken.None);

    private static async Task<T> FloorSendAsync<T>(HttpClient http, string relative, byte[] json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> responseType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, relative) { Content = new ByteArrayContent(json) };
        request.RequestUri = new Uri(http.BaseAddress!, relative);
        FloorAuth.SignAppraisalWorks(request);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        return (await JsonSerializer.DeserializeAsync(body, responseType))!;
    }
}
