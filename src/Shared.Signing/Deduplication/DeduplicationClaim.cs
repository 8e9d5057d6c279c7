namespace Shared.Signing.Deduplication;

/// <summary>The answer to an attempt to claim a webhook message for processing.</summary>
public enum DeduplicationClaim
{
    /// <summary>This caller holds the claim and must process the message, then complete or release it.</summary>
    Claimed = 0,

    /// <summary>Another delivery of the same message is being processed right now.</summary>
    InProgress = 1,

    /// <summary>The message was already processed successfully.</summary>
    AlreadyProcessed = 2,
}
