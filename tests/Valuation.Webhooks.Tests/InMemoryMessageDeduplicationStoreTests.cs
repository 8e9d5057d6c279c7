using Microsoft.Extensions.Time.Testing;

namespace Valuation.Webhooks.Tests;

/// <summary>The in-memory de-duplication store: atomic claims with owner tokens, expiry, retention, a bound.</summary>
public sealed class InMemoryMessageDeduplicationStoreTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task First_claim_wins_then_in_progress_then_processed()
    {
        var store = new InMemoryMessageDeduplicationStore();
        var first = await store.TryClaimAsync("m1", Lease);

        Assert.Equal(ClaimStatus.Claimed, first.Status);
        Assert.Equal(ClaimStatus.InProgress, (await store.TryClaimAsync("m1", Lease)).Status);
        Assert.True(await store.CompleteAsync(first.Claim!, TimeSpan.FromHours(1)));
        Assert.Equal(ClaimStatus.AlreadyProcessed, (await store.TryClaimAsync("m1", Lease)).Status);
    }

    [Fact]
    public async Task A_released_claim_lets_the_redelivery_be_processed_and_a_completed_one_is_not_forgotten_by_release()
    {
        var store = new InMemoryMessageDeduplicationStore();
        var first = await store.TryClaimAsync("m1", Lease);
        Assert.True(await store.ReleaseAsync(first.Claim!));
        var second = await store.TryClaimAsync("m1", Lease);
        Assert.Equal(ClaimStatus.Claimed, second.Status);

        Assert.True(await store.CompleteAsync(second.Claim!, TimeSpan.FromHours(1)));
        Assert.False(await store.ReleaseAsync(second.Claim!));
        Assert.Equal(ClaimStatus.AlreadyProcessed, (await store.TryClaimAsync("m1", Lease)).Status);
    }

    [Fact]
    public async Task An_abandoned_claim_expires_after_its_lease_and_a_completion_after_its_retention()
    {
        var time = new FakeTimeProvider();
        var store = new InMemoryMessageDeduplicationStore(timeProvider: time);
        _ = await store.TryClaimAsync("m1", Lease);
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(ClaimStatus.InProgress, (await store.TryClaimAsync("m1", Lease)).Status);
        time.Advance(TimeSpan.FromSeconds(2));
        var again = await store.TryClaimAsync("m1", Lease);
        Assert.Equal(ClaimStatus.Claimed, again.Status);

        await store.CompleteAsync(again.Claim!, TimeSpan.FromMinutes(10));
        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(ClaimStatus.AlreadyProcessed, (await store.TryClaimAsync("m1", Lease)).Status);
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(ClaimStatus.Claimed, (await store.TryClaimAsync("m1", Lease)).Status);
    }

    [Fact]
    public async Task The_store_is_bounded_and_forgets_the_oldest_first()
    {
        var store = new InMemoryMessageDeduplicationStore(capacity: 3);
        foreach (string key in new[] { "a", "b", "c", "d" })
        {
            await store.CompleteAsync((await store.TryClaimAsync(key, Lease)).Claim!, TimeSpan.FromHours(1));
        }

        Assert.Equal(3, store.Count);
        Assert.Equal(ClaimStatus.AlreadyProcessed, (await store.TryClaimAsync("d", Lease)).Status);
        Assert.Equal(ClaimStatus.AlreadyProcessed, (await store.TryClaimAsync("b", Lease)).Status);
        Assert.Equal(ClaimStatus.Claimed, (await store.TryClaimAsync("a", Lease)).Status);
    }

    [Fact]
    public async Task Exactly_one_of_many_concurrent_claims_wins_and_each_claim_has_its_own_token()
    {
        var store = new InMemoryMessageDeduplicationStore();
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(async () => await store.TryClaimAsync("same", Lease))));

        Assert.Single(results, r => r.Status == ClaimStatus.Claimed);
        Assert.Equal(63, results.Count(r => r.Status == ClaimStatus.InProgress));
        Assert.NotEqual(MessageClaim.CreateNew("k").Token, MessageClaim.CreateNew("k").Token);
    }
}
