using Microsoft.Extensions.Time.Testing;
using Valuation.Webhooks.Deduplication;

namespace Valuation.Webhooks.Tests.Strength;

/// <summary>
/// The in-memory de-duplication store at its edges: a lease and a retention end exactly when they say, a claim
/// acts only for its owner, and the bound forgets the least recently claimed first.
/// </summary>
public class DeduplicationStrengthTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    [Fact]
    public async Task A_claim_holds_until_exactly_its_lease_then_the_message_can_be_claimed_again()
    {
        var (store, time) = Store();
        var first = await Claim(store, "k");

        time.Advance(Lease - TimeSpan.FromTicks(1));
        var during = await store.TryClaimAsync("k", Lease);
        time.Advance(TimeSpan.FromTicks(1));
        var after = await store.TryClaimAsync("k", Lease);

        Assert.Equal(ClaimStatus.InProgress, during.Status);
        Assert.Equal(ClaimStatus.Claimed, after.Status);
        Assert.NotEqual(first.Token, after.Claim!.Token);
    }

    [Fact]
    public async Task A_completed_message_is_remembered_until_exactly_its_retention()
    {
        var (store, time) = Store();
        Assert.True(await store.CompleteAsync(await Claim(store, "k"), Retention));

        time.Advance(Retention - TimeSpan.FromTicks(1));
        var during = await store.TryClaimAsync("k", Lease);
        time.Advance(TimeSpan.FromTicks(1));
        var after = await store.TryClaimAsync("k", Lease);

        Assert.Equal(ClaimStatus.AlreadyProcessed, during.Status);
        Assert.Equal(ClaimStatus.Claimed, after.Status);
    }

    [Fact]
    public async Task A_renewal_extends_the_lease_from_now_and_only_for_the_live_owner()
    {
        var (store, time) = Store();
        var claim = await Claim(store, "k");
        var stranger = MessageClaim.CreateNew("k");

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await store.RenewAsync(claim, Lease));
        Assert.False(await store.RenewAsync(stranger, Lease));
        time.Advance(TimeSpan.FromSeconds(29)); // 49 s after the claim, 29 s after the renewal
        var stillHeld = await store.TryClaimAsync("k", Lease);
        time.Advance(TimeSpan.FromSeconds(1));
        bool renewedAfterExpiry = await store.RenewAsync(claim, Lease);

        Assert.Equal(ClaimStatus.InProgress, stillHeld.Status);
        Assert.False(renewedAfterExpiry); // expired, even though no one has taken it yet
    }

    [Fact]
    public async Task A_completed_claim_can_no_longer_be_renewed_or_released()
    {
        var (store, _) = Store();
        var claim = await Claim(store, "k");
        Assert.True(await store.CompleteAsync(claim, Retention));

        Assert.False(await store.RenewAsync(claim, Lease));
        Assert.False(await store.ReleaseAsync(claim));
        Assert.Equal(ClaimStatus.AlreadyProcessed, (await store.TryClaimAsync("k", Lease)).Status);
    }

    [Fact]
    public async Task A_stale_claim_cannot_complete_over_a_live_claim_of_another_delivery()
    {
        var (store, time) = Store();
        var stale = await Claim(store, "k");
        time.Advance(Lease);
        var live = await Claim(store, "k");

        bool completedByStale = await store.CompleteAsync(stale, Retention);
        bool releasedByStale = await store.ReleaseAsync(stale);

        Assert.False(completedByStale);
        Assert.False(releasedByStale);
        Assert.Equal(ClaimStatus.InProgress, (await store.TryClaimAsync("k", Lease)).Status);
        Assert.True(await store.RenewAsync(live, Lease));
        Assert.True(await store.CompleteAsync(live, Retention));
    }

    [Fact]
    public async Task A_stale_claim_whose_successor_also_lapsed_may_still_complete_since_its_handler_did_run()
    {
        var (store, time) = Store();
        var stale = await Claim(store, "k");
        time.Advance(Lease);
        await Claim(store, "k");
        time.Advance(Lease);

        Assert.True(await store.CompleteAsync(stale, Retention));
        Assert.Equal(ClaimStatus.AlreadyProcessed, (await store.TryClaimAsync("k", Lease)).Status);
    }

    [Fact]
    public async Task Completing_a_claim_the_bound_already_forgot_still_remembers_the_message()
    {
        var (store, _) = Store(capacity: 1);
        var a = await Claim(store, "a");
        await Claim(store, "b"); // evicts a

        Assert.True(await store.CompleteAsync(a, Retention));

        Assert.Equal(ClaimStatus.AlreadyProcessed, (await store.TryClaimAsync("a", Lease)).Status);
    }

    [Fact]
    public async Task Releasing_lets_the_next_delivery_claim_at_once_and_only_the_owner_may_release()
    {
        var (store, _) = Store();
        var claim = await Claim(store, "k");

        Assert.False(await store.ReleaseAsync(MessageClaim.CreateNew("k")));
        Assert.Equal(ClaimStatus.InProgress, (await store.TryClaimAsync("k", Lease)).Status);
        Assert.True(await store.ReleaseAsync(claim));
        Assert.Equal(0, store.Count);
        Assert.Equal(ClaimStatus.Claimed, (await store.TryClaimAsync("k", Lease)).Status);
    }

    [Fact]
    public async Task The_bound_forgets_the_least_recently_claimed_and_a_reclaimed_key_counts_as_recent()
    {
        var (store, time) = Store(capacity: 2);
        await Claim(store, "a");
        time.Advance(TimeSpan.FromSeconds(1));
        await Claim(store, "b");
        time.Advance(Lease); // a's lease has passed; b's has too
        await Claim(store, "a"); // re-claimed: now the most recent

        await Claim(store, "c"); // evicts b, the least recent

        Assert.Equal(2, store.Count);
        Assert.Equal(ClaimStatus.InProgress, (await store.TryClaimAsync("a", Lease)).Status);
        Assert.Equal(ClaimStatus.InProgress, (await store.TryClaimAsync("c", Lease)).Status);
        Assert.Equal(ClaimStatus.Claimed, (await store.TryClaimAsync("b", Lease)).Status);
    }

    [Fact]
    public async Task A_key_reclaimed_after_its_lease_is_remembered_once_so_later_evictions_stay_in_order()
    {
        var (store, time) = Store(capacity: 2);
        await Claim(store, "a");
        time.Advance(Lease);
        await Claim(store, "a"); // its lapsed claim is forgotten, not kept beside the new one

        await Claim(store, "b");
        await Claim(store, "c"); // evicts a
        await Claim(store, "d"); // evicts b

        Assert.Equal(2, store.Count);
        Assert.Equal(ClaimStatus.InProgress, (await store.TryClaimAsync("c", Lease)).Status);
        Assert.Equal(ClaimStatus.InProgress, (await store.TryClaimAsync("d", Lease)).Status);
    }

    [Fact]
    public async Task A_store_of_capacity_one_keeps_one_message()
    {
        var (store, _) = Store(capacity: 1);
        await Claim(store, "a");
        await Claim(store, "b");

        Assert.Equal(1, store.Count);
        Assert.Equal(1, store.Capacity);
        Assert.Equal(ClaimStatus.InProgress, (await store.TryClaimAsync("b", Lease)).Status);
    }

    [Fact]
    public async Task Invalid_arguments_and_a_cancelled_claim_are_refused_and_claim_nothing()
    {
        var (store, _) = Store();

        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemoryMessageDeduplicationStore(capacity: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.TryClaimAsync("k", TimeSpan.Zero).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryClaimAsync("", Lease).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.TryClaimAsync("k", Lease, new CancellationToken(true)).AsTask());
        var claim = await Claim(store, "k");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.RenewAsync(claim, TimeSpan.Zero).AsTask());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.CompleteAsync(claim, TimeSpan.Zero).AsTask());

        Assert.Equal(1, store.Count);
    }

    private static (InMemoryMessageDeduplicationStore Store, FakeTimeProvider Time) Store(int capacity = 100)
    {
        var time = new FakeTimeProvider();
        return (new InMemoryMessageDeduplicationStore(capacity, time), time);
    }

    private static async Task<MessageClaim> Claim(InMemoryMessageDeduplicationStore store, string key)
    {
        var result = await store.TryClaimAsync(key, Lease);
        Assert.Equal(ClaimStatus.Claimed, result.Status);
        return result.Claim!;
    }
}
