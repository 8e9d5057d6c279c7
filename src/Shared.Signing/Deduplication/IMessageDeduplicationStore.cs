namespace Shared.Signing.Deduplication;

/// <summary>
/// Remembers which webhook messages were processed, so that a redelivered message is handled once.
/// </summary>
/// <remarks>
/// <para>A receiver calls <see cref="TryClaimAsync"/> before it runs its handler. On <see cref="DeduplicationClaim.Claimed"/>
/// it processes the message and then calls <see cref="CompleteAsync"/> (success) or <see cref="ReleaseAsync"/>
/// (failure, so that the sender's redelivery is processed). Any other answer means "acknowledge, do not process".</para>
/// <para>Implementations must make the claim atomic: of any number of concurrent callers with the same key, on one
/// machine or many, exactly one gets <see cref="DeduplicationClaim.Claimed"/>. The in-memory default serves one
/// process; a shared store (such as the Redis one) serves a fleet behind a load balancer.</para>
/// </remarks>
public interface IMessageDeduplicationStore
{
    /// <summary>Atomically claims <paramref name="key"/> for processing.</summary>
    /// <param name="key">The message's identity, such as a HouseCanary <c>message_id</c>.</param>
    /// <param name="processingTimeout">How long the claim holds if its owner never completes or releases it (a crash).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether this caller must process the message.</returns>
    ValueTask<DeduplicationClaim> TryClaimAsync(string key, TimeSpan processingTimeout, CancellationToken cancellationToken = default);

    /// <summary>Marks a claimed message as processed, remembering it for <paramref name="retention"/>.</summary>
    /// <param name="key">The key passed to <see cref="TryClaimAsync"/>.</param>
    /// <param name="retention">How long to remember the message; at least as long as the sender may redeliver.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the mark is stored.</returns>
    ValueTask CompleteAsync(string key, TimeSpan retention, CancellationToken cancellationToken = default);

    /// <summary>Gives a claim up after the handler failed, so that the next delivery is processed.</summary>
    /// <param name="key">The key passed to <see cref="TryClaimAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the claim is released.</returns>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken = default);
}
