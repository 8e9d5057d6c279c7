using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Valuation.Webhooks.Deduplication;
using StackExchange.Redis;

namespace Valuation.Webhooks.Redis.Tests;

[Collection(RedisTestGroup.Name)]
public sealed class RedisMessageDeduplicationStoreTests(RedisServerFixture redis)
{
    private static readonly TimeSpan LongTimeout = TimeSpan.FromMinutes(5);

    // Each test writes under its own prefix, so tests never see each other's keys.
    private readonly string _prefix = $"test:{Guid.NewGuid():N}:";

    [SkippableFact]
    public async Task A_first_claim_is_Claimed_a_second_is_InProgress_and_after_completion_AlreadyProcessed()
    {
        redis.RequireRedis();
        var store = CreateStore(redis.Connection!);

        Assert.Equal(ClaimStatus.Claimed, await store.TryClaimAsync("msg-1", LongTimeout));
        Assert.Equal(ClaimStatus.InProgress, await store.TryClaimAsync("msg-1", LongTimeout));

        await store.CompleteAsync("msg-1", LongTimeout);

        Assert.Equal(ClaimStatus.AlreadyProcessed, await store.TryClaimAsync("msg-1", LongTimeout));
        Assert.Equal(0, store.HeldClaimCount);
        Assert.Equal("done", (string?)await Database.StringGetAsync(_prefix + "k:msg-1"));
    }

    [SkippableFact]
    public async Task A_claim_is_stored_as_processing_with_a_token_and_the_processing_timeout_as_its_expiry()
    {
        redis.RequireRedis();
        var store = CreateStore(redis.Connection!);

        await store.TryClaimAsync("msg-ttl", TimeSpan.FromSeconds(30));

        string? value = await Database.StringGetAsync(_prefix + "k:msg-ttl");
        Assert.NotNull(value);
        Assert.StartsWith("processing:", value, StringComparison.Ordinal);
        Assert.True(value.Length > "processing:".Length);
        TimeSpan? ttl = await Database.KeyTimeToLiveAsync(_prefix + "k:msg-ttl");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }

    [SkippableFact]
    public async Task Distinct_keys_are_claimed_independently()
    {
        redis.RequireRedis();
        var store = CreateStore(redis.Connection!);

        Assert.Equal(ClaimStatus.Claimed, await store.TryClaimAsync("a", LongTimeout));
        Assert.Equal(ClaimStatus.Claimed, await store.TryClaimAsync("b", LongTimeout));
    }

    [SkippableFact]
    public async Task Release_after_a_handler_failure_lets_the_redelivery_be_claimed_by_any_instance()
    {
        redis.RequireRedis();
        await using var otherConnection = await redis.ConnectAsync();
        var first = CreateStore(redis.Connection!);
        var second = CreateStore(otherConnection);

        Assert.Equal(ClaimStatus.Claimed, await first.TryClaimAsync("msg-2", LongTimeout));
        Assert.Equal(ClaimStatus.InProgress, await second.TryClaimAsync("msg-2", LongTimeout));

        await first.ReleaseAsync("msg-2");

        Assert.Equal(0, first.HeldClaimCount);
        Assert.Equal(ClaimStatus.Claimed, await second.TryClaimAsync("msg-2", LongTimeout));
    }

    [SkippableFact]
    public async Task A_release_by_an_instance_whose_claim_expired_does_not_delete_the_claim_another_instance_took()
    {
        redis.RequireRedis();
        await using var otherConnection = await redis.ConnectAsync();
        var logger = new FakeLogger<RedisMessageDeduplicationStore>();
        var slow = CreateStore(redis.Connection!, logger);
        var other = CreateStore(otherConnection);

        Assert.Equal(ClaimStatus.Claimed, await slow.TryClaimAsync("msg-3", TimeSpan.FromMilliseconds(100)));
        await WaitUntilClaimedAsync(other, "msg-3");

        await slow.ReleaseAsync("msg-3");

        Assert.Equal(ClaimStatus.InProgress, await CreateStore(redis.Connection!).TryClaimAsync("msg-3", LongTimeout));
        Assert.Contains(logger.Collector.GetSnapshot(), record => record.Level == LogLevel.Warning && record.Message.Contains("not released", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_completion_by_an_instance_whose_claim_expired_does_not_overwrite_the_claim_another_instance_took()
    {
        redis.RequireRedis();
        await using var otherConnection = await redis.ConnectAsync();
        var logger = new FakeLogger<RedisMessageDeduplicationStore>();
        var slow = CreateStore(redis.Connection!, logger);
        var other = CreateStore(otherConnection);

        Assert.Equal(ClaimStatus.Claimed, await slow.TryClaimAsync("msg-4", TimeSpan.FromMilliseconds(100)));
        await WaitUntilClaimedAsync(other, "msg-4");

        await slow.CompleteAsync("msg-4", LongTimeout);

        string? value = await Database.StringGetAsync(_prefix + "k:msg-4");
        Assert.StartsWith("processing:", value, StringComparison.Ordinal);
        Assert.Contains(logger.Collector.GetSnapshot(), record => record.Level == LogLevel.Warning && record.Message.Contains("not marked processed", StringComparison.Ordinal));

        // The new owner's completion still counts.
        await other.CompleteAsync("msg-4", LongTimeout);
        Assert.Equal(ClaimStatus.AlreadyProcessed, await slow.TryClaimAsync("msg-4", LongTimeout));
    }

    [SkippableFact]
    public async Task A_claim_that_is_never_completed_expires_after_its_processing_timeout_so_a_crash_loses_nothing()
    {
        redis.RequireRedis();
        var crashed = CreateStore(redis.Connection!);
        Assert.Equal(ClaimStatus.Claimed, await crashed.TryClaimAsync("msg-5", TimeSpan.FromMilliseconds(100)));

        await WaitUntilClaimedAsync(CreateStore(redis.Connection!), "msg-5");
    }

    [SkippableFact]
    public async Task Completion_is_remembered_for_the_retention_and_then_forgotten()
    {
        redis.RequireRedis();
        var store = CreateStore(redis.Connection!);
        Assert.Equal(ClaimStatus.Claimed, await store.TryClaimAsync("msg-6", LongTimeout));

        await store.CompleteAsync("msg-6", TimeSpan.FromMilliseconds(300));

        TimeSpan? ttl = await Database.KeyTimeToLiveAsync(_prefix + "k:msg-6");
        Assert.NotNull(ttl);
        Assert.InRange(ttl.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(300));
        await WaitUntilClaimedAsync(store, "msg-6");
    }

    [SkippableFact]
    public async Task Completing_a_message_nobody_claimed_marks_it_processed()
    {
        redis.RequireRedis();
        var store = CreateStore(redis.Connection!);

        await store.CompleteAsync("msg-7", LongTimeout);

        Assert.Equal(ClaimStatus.AlreadyProcessed, await store.TryClaimAsync("msg-7", LongTimeout));
    }

    [SkippableFact]
    public async Task Releasing_a_processed_message_or_one_never_claimed_here_changes_nothing()
    {
        redis.RequireRedis();
        await using var otherConnection = await redis.ConnectAsync();
        var store = CreateStore(redis.Connection!);
        var other = CreateStore(otherConnection);
        await store.TryClaimAsync("done-msg", LongTimeout);
        await store.CompleteAsync("done-msg", LongTimeout);
        await other.TryClaimAsync("other-msg", LongTimeout);

        await store.ReleaseAsync("done-msg");
        await store.ReleaseAsync("other-msg");

        Assert.Equal(ClaimStatus.AlreadyProcessed, await other.TryClaimAsync("done-msg", LongTimeout));
        Assert.Equal(ClaimStatus.InProgress, await store.TryClaimAsync("other-msg", LongTimeout));
    }

    [SkippableFact]
    public async Task Hostile_keys_become_bounded_redis_keys_and_stay_distinct()
    {
        redis.RequireRedis();
        var store = CreateStore(redis.Connection!);
        string[] hostile =
        [
            new string('x', 1_000_000),
            new string('x', 999_999) + "y",
            "line\r\nbreak",
            "nul\0byte",
            "\uD800",   // a lone high surrogate ...
            "\uFFFD",   // ... must not collide with the replacement character UTF-8 would turn it into
            "space inside",
            "ünïcödé",
            "k:looks-like-a-readable-key",
            "*?[glob]",
            new string('\u0001', 200),
        ];

        foreach (string key in hostile)
        {
            Assert.Equal(ClaimStatus.Claimed, await store.TryClaimAsync(key, LongTimeout));
        }

        foreach (string key in hostile)
        {
            Assert.Equal(ClaimStatus.InProgress, await store.TryClaimAsync(key, LongTimeout));
        }

        var server = redis.Connection!.GetServer(redis.Connection.GetEndPoints()[0]);
        var keys = new List<string>();
        await foreach (RedisKey key in server.KeysAsync(pattern: _prefix + "*"))
        {
            keys.Add(key!);
        }

        Assert.Equal(hostile.Length, keys.Count);
        Assert.All(keys, key => Assert.True(key.Length <= _prefix.Length + 2 + 128, $"Redis key of {key.Length} characters"));
        Assert.Contains(_prefix + "k:k:looks-like-a-readable-key", keys);
    }

    [SkippableFact]
    public async Task A_short_printable_key_stays_readable_in_redis()
    {
        redis.RequireRedis();
        var store = CreateStore(redis.Connection!);

        await store.TryClaimAsync("f3c1b2a0-message-id", LongTimeout);

        Assert.True(await Database.KeyExistsAsync(_prefix + "k:f3c1b2a0-message-id"));
    }

    [SkippableFact]
    public async Task A_caller_that_cancels_before_the_claim_gets_OperationCanceledException_and_leaves_no_claim()
    {
        redis.RequireRedis();
        var store = CreateStore(redis.Connection!);
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await store.TryClaimAsync("msg-8", LongTimeout, cancellation.Token));

        Assert.Equal(ClaimStatus.Claimed, await store.TryClaimAsync("msg-8", LongTimeout));
    }

    [SkippableFact]
    public async Task A_store_that_owns_its_connection_works_from_a_configuration_string()
    {
        redis.RequireRedis();
        await using var store = new KeyedClaims(new RedisMessageDeduplicationStore(new RedisDeduplicationOptions { Configuration = redis.Endpoint, KeyPrefix = _prefix }));

        Assert.Equal(ClaimStatus.Claimed, await store.TryClaimAsync("msg-9", LongTimeout));
        await store.CompleteAsync("msg-9", LongTimeout);
        Assert.Equal(ClaimStatus.AlreadyProcessed, await store.TryClaimAsync("msg-9", LongTimeout));
    }

    [SkippableFact]
    public async Task The_database_option_selects_the_redis_database()
    {
        redis.RequireRedis();
        var store = CreateStore(redis.Connection!, database: 3);

        await store.TryClaimAsync("msg-10", LongTimeout);

        Assert.True(await redis.Connection!.GetDatabase(3).KeyExistsAsync(_prefix + "k:msg-10"));
        Assert.False(await Database.KeyExistsAsync(_prefix + "k:msg-10"));
    }

    [SkippableFact]
    public async Task A_store_from_the_di_registration_claims_through_redis_and_closes_its_connection_with_the_provider()
    {
        redis.RequireRedis();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.RedisWebhookServiceCollectionExtensions.AddRedisMessageDeduplication(
            services, options =>
            {
                options.Configuration = redis.Endpoint;
                options.KeyPrefix = _prefix;
            });
        var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var store = new KeyedClaims(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IMessageDeduplicationStore>(provider));

        Assert.Equal(ClaimStatus.Claimed, await store.TryClaimAsync("msg-11", LongTimeout));
        await provider.DisposeAsync();

        await Assert.ThrowsAnyAsync<ObjectDisposedException>(async () => await store.TryClaimAsync("msg-12", LongTimeout));
        Assert.Equal(ClaimStatus.InProgress, await CreateStore(redis.Connection!).TryClaimAsync("msg-11", LongTimeout));
    }

    private IDatabase Database => redis.Connection!.GetDatabase();

    private KeyedClaims CreateStore(IConnectionMultiplexer connection, ILogger<RedisMessageDeduplicationStore>? logger = null, int database = -1)
    {
        redis.RequireRedis();
        return new KeyedClaims(new RedisMessageDeduplicationStore(connection, new RedisDeduplicationOptions { KeyPrefix = _prefix, Database = database }, logger));
    }

    /// <summary>Polls until the key can be claimed again (its claim or completion expired); fails after 10 s.</summary>
    private static async Task WaitUntilClaimedAsync(KeyedClaims store, string key)
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            if (await store.TryClaimAsync(key, LongTimeout) == ClaimStatus.Claimed)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"'{key}' was never claimable again: its expiry did not take effect.");
    }
}
