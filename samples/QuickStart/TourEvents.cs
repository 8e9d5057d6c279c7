using System.Collections.Concurrent;
using HouseCanary.OrderManager.Models;

namespace QuickStart;

/// <summary>What the local receiver saw, shared between its handlers and the tour that waits on it.</summary>
public sealed class TourEvents
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _orders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _postbacks = new(StringComparer.OrdinalIgnoreCase);
    private int _callouts;
    private int _postbackCount;

    /// <summary>Creates the shared state.</summary>
    /// <param name="output">A synchronized writer for the tour's account.</param>
    /// <param name="files">Where the AppraisalWorks documents go.</param>
    public TourEvents(TextWriter output, AppraisalWorksFiles files)
    {
        Output = output;
        Files = files;
    }

    /// <summary>The tour's account (synchronized: handlers write from the receiver's threads).</summary>
    public TextWriter Output { get; }

    /// <summary>Where the AppraisalWorks documents go.</summary>
    public AppraisalWorksFiles Files { get; }

    /// <summary>Callouts verified and processed.</summary>
    public int CalloutCount => Volatile.Read(ref _callouts);

    /// <summary>Postbacks verified, fetched and processed.</summary>
    public int PostbackCount => Volatile.Read(ref _postbackCount);

    /// <summary>Completes with the order's final status (complete or cancelled) once its callout arrives.</summary>
    /// <param name="orderId">The HouseCanary order id.</param>
    /// <returns>The final status.</returns>
    public Task<string> OrderFinishedAsync(string orderId) => Order(orderId).Task;

    /// <summary>Completes once the postback for <paramref name="eventName"/> of the order was processed.</summary>
    /// <param name="transactionUid">The order's transactionUID.</param>
    /// <param name="eventName">The event's name.</param>
    /// <returns>A task.</returns>
    public Task PostbackProcessedAsync(string transactionUid, string eventName) => Postback(transactionUid, eventName).Task;

    internal void CalloutProcessed() => Interlocked.Increment(ref _callouts);

    internal void OrderStatusChanged(string? orderId, string? status)
    {
        if (orderId is not null && status is OrderStatus.Complete or OrderStatus.Cancelled)
        {
            Order(orderId).TrySetResult(status);
        }
    }

    internal void PostbackProcessed(string transactionUid, string eventName)
    {
        Interlocked.Increment(ref _postbackCount);
        Postback(transactionUid, eventName).TrySetResult();
    }

    private TaskCompletionSource<string> Order(string id) =>
        _orders.GetOrAdd(id, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));

    private TaskCompletionSource Postback(string uid, string eventName) =>
        _postbacks.GetOrAdd(uid + "/" + eventName, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
