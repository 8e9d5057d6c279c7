using System.Collections.Concurrent;
using Valuation.Webhooks.Deduplication;
using StackExchange.Redis;

namespace Valuation.Webhooks.Redis.Tests;

[Collection(RedisTestGroup.Name)]
public sealed class ConcurrencyTests(RedisServerFixture redis)
{
    private const int Keys = 1_000;
    private const int Instances = 3;
    private const int AttemptsPerKeyPerInstance = 2;
    private static readonly TimeSpan LongTimeout = TimeSpan.FromMinutes(5);

    [SkippableFact]
    public async Task Instances_with_separate_connections_racing_on_the_same_1000_keys_claim_each_key_exactly_once()
    {
        redis.RequireRedis();
        string prefix = $"race:{Guid.NewGuid():N}:";
        var connections = new List<ConnectionMultiplexer>();
        try
        {
            var stores = new List<KeyedClaims>();
            for (int i = 0; i < Instances; i++)
            {
                var connection = await redis.ConnectAsync();
                connections.Add(connection);
                stores.Add(new KeyedClaims(new RedisMessageDeduplicationStore(connection, new RedisDeduplicationOptions { KeyPrefix = prefix })));
            }

            // Every (key, instance) pair tried AttemptsPerKeyPerInstance times, in a shuffled order, from many tasks at once.
            var attempts = (
                from key in Enumerable.Range(0, Keys)
                from store in Enumerable.Range(0, Instances)
                from repeat in Enumerable.Range(0, AttemptsPerKeyPerInstance)
                select (Key: $"message-{key}", Store: store)).ToArray();
            Random.Shared.Shuffle(attempts);

            var claimed = new ConcurrentDictionary<string, int>();
            var outcomes = new ConcurrentBag<ClaimStatus>();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var tasks = attempts.Chunk(attempts.Length / 32).Select(chunk => Task.Run(async () =>
            {
                await start.Task;
                await Task.WhenAll(chunk.Select(async attempt =>
                {
                    ClaimStatus outcome = await stores[attempt.Store].TryClaimAsync(attempt.Key, LongTimeout);
                    outcomes.Add(outcome);
                    if (outcome == ClaimStatus.Claimed)
                    {
                        claimed.AddOrUpdate(attempt.Key, 1, static (_, count) => count + 1);
                    }
                }));
            })).ToArray();
            start.SetResult();
            await Task.WhenAll(tasks);

            Assert.Equal(attempts.Length, outcomes.Count);
            Assert.Equal(Keys, claimed.Count);
            Assert.All(claimed, pair => Assert.Equal(1, pair.Value));
            Assert.Equal(attempts.Length - Keys, outcomes.Count(outcome => outcome == ClaimStatus.InProgress));

            // Every winner completes through the store that holds its claim; then every instance sees each key as done.
            Assert.Equal(Keys, stores.Sum(store => store.HeldClaimCount));
            await Task.WhenAll(Enumerable.Range(0, Keys).Select(async key =>
            {
                foreach (var store in stores)
                {
                    await store.CompleteAsync($"message-{key}", LongTimeout);
                }
            }));
            var after = await Task.WhenAll(
                from key in Enumerable.Range(0, Keys)
                from store in stores
                select store.TryClaimAsync($"message-{key}", LongTimeout).AsTask());
            Assert.All(after, outcome => Assert.Equal(ClaimStatus.AlreadyProcessed, outcome));
            Assert.Equal(0, stores.Sum(store => store.HeldClaimCount));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task Failed_handlers_release_and_exactly_one_redelivery_per_key_is_then_claimed()
    {
        redis.RequireRedis();
        string prefix = $"redeliver:{Guid.NewGuid():N}:";
        await using var firstConnection = await redis.ConnectAsync();
        await using var secondConnection = await redis.ConnectAsync();
        var first = new KeyedClaims(new RedisMessageDeduplicationStore(firstConnection, new RedisDeduplicationOptions { KeyPrefix = prefix }));
        var second = new KeyedClaims(new RedisMessageDeduplicationStore(secondConnection, new RedisDeduplicationOptions { KeyPrefix = prefix }));
        string[] keys = Enumerable.Range(0, 200).Select(i => $"failing-{i}").ToArray();

        Assert.All(await Task.WhenAll(keys.Select(key => first.TryClaimAsync(key, LongTimeout).AsTask())), outcome => Assert.Equal(ClaimStatus.Claimed, outcome));
        await Task.WhenAll(keys.Select(key => first.ReleaseAsync(key).AsTask()));

        var redelivered = await Task.WhenAll(keys.SelectMany(key => new[]
        {
            first.TryClaimAsync(key, LongTimeout).AsTask(),
            second.TryClaimAsync(key, LongTimeout).AsTask(),
        }));

        Assert.Equal(keys.Length, redelivered.Count(outcome => outcome == ClaimStatus.Claimed));
        Assert.Equal(keys.Length, redelivered.Count(outcome => outcome == ClaimStatus.InProgress));
    }
}
