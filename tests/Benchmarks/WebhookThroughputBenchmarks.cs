using System.Net;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using HouseCanary.OrderManager.Callouts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Valuation.Webhooks;
using Valuation.Webhooks.Inbox;

namespace Valuation.Benchmarks;

/// <summary>Throughput: one invocation sends a batch of callouts from 64 concurrent senders; the mean is per callout.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddJob(Job.Default
            .WithId("Throughput")
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(6)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
    }
}

/// <summary>
/// Verified callouts per second through <c>MapHouseCanaryCallouts</c> (Signature scheme: HMAC-SHA1 while the body
/// streams in, parse, claim, handler, complete) against a bare minimal-API endpoint that only checks the HMAC-SHA1,
/// in the same Kestrel, with 64 concurrent senders. Every callout has a fresh <c>message_id</c>, so each one runs the
/// handler. Callouts per second = 1 / Mean.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class WebhookThroughputBenchmarks
{
    internal const int Senders = 64;
    internal const int CalloutsPerInvocation = 4096;
    internal const string Secret = "bench-callout-secret";

    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private Uri _bare = null!;
    private Uri _sdk = null!;
    private long _sequence;

    [GlobalSetup]
    public async Task Setup()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHouseCanaryCallouts<NoOpCallouts>(o =>
        {
            o.Scheme = WebhookAuthenticationScheme.Signature;
            o.Secrets.Add(Secret);
        });
        _app = builder.Build();
        byte[] key = Encoding.UTF8.GetBytes(Secret);
        _app.MapPost("/bare", async context =>
        {
            // The floor: read the body, HMAC-SHA1 it, compare with the header in constant time, answer 200 or 401.
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            string header = context.Request.Headers["X-HC-Signature"].ToString();
            byte[] expected = HMACSHA1.HashData(key, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            bool valid = header.StartsWith("sha1=", StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(Convert.FromHexString(header.AsSpan(5)), expected);
            context.Response.StatusCode = valid ? 200 : 401;
        });
        _app.MapHouseCanaryCallouts("/callouts/housecanary");
        await _app.StartAsync();
        var root = new Uri(_app.Urls.First());
        _bare = new Uri(root, "/bare");
        _sdk = new Uri(root, "/callouts/housecanary");
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Senders, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
        if (await SendAsync(_sdk, 0) != HttpStatusCode.OK || await SendAsync(_bare, 0) != HttpStatusCode.OK)
        {
            throw new InvalidOperationException("A signed callout was not answered 200.");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CalloutsPerInvocation)]
    public Task Bare_MinimalApi_HmacSha1() => RunAsync(_bare);

    [Benchmark(OperationsPerInvoke = CalloutsPerInvocation)]
    public Task Sdk_MapHouseCanaryCallouts() => RunAsync(_sdk);

    internal static (byte[] Body, string Signature) Callout(long id)
    {
        byte[] body = Encoding.UTF8.GetBytes($$"""{"message_type":"order_status_change","message_id":"bench-{{id}}","order_id":"1234","customer_order_id":"c-1","new_status":"complete","external_integration_ids":["ext-1"]}""");
        return (body, "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(Secret), body)));
    }

    internal static Task SendAllAsync(Func<long, Task<HttpStatusCode>> send, Func<long> next) =>
        Parallel.ForEachAsync(Enumerable.Range(0, CalloutsPerInvocation), new ParallelOptions { MaxDegreeOfParallelism = Senders }, async (_, _) =>
        {
            if (await send(next()) != HttpStatusCode.OK)
            {
                throw new InvalidOperationException("A callout was not answered 200.");
            }
        });

    private Task RunAsync(Uri target) => SendAllAsync(id => SendAsync(target, id), () => Interlocked.Increment(ref _sequence));

    private async Task<HttpStatusCode> SendAsync(Uri target, long id)
    {
        var (body, signature) = Callout(id);
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
        request.Headers.TryAddWithoutValidation("X-HC-Signature", signature);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    internal sealed class NoOpCallouts : CalloutHandler;
}

/// <summary>
/// The Redis Streams inbox: how fast the endpoint accepts (verify, parse, <c>XADD</c>, answer 200) from 64 concurrent
/// senders, and how fast one worker then processes them (take, claim, handler, complete, <c>XACK</c>). Needs
/// <c>VALUATION_REDIS=host:port</c> (a Redis of its own: the benchmark deletes its keys).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class InboxThroughputBenchmarks
{
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private Uri _sdk = null!;
    private WebhookInboxWorker _worker = null!;
    private long _sequence;

    [GlobalSetup]
    public async Task Setup()
    {
        string redis = Environment.GetEnvironmentVariable("VALUATION_REDIS") ?? throw new InvalidOperationException("Set VALUATION_REDIS=host:port to run the inbox benchmarks.");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddHouseCanaryCallouts<WebhookThroughputBenchmarks.NoOpCallouts>(o =>
        {
            o.Scheme = WebhookAuthenticationScheme.Signature;
            o.Secrets.Add(WebhookThroughputBenchmarks.Secret);
        }).UseRedisInbox(redis, inbox => inbox.KeyPrefix = $"bench:{Guid.NewGuid():N}:", worker =>
        {
            worker.RunWorker = true;
            worker.MaxConcurrency = 16;
        });
        _app = builder.Build();
        _app.MapHouseCanaryCallouts("/callouts/housecanary");

        // The worker is driven by the benchmark (ProcessAvailableAsync), not started as a hosted service.
        _worker = _app.Services.GetServices<IHostedService>().OfType<WebhookInboxWorker>().Single();
        await _app.StartAsync();
        await _worker.StopAsync(CancellationToken.None);
        _sdk = new Uri(new Uri(_app.Urls.First()), "/callouts/housecanary");
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = WebhookThroughputBenchmarks.Senders, PooledConnectionLifetime = Timeout.InfiniteTimeSpan });
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [IterationCleanup(Target = nameof(Inbox_Enqueue_via_MapHouseCanaryCallouts))]
    public void DrainAfterEnqueue() => _worker.ProcessAvailableAsync().GetAwaiter().GetResult();

    [IterationSetup(Target = nameof(Inbox_Process_by_one_worker))]
    public void FillBeforeProcess() => EnqueueAsync().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = WebhookThroughputBenchmarks.CalloutsPerInvocation)]
    public Task Inbox_Enqueue_via_MapHouseCanaryCallouts() => EnqueueAsync();

    [Benchmark(OperationsPerInvoke = WebhookThroughputBenchmarks.CalloutsPerInvocation)]
    public async Task Inbox_Process_by_one_worker()
    {
        int processed = await _worker.ProcessAvailableAsync();
        if (processed != WebhookThroughputBenchmarks.CalloutsPerInvocation)
        {
            throw new InvalidOperationException($"The worker processed {processed} messages.");
        }
    }

    private Task EnqueueAsync() => WebhookThroughputBenchmarks.SendAllAsync(
        async id =>
        {
            var (body, signature) = WebhookThroughputBenchmarks.Callout(id);
            using var request = new HttpRequestMessage(HttpMethod.Post, _sdk) { Content = new ByteArrayContent(body) };
            request.Headers.TryAddWithoutValidation("X-HC-Signature", signature);
            using var response = await _http.SendAsync(request);
            return response.StatusCode;
        },
        () => Interlocked.Increment(ref _sequence));
}
