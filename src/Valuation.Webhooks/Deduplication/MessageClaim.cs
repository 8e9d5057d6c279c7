namespace Valuation.Webhooks.Deduplication;

/// <summary>The answer to an attempt to claim a webhook message for processing.</summary>
public enum ClaimStatus
{
    /// <summary>This caller holds the claim and must process the message, then complete or release it.</summary>
    Claimed = 0,

    /// <summary>Another delivery of the same message is being processed right now.</summary>
    InProgress = 1,

    /// <summary>The message was already processed successfully.</summary>
    AlreadyProcessed = 2,
}

/// <summary>A claim on a message: its key and the owner token that only the claimant knows.</summary>
/// <param name="Key">The message's key.</param>
/// <param name="Token">The owner token (random per claim); renew, complete and release act only while the store holds it.</param>
public sealed record MessageClaim(string Key, string Token)
{
    /// <summary>Creates a claim with a fresh random token.</summary>
    /// <param name="key">The message's key.</param>
    /// <returns>The claim.</returns>
    public static MessageClaim CreateNew(string key) => new(key, Guid.NewGuid().ToString("N"));
}

/// <summary>The result of <see cref="IMessageDeduplicationStore.TryClaimAsync"/>.</summary>
/// <param name="Status">Whether the caller holds the claim.</param>
/// <param name="Claim">The claim, when <paramref name="Status"/> is <see cref="ClaimStatus.Claimed"/>.</param>
public readonly record struct ClaimResult(ClaimStatus Status, MessageClaim? Claim)
{
    /// <summary>Gets a result for a message another delivery is processing.</summary>
    public static ClaimResult InProgress => new(ClaimStatus.InProgress, null);

    /// <summary>Gets a result for a message already processed.</summary>
    public static ClaimResult AlreadyProcessed => new(ClaimStatus.AlreadyProcessed, null);

    /// <summary>Creates a result for a claim this caller holds.</summary>
    /// <param name="claim">The claim.</param>
    /// <returns>The result.</returns>
    public static ClaimResult Claimed(MessageClaim claim) => new(ClaimStatus.Claimed, claim ?? throw new ArgumentNullException(nameof(claim)));
}
