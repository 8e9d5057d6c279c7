using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Valuation.Webhooks.Inbox;

namespace Valuation.Webhooks.Redis.Tests;

/// <summary>
/// The Redis health check, registered as users register it and run by HealthCheckService: healthy when Redis answers
/// PING, unhealthy (or the registered failure status) when it does not, within the check's timeout, and never with
/// the connection string in its description.
/// </summary>
[Collection(RedisTestGroup.Name)]
public sealed class RedisHealthCheckTests(RedisServerFixture redis)
{
    private static async Task<HealthReportEntry> RunAsync(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        register(services);
        await using var provider = services.BuildServiceProvider();
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return Assert.Single(report.Entries).Value;
    }

    [SkippableFact]
    public async Task A_reachable_Redis_is_healthy_with_its_latency()
    {
        redis.RequireRedis();

        var entry = await RunAsync(services =>
        {
            services.AddRedisMessageDeduplication(redis.Endpoint!);
            services.AddHealthChecks().AddValuationWebhookRedisStore();
        });

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.True((double)entry.Data["latency_ms"] >= 0);
        Assert.StartsWith("Redis answered PING in ", entry.Description, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_inbox_registration_shares_its_connection_with_the_checked_store()
    {
        redis.RequireRedis();

        var entry = await RunAsync(services =>
        {
            new Valuation.Webhooks.WebhookReceiverBuilder(services, "health-receiver").UseRedisInbox(redis.Endpoint!);
            services.AddHealthChecks().AddValuationWebhookRedisStore(name: "redis");
        });

        Assert.Equal(HealthStatus.Healthy, entry.Status);
    }

    [SkippableFact]
    public async Task A_Redis_inbox_with_an_old_pending_message_fails_the_inbox_check()
    {
        redis.RequireRedis();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        string prefix = $"test:{Guid.NewGuid():N}:";
        var inbox = new RedisWebhookInbox(redis.Connection!, "health-receiver", new RedisInboxOptions { KeyPrefix = prefix }, time);
        await inbox.EnqueueAsync("test:old", "{}"u8.ToArray());

        async Task<HealthStatus> CheckAsync() => (await RunAsync(services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddKeyedSingleton<IWebhookInbox>("health-receiver", inbox);
            services.AddHealthChecks().AddValuationWebhookInbox("health-receiver", o => o.MaxAge = TimeSpan.FromMinutes(5));
        })).Status;

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HealthStatus.Healthy, await CheckAsync());
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(HealthStatus.Unhealthy, await CheckAsync());
    }

    [Fact]
    public async Task A_Redis_that_does_not_answer_fails_the_check_within_its_timeout_without_the_password()
    {
        int port = ClosedPort();

        var entry = await RunAsync(services =>
        {
            services.AddRedisMessageDeduplication($"127.0.0.1:{port},password=hunter2-secret,connectTimeout=200");
            services.AddHealthChecks().AddValuationWebhookRedisStore(failureStatus: HealthStatus.Degraded, timeout: TimeSpan.FromSeconds(2));
        });

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.DoesNotContain("hunter2", entry.Description ?? string.Empty, StringComparison.Ordinal);
        Assert.True(entry.Duration < TimeSpan.FromSeconds(30), "the check is bounded by its timeout, plus slack");
    }

    [Fact]
    public async Task A_check_without_a_Redis_store_says_how_to_register_one()
    {
        var entry = await RunAsync(services => services.AddHealthChecks().AddValuationWebhookRedisStore());

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("AddRedisMessageDeduplication", entry.Description, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        // A port that was free a moment ago: nothing listens on it, so connecting is refused at once.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
