using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager.Callouts;
using Microsoft.Extensions.DependencyInjection;
using Reliability.Tests.Support;
using RichardSzalay.MockHttp;
using StackExchange.Redis;
using Valuation.Webhooks.Redis;
using Valuation.Webhooks.Redis.Tests;
using Xunit.Abstractions;

namespace Reliability.Tests;

/// <summary>
/// Two receiver instances (two service providers, each with the packages' processors and its own
/// RedisMessageDeduplicationStore on its own connection to one Redis), fed the same callouts and postbacks
/// concurrently: each message is processed exactly once, and a claim whose handler failed is released so the
/// redelivery is processed.
/// </summary>
[Collection(RedisTestGroup.Name)]
[Trait("Category", "Dedupe")]
public sealed class CrossMachineDedupeTests(RedisServerFixture redis, ITestOutputHelper output)
{
    private const int Messages = 1_000;
    private const int DeliveriesPerInstance = 2;
    private const string CalloutSecret = "dedupe-callout-secret";

    [SkippableFact]
    public async Task Two_instances_process_each_callout_and_postback_exactly_once_and_redeliveries_after_a_failure()
    {
        redis.RequireRedis();
        string prefix = $"reliability:{Guid.NewGuid():N}:";
        var ledger = new Ledger();
        for (int i = 0; i < Messages; i += 25)
        {
            ledger.FailOnce.TryAdd(CalloutId(i), 0);
            ledger.FailOnce.TryAdd(PostbackKey(i), 0);
        }

        await using var connectionA = await redis.ConnectAsync();
        await using var connectionB = await redis.ConnectAsync();
        await using var instanceA = Instance(connectionA, prefix, ledger);
        await using var instanceB = Instance(connectionB, prefix, ledger);
        ServiceProvider[] instances = [instanceA, instanceB];
        var signer = new CalloutSigner(new CalloutOptions { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { CalloutSecret } });
        var calloutOutcomes = new ConcurrentBag<WebhookOutcome>();
        var postbackOutcomes = new ConcurrentBag<WebhookOutcome>();

        async Task DeliverCalloutAsync(ServiceProvider instance, int i)
        {
            await using var scope = instance.CreateAsyncScope();
            var request = signer.CreateRequest(new OrderStatusChangeMessage { MessageType = CalloutMessageTypes.OrderStatusChange, MessageId = CalloutId(i), OrderId = "1", NewStatus = "complete" });
            calloutOutcomes.Add((await scope.ServiceProvider.GetRequiredService<CalloutProcessor>().ProcessAsync(request)).Outcome);
        }

        async Task DeliverPostbackAsync(ServiceProvider instance, int i)
        {
            await using var scope = instance.CreateAsyncScope();
            var request = PostbackTestMessages.CreateRequest(new PostbackOptions(), Uid(i), PostbackEventNames.Comments, 1000 + i);
            postbackOutcomes.Add((await scope.ServiceProvider.GetRequiredService<PostbackProcessor>().ProcessAsync(request)).Outcome);
        }

        // Round 1: every message reaches both instances twice, all at once.
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Messages), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var deliveries = new List<Task>();
            for (int d = 0; d < DeliveriesPerInstance; d++)
            {
                foreach (var instance in instances)
                {
                    deliveries.Add(DeliverCalloutAsync(instance, i));
                    deliveries.Add(DeliverPostbackAsync(instance, i));
                }
            }

            await Task.WhenAll(deliveries);
        });
        clock.Stop();
        int deliveriesMade = Messages * 2 * DeliveriesPerInstance * instances.Length;

        int failing = ledger.FailOnce.Count;
        Assert.Equal(failing / 2, calloutOutcomes.Count(o => o == WebhookOutcome.HandlerFailed));
        Assert.Equal(failing / 2, postbackOutcomes.Count(o => o == WebhookOutcome.HandlerFailed));
        Assert.All(ledger.Processed, kv => Assert.Equal(1, kv.Value));
        Assert.Equal(ledger.Processed.Count, calloutOutcomes.Count(o => o == WebhookOutcome.Processed) + postbackOutcomes.Count(o => o == WebhookOutcome.Processed));
        Assert.All(Enumerable.Range(0, Messages), i =>
        {
            // Every message that did not fail was processed in this round, once.
            Assert.True(ledger.FailOnce.ContainsKey(CalloutId(i)) || ledger.Processed.ContainsKey(CalloutId(i)));
            Assert.True(ledger.FailOnce.ContainsKey(PostbackKey(i)) || ledger.Processed.ContainsKey(PostbackKey(i)));
        });

        // Round 2: the sender redelivers what was answered 500, to the other instance. The claim was released, so a
        // failed message is processed now (or was already, by a concurrent delivery that arrived after the release).
        string[] pending = [.. ledger.FailOnce.Keys.Where(k => !ledger.Processed.ContainsKey(k))];
        foreach (string key in pending)
        {
            int i = int.Parse(key[(key.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            await (key.StartsWith("callout", StringComparison.Ordinal) ? DeliverCalloutAsync(instanceB, i) : DeliverPostbackAsync(instanceB, i));
        }

        Assert.Equal(2 * Messages, ledger.Processed.Count);
        Assert.All(ledger.Processed, kv => Assert.Equal(1, kv.Value));

        // Round 3: late repeats of everything, on both instances: all answered as duplicates, nothing runs again.
        await Parallel.ForEachAsync(Enumerable.Range(0, Messages), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
            await Task.WhenAll(DeliverCalloutAsync(instanceA, i), DeliverPostbackAsync(instanceB, i)));
        Assert.All(ledger.Processed, kv => Assert.Equal(1, kv.Value));
        int duplicates = ledger.Processed.Values.Sum() - ledger.Processed.Count;
        Assert.Equal(0, duplicates);

        output.WriteLine(FormattableString.Invariant(
            $"dedupe: {Messages} callouts + {Messages} postbacks, {deliveriesMade} concurrent deliveries to 2 instances in {clock.Elapsed.TotalSeconds:F2} s ({deliveriesMade / clock.Elapsed.TotalSeconds:F0} deliveries/s); processed once each: {ledger.Processed.Count}; duplicates: {duplicates}; handler failures released: {failing}, processed by the redelivery: {pending.Length}, by a concurrent delivery after the release: {failing - pending.Length}"));
    }

    private static string CalloutId(int i) => $"callout-{i}";

    private static string Uid(int i) => $"DEDUPE-{i}";

    private static string PostbackKey(int i) => $"postback-{i}";

    private static ServiceProvider Instance(IConnectionMultiplexer connection, string prefix, Ledger ledger)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(ledger);
        services.AddHouseCanaryCallouts<LedgerCallouts>(o =>
        {
            o.Scheme = WebhookAuthenticationScheme.Signature;
            o.Secrets.Add(CalloutSecret);
        });
        var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(TestData.AppraisalWorks("event-comments.json")) });
        services.AddAppraisalWorks(o =>
        {
            o.BaseAddress = new Uri("https://aw.test/RapiV1/");
            o.ClientId = "4564";
            o.PublicKey = "pub";
            o.PrivateKey = "priv";
        }).ConfigurePrimaryHttpMessageHandler(() => mock);
        services.AddAppraisalWorksPostbacks<LedgerPostbacks>();
        services.AddRedisMessageDeduplication(_ => connection, o => o.KeyPrefix = prefix);
        return services.BuildServiceProvider(validateScopes: true);
    }

    /// <summary>What every instance did, shared as a database would be.</summary>
    private sealed class Ledger
    {
        public ConcurrentDictionary<string, int> Processed { get; } = new();

        public ConcurrentDictionary<string, int> FailOnce { get; } = new();

        public async Task HandleAsync(string key)
        {
            // A little work, so concurrent deliveries overlap inside the handler, not only at the claim.
            await Task.Delay(1);
            if (FailOnce.TryGetValue(key, out int _) && FailOnce.AddOrUpdate(key, 1, (_, n) => n + 1) == 1)
            {
                throw new InvalidOperationException("The handler's database was briefly unavailable.");
            }

            Processed.AddOrUpdate(key, 1, (_, n) => n + 1);
        }
    }

    private sealed class LedgerCallouts(Ledger ledger) : CalloutHandler
    {
        public override Task OnOrderStatusChangeAsync(OrderStatusChangeMessage message, CancellationToken cancellationToken) => ledger.HandleAsync(message.MessageId!);
    }

    private sealed class LedgerPostbacks(Ledger ledger) : PostbackHandler
    {
        public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken) =>
            ValueTask.FromResult<Stream>(new MemoryStream());

        public override Task OnCommentsAsync(PostbackEvent postbackEvent, CommentDetails details, CancellationToken cancellationToken) =>
            ledger.HandleAsync("postback-" + postbackEvent.TransactionUid["DEDUPE-".Length..]);
    }
}
