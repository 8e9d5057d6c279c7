using Valuation.Webhooks.Inbox;

namespace Valuation.Webhooks.Tests.Strength;

/// <summary>An inbox that counts receives and renewals, and fails (enqueue, receive, complete) or loses leases on request.</summary>
internal sealed class ScriptedInbox(IWebhookInbox inner) : IWebhookInbox
{
    public int Receives;
    public int Renewals;

    public bool FailComplete { get; init; }

    public bool LoseLease { get; init; }

    public int FailReceives { get; set; }

    public string Name => inner.Name;

    public Exception? FailEnqueue { get; init; }

    public ValueTask<string> EnqueueAsync(string deduplicationKey, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return FailEnqueue is { } ex ? ValueTask.FromException<string>(ex) : inner.EnqueueAsync(deduplicationKey, body, cancellationToken);
    }

    public ValueTask<IReadOnlyList<InboxDelivery>> ReceiveAsync(string consumer, int maxCount, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Receives);
        if (FailReceives > 0)
        {
            FailReceives--;
            throw new IOException("the inbox is unreachable");
        }

        return inner.ReceiveAsync(consumer, maxCount, lease, cancellationToken);
    }

    public ValueTask<bool> RenewAsync(InboxDelivery delivery, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Renewals);
        return inner.RenewAsync(delivery, lease, cancellationToken);
    }

    public ValueTask CompleteAsync(InboxDelivery delivery, CancellationToken cancellationToken = default) =>
        FailComplete ? throw new IOException("the inbox is unreachable") : inner.CompleteAsync(delivery, cancellationToken);

    public ValueTask<bool> RetryAsync(InboxDelivery delivery, DateTimeOffset notBefore, bool countAsAttempt, string? error, CancellationToken cancellationToken = default) =>
        LoseLease ? ValueTask.FromResult(false) : inner.RetryAsync(delivery, notBefore, countAsAttempt, error, cancellationToken);

    public ValueTask<bool> DeadLetterAsync(InboxDelivery delivery, string reason, CancellationToken cancellationToken = default) =>
        LoseLease ? ValueTask.FromResult(false) : inner.DeadLetterAsync(delivery, reason, cancellationToken);

    public ValueTask<IReadOnlyList<DeadLetter>> ListDeadLettersAsync(int maxCount = 100, CancellationToken cancellationToken = default) => inner.ListDeadLettersAsync(maxCount, cancellationToken);

    public ValueTask<ReadOnlyMemory<byte>?> GetDeadLetterBodyAsync(string id, CancellationToken cancellationToken = default) => inner.GetDeadLetterBodyAsync(id, cancellationToken);

    public ValueTask<bool> ReplayDeadLetterAsync(string id, CancellationToken cancellationToken = default) => inner.ReplayDeadLetterAsync(id, cancellationToken);

    public ValueTask<bool> DeleteDeadLetterAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteDeadLetterAsync(id, cancellationToken);

    public ValueTask<WebhookInboxStatistics> GetStatisticsAsync(CancellationToken cancellationToken = default) => inner.GetStatisticsAsync(cancellationToken);
}
