namespace Valuation.Webhooks.Deduplication;

/// <summary>
/// Remembers which webhook messages were processed, so that a redelivered message is handled once, and hands out
/// owned, renewable claims on the ones being processed.
/// </summary>
/// <remarks>
/// <para>A receiver calls <see cref="TryClaimAsync"/> before it runs its handler. On <see cref="ClaimStatus.Claimed"/>
/// it holds a <see cref="MessageClaim"/> with a token only it knows; it renews the claim while the handler runs
/// (<see cref="RenewAsync"/>), then calls <see cref="CompleteAsync"/> (success) or <see cref="ReleaseAsync"/>
/// (failure, so that the sender's redelivery is processed). Renew, complete and release act only while the store
/// still holds that claim: a claim that expired and was taken by another delivery is never touched by its old owner.</para>
/// <para>Implementations must make the claim atomic: of any number of concurrent callers with the same key, on one
/// machine or many, exactly one gets <see cref="ClaimStatus.Claimed"/>. The in-memory store serves one process; a
/// shared store (such as <c>Valuation.Webhooks.Redis</c>) serves a fleet behind a load balancer.</para>
/// </remarks>
public interface IMessageDeduplicationStore
{
    /// <summary>Atomically claims <paramref name="key"/> for processing.</summary>
    /// <param name="key">The message's identity, such as <c>housecanary:{message_id}</c>.</param>
    /// <param name="lease">How long the claim holds unless renewed (what a crash mid-handler costs).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The status, and the claim when this caller must process the message.</returns>
    ValueTask<ClaimResult> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Extends a claim this caller still holds to <paramref name="lease"/> from now.</summary>
    /// <param name="claim">The claim from <see cref="TryClaimAsync"/>.</param>
    /// <param name="lease">The new lease, from now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when renewed; false when the claim is no longer this caller's (it expired, and may have been taken).</returns>
    ValueTask<bool> RenewAsync(MessageClaim claim, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed message as processed, remembering it for <paramref name="retention"/>.</summary>
    /// <param name="claim">The claim from <see cref="TryClaimAsync"/>.</param>
    /// <param name="retention">How long to remember the message; at least as long as the sender may redeliver.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// True when marked (the claim was still held, or had expired with nobody else holding the key); false when
    /// another delivery holds the key now (left alone).
    /// </returns>
    ValueTask<bool> CompleteAsync(MessageClaim claim, TimeSpan retention, CancellationToken cancellationToken = default);

    /// <summary>Gives a claim up after the handler failed, so that the next delivery is processed.</summary>
    /// <param name="claim">The claim from <see cref="TryClaimAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when released; false when the claim was no longer this caller's (left alone).</returns>
    ValueTask<bool> ReleaseAsync(MessageClaim claim, CancellationToken cancellationToken = default);
}
