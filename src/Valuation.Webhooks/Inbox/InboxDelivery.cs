using System.Globalization;

namespace Valuation.Webhooks.Inbox;

/// <summary>A message taken from an <see cref="IWebhookInbox"/> by a worker, under a lease.</summary>
public sealed class InboxDelivery
{
    /// <summary>Initializes a delivery.</summary>
    /// <param name="id">The message's id in the inbox.</param>
    /// <param name="deduplicationKey">The message's de-duplication key.</param>
    /// <param name="body">The verified raw body.</param>
    /// <param name="attempts">How many earlier deliveries failed or were abandoned (a worker died or lost its lease).</param>
    /// <param name="enqueuedAt">When the message was first stored.</param>
    /// <param name="consumer">The worker holding the lease.</param>
    /// <param name="leaseToken">What the inbox needs to recognise this lease (its own format).</param>
    public InboxDelivery(string id, string deduplicationKey, ReadOnlyMemory<byte> body, int attempts, DateTimeOffset enqueuedAt, string consumer, string leaseToken)
    {
        Id = id;
        DeduplicationKey = deduplicationKey;
        Body = body;
        Attempts = attempts;
        EnqueuedAt = enqueuedAt;
        Consumer = consumer;
        LeaseToken = leaseToken;
    }

    /// <summary>Gets the message's id in the inbox.</summary>
    public string Id { get; }

    /// <summary>Gets the message's de-duplication key.</summary>
    public string DeduplicationKey { get; }

    /// <summary>Gets the verified raw body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Gets how many earlier deliveries failed or were abandoned.</summary>
    public int Attempts { get; }

    /// <summary>Gets when the message was first stored.</summary>
    public DateTimeOffset EnqueuedAt { get; }

    /// <summary>Gets the worker holding the lease.</summary>
    public string Consumer { get; }

    /// <summary>Gets the inbox's own token for this lease.</summary>
    public string LeaseToken { get; }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"InboxDelivery({Id}, {DeduplicationKey}, {Body.Length} bytes, attempts {Attempts})");
}

/// <summary>A message in the dead-letter set.</summary>
/// <param name="Id">Its id (pass it to <see cref="IWebhookInbox.ReplayDeadLetterAsync"/>).</param>
/// <param name="DeduplicationKey">Its de-duplication key.</param>
/// <param name="Attempts">How many deliveries failed.</param>
/// <param name="EnqueuedAt">When it was first stored.</param>
/// <param name="FailedAt">When it was dead-lettered.</param>
/// <param name="Reason">Why.</param>
/// <param name="BodyLength">Its body's length in bytes.</param>
public sealed record DeadLetter(string Id, string DeduplicationKey, int Attempts, DateTimeOffset EnqueuedAt, DateTimeOffset FailedAt, string Reason, long BodyLength);

/// <summary>What an inbox holds (a seam for dashboards and health checks).</summary>
/// <param name="Ready">Messages waiting for a worker.</param>
/// <param name="InFlight">Messages a worker holds under a lease.</param>
/// <param name="Scheduled">Messages waiting for their retry time.</param>
/// <param name="DeadLettered">Messages in the dead-letter set.</param>
/// <param name="OldestEnqueuedAt">When the oldest message not yet completed (ready, in flight or scheduled) was first stored; null when none.</param>
public sealed record WebhookInboxStatistics(long Ready, long InFlight, long Scheduled, long DeadLettered, DateTimeOffset? OldestEnqueuedAt);
