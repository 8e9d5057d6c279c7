using Microsoft.Extensions.Time.Testing;
using Shared.Signing.Deduplication;

namespace Shared.Signing.Tests;

public class InMemoryMessageDeduplicationStoreTests
{
    private static readonly TimeSpan Processing = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    [Fact]
    public async Task First_claim_wins_then_in_progress_then_processed()
    {
        var store = new InMemoryMessageDeduplicationStore();
        Assert.Equal(DeduplicationClaim.Claimed, await store.TryClaimAsync("m1", Processing));
        Assert.Equal(DeduplicationClaim.InProgress, await store.TryClaimAsync("m1", Processing));
        await store.CompleteAsync("m1", Retention);
        Assert.Equal(DeduplicationClaim.AlreadyProcessed, await store.TryClaimAsync("m1", Processing));
    }

    [Fact]
    public async Task A_released_claim_lets_the_redelivery_be_processed()
    {
        var store = new InMemoryMessageDeduplicationStore();
        Assert.Equal(DeduplicationClaim.Claimed, await store.TryClaimAsync("m1", Processing));
        await store.ReleaseAsync("m1");
        Assert.Equal(DeduplicationClaim.Claimed, await store.TryClaimAsync("m1", Processing));
    }

    [Fact]
    public async Task Release_does_not_forget_a_completed_message()
    {
        var store = new InMemoryMessageDeduplicationStore();
        await store.TryClaimAsync("m1", Processing);
        await store.CompleteAsync("m1", Retention);
        await store.ReleaseAsync("m1");
        Assert.Equal(DeduplicationClaim.AlreadyProcessed, await store.TryClaimAsync("m1", Processing));
    }

    [Fact]
    public async Task An_abandoned_claim_expires_after_the_processing_timeout()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryMessageDeduplicationStore(timeProvider: time);
        await store.TryClaimAsync("m1", Processing);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(DeduplicationClaim.InProgress, await store.TryClaimAsync("m1", Processing));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(DeduplicationClaim.Claimed, await store.TryClaimAsync("m1", Processing));
    }

    [Fact]
    public async Task Completed_messages_are_forgotten_after_retention()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryMessageDeduplicationStore(timeProvider: time);
        await store.TryClaimAsync("m1", Processing);
        await store.CompleteAsync("m1", TimeSpan.FromHours(1));
        time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(DeduplicationClaim.AlreadyProcessed, await store.TryClaimAsync("m1", Processing));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(DeduplicationClaim.Claimed, await store.TryClaimAsync("m1", Processing));
    }

    [Fact]
    public async Task The_store_is_bounded_and_forgets_the_oldest_first()
    {
        var store = new InMemoryMessageDeduplicationStore(capacity: 3);
        foreach (string key in new[] { "a", "b", "c", "d" })
        {
            await store.TryClaimAsync(key, Processing);
            await store.CompleteAsync(key, Retention);
        }

        Assert.Equal(3, store.Count);
        Assert.Equal(DeduplicationClaim.AlreadyProcessed, await store.TryClaimAsync("d", Processing));
        Assert.Equal(DeduplicationClaim.AlreadyProcessed, await store.TryClaimAsync("b", Processing));
        Assert.Equal(DeduplicationClaim.Claimed, await store.TryClaimAsync("a", Processing));
    }

    [Fact]
    public async Task Exactly_one_of_many_concurrent_claims_wins()
    {
        var store = new InMemoryMessageDeduplicationStore();
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 64).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await store.TryClaimAsync("same", Processing);
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(tasks);
        Assert.Single(results, r => r == DeduplicationClaim.Claimed);
        Assert.Equal(63, results.Count(r => r == DeduplicationClaim.InProgress));
    }
}
