namespace Valuation.Tests.Support;

/// <summary>
/// A synchronization context that counts the continuations posted (or sent) to it and runs them on the thread pool
/// with itself current again, as a UI or legacy ASP.NET context would. A library that awaits with
/// <c>ConfigureAwait(false)</c> everywhere posts nothing to it; one missing <c>ConfigureAwait(false)</c> posts at least
/// once. Linked into each test project that checks this (tests/Support, one copy).
/// </summary>
internal sealed class CountingSynchronizationContext : SynchronizationContext
{
    private int _posts;

    /// <summary>How many continuations were posted or sent to this context.</summary>
    public int Posts => Volatile.Read(ref _posts);

    /// <inheritdoc />
    public override void Post(SendOrPostCallback d, object? state)
    {
        Interlocked.Increment(ref _posts);
        ThreadPool.UnsafeQueueUserWorkItem(
            _ =>
            {
                SetSynchronizationContext(this);
                try
                {
                    d(state);
                }
                finally
                {
                    SetSynchronizationContext(null);
                }
            },
            null);
    }

    /// <inheritdoc />
    public override void Send(SendOrPostCallback d, object? state)
    {
        Interlocked.Increment(ref _posts);
        d(state);
    }

    /// <summary>Starts <paramref name="start"/> with this context current; the caller awaits what it returns outside.</summary>
    public T Run<T>(Func<T> start)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            return start();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}

/// <summary>A read-only stream whose reads complete only after a real asynchronous wait, never synchronously.</summary>
internal sealed class AsynchronousStream(byte[] data) : MemoryStream(data, writable: false)
{
    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        return await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}
