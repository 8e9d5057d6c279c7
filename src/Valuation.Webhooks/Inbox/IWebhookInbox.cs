namespace Valuation.Webhooks.Inbox;

/// <summary>
/// A durable inbox of verified webhook messages: the endpoint stores a message and answers 2xx at once; a worker
/// (<see cref="WebhookInboxWorker"/>) takes it under a lease, processes it, and completes it, schedules a retry, or
/// moves it to the dead-letter set. A delivery whose worker died is taken again once its lease has passed.
/// </summary>
/// <remarks>
/// Every operation on a delivery other than <see cref="CompleteAsync"/> acts only while the caller still holds the
/// delivery's lease: a worker that lost it (it stalled past the lease and another worker took the message) cannot
/// reschedule or dead-letter what the other worker is processing. Implementations: <see cref="InMemoryWebhookInbox"/>
/// (one process, development) and the Redis Streams inbox of <c>Valuation.Webhooks.Redis</c> (durable, shared).
/// </remarks>
public interface IWebhookInbox
{
    /// <summary>Gets the inbox's name (one inbox per receiver, such as <c>housecanary-callouts</c>).</summary>
    string Name { get; }

    /// <summary>Stores a verified message durably; when this returns, the message survives a crash.</summary>
    /// <param name="deduplicationKey">The message's de-duplication key.</param>
    /// <param name="body">The verified raw body.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The message's id in the inbox.</returns>
    ValueTask<string> EnqueueAsync(string deduplicationKey, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes up to <paramref name="maxCount"/> messages for <paramref name="consumer"/> under a lease: first those whose
    /// previous lease passed (a crashed or stalled worker), then new ones, and retries that are due.
    /// </summary>
    /// <param name="consumer">The worker's unique name.</param>
    /// <param name="maxCount">The most messages to take.</param>
    /// <param name="lease">How long the worker holds each one unless it renews the lease.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deliveries; empty when nothing is ready.</returns>
    ValueTask<IReadOnlyList<InboxDelivery>> ReceiveAsync(string consumer, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Extends the lease on a delivery the caller still holds.</summary>
    /// <param name="delivery">The delivery.</param>
    /// <param name="lease">The new lease, from now.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when renewed; false when the caller no longer holds it.</returns>
    ValueTask<bool> RenewAsync(InboxDelivery delivery, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Removes a processed message for good (it was handled, or is a duplicate of one that was).</summary>
    /// <param name="delivery">The delivery.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when removed.</returns>
    ValueTask CompleteAsync(InboxDelivery delivery, CancellationToken cancellationToken = default);

    /// <summary>Gives a delivery back, to be taken again no sooner than <paramref name="notBefore"/>.</summary>
    /// <param name="delivery">The delivery.</param>
    /// <param name="notBefore">When it may be taken again.</param>
    /// <param name="countAsAttempt">Whether this delivery counts as a failed attempt (false when it only waited for another delivery of the same message).</param>
    /// <param name="error">Why, kept with the message (never a secret).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when rescheduled; false when the caller no longer held the delivery.</returns>
    ValueTask<bool> RetryAsync(InboxDelivery delivery, DateTimeOffset notBefore, bool countAsAttempt, string? error, CancellationToken cancellationToken = default);

    /// <summary>Moves a delivery to the dead-letter set, where it stays until replayed or deleted.</summary>
    /// <param name="delivery">The delivery.</param>
    /// <param name="reason">Why (never a secret).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when moved; false when the caller no longer held the delivery.</returns>
    ValueTask<bool> DeadLetterAsync(InboxDelivery delivery, string reason, CancellationToken cancellationToken = default);

    /// <summary>Lists dead-lettered messages, oldest failure first.</summary>
    /// <param name="maxCount">The most to list.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The dead letters (without their bodies: see <see cref="GetDeadLetterBodyAsync"/>).</returns>
    ValueTask<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int maxCount = 100, CancellationToken cancellationToken = default);

    /// <summary>Reads a dead letter's body.</summary>
    /// <param name="id">The dead letter's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The body, or null when there is no such dead letter.</returns>
    ValueTask<ReadOnlyMemory<byte>?> GetDeadLetterBodyAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Puts a dead letter back into the inbox with its attempts reset, to be processed again.</summary>
    /// <param name="id">The dead letter's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when replayed; false when there is no such dead letter.</returns>
    ValueTask<bool> ReplayDeadLetterAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Deletes a dead letter for good.</summary>
    /// <param name="id">The dead letter's id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when deleted; false when there is no such dead letter.</returns>
    ValueTask<bool> DeleteDeadLetterAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Counts what the inbox holds and how old its oldest message is (for dashboards and health checks).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    ValueTask<WebhookInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default);
}
