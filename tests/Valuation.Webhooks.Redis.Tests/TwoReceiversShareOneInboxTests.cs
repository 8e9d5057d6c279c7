using System.Collections.Concurrent;
using HouseCanary.OrderManager.Callouts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;
using Valuation.Webhooks.Inbox;

namespace Valuation.Webhooks.Redis.Tests;

/// <summary>
/// Two receiver instances (two service providers, each on its own Redis connection) share one Redis Streams inbox
/// and one de-duplication store: every callout reaches both, twice, and each is handled exactly once, by whichever
/// worker takes it; both workers do part of the work.
/// </summary>
[Collection(RedisTestGroup.Name)]
public sealed class TwoReceiversShareOneInboxTests(RedisServerFixture redis)
{
    private const int Messages = 200;
    private const string Secret = "two-receivers-secret";

    [SkippableFact]
    public async Task Every_callout_delivered_to_both_receivers_is_handled_exactly_once_by_the_shared_workers()
    {
        redis.RequireRedis();
        string prefix = $"test:{Guid.NewGuid():N}:";
        string run = Guid.NewGuid().ToString("N");
        var ledger = new Ledger();
        await using var connectionA = await redis.ConnectAsync();
        await using var connectionB = await redis.ConnectAsync();
        await using var a = Instance("A", connectionA, prefix, ledger);
        await using var b = Instance("B", connectionB, prefix, ledger);
        var signer = new CalloutSigner(Options());

        // Every message reaches both instances twice, all at once; each endpoint answers as soon as it is stored.
        var answers = new ConcurrentBag<WebhookOutcome>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Messages), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var request = signer.CreateRequest(new OrderStatusChangeMessage { MessageType = CalloutMessageTypes.OrderStatusChange, MessageId = $"{run}-{i}", OrderId = "1", NewStatus = "complete" });
            foreach (var instance in new[] { a, b, a, b })
            {
                answers.Add((await instance.GetRequiredService<CalloutProcessor>().ProcessAsync(request, ct)).Outcome);
            }
        });
        Assert.All(answers, o => Assert.Equal(WebhookOutcome.Accepted, o));

        // Both workers drain the shared inbox concurrently; copies that met a claim in progress come back once the
        // (one-second) claim lease could have lapsed, and are then duplicates.
        var inbox = a.GetRequiredKeyedService<IWebhookInbox>(CalloutProcessor.ReceiverName);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        WebhookInboxStatistics stats;
        do
        {
            await Task.WhenAll(Worker(a).ProcessAvailableAsync(), Worker(b).ProcessAvailableAsync());
            stats = await inbox.GetStatisticsAsync();
            if (stats.Ready + stats.InFlight + stats.Scheduled > 0)
            {
                await Task.Delay(250);
            }
        }
        while (stats.Ready + stats.InFlight + stats.Scheduled > 0 && DateTime.UtcNow < deadline);

        Assert.Equal((0, 0, 0, 0), (stats.Ready, stats.InFlight, stats.Scheduled, stats.DeadLettered));
        Assert.Equal(Messages, ledger.Handled.Count);
        Assert.All(ledger.Handled, kv => Assert.Equal(1, kv.Value));
        Assert.True(ledger.ByInstance.GetValueOrDefault("A") > 0 && ledger.ByInstance.GetValueOrDefault("B") > 0, $"A handled {ledger.ByInstance.GetValueOrDefault("A")}, B {ledger.ByInstance.GetValueOrDefault("B")}");
    }

    private static CalloutOptions Options() => new() { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { Secret }, ClaimLease = TimeSpan.FromSeconds(1) };

    private static WebhookInboxWorker Worker(IServiceProvider services) => services.GetServices<IHostedService>().OfType<WebhookInboxWorker>().Single();

    private static ServiceProvider Instance(string name, IConnectionMultiplexer connection, string prefix, Ledger ledger)
    {
        var services = new ServiceCollection();
        services.AddSingleton(ledger);
        services.AddKeyedSingleton("instance", name);
        services.AddHouseCanaryCallouts<LedgerHandler>(o =>
        {
            o.Scheme = WebhookAuthenticationScheme.Signature;
            o.Secrets.Add(Secret);
            o.ClaimLease = TimeSpan.FromSeconds(1);
        }).UseRedisInbox(
            _ => connection,
            inbox => inbox.KeyPrefix = prefix,
            worker =>
            {
                worker.ConsumerName = name;
                worker.MaxConcurrency = 8;
                worker.RetryDelay = TimeSpan.FromMilliseconds(100);
            });
        return services.BuildServiceProvider();
    }

    private sealed class Ledger
    {
        public ConcurrentDictionary<string, int> Handled { get; } = new();

        public ConcurrentDictionary<string, int> ByInstance { get; } = new();
    }

    private sealed class LedgerHandler(Ledger ledger, [FromKeyedServices("instance")] string instance) : CalloutHandler
    {
        public override async Task OnOrderStatusChangeAsync(OrderStatusChangeMessage message, CancellationToken cancellationToken)
        {
            // A little work, so that copies of one message overlap inside the handler, not only at the claim.
            await Task.Delay(2, cancellationToken);
            ledger.Handled.AddOrUpdate(message.MessageId!, 1, (_, n) => n + 1);
            ledger.ByInstance.AddOrUpdate(instance, 1, (_, n) => n + 1);
        }
    }
}
