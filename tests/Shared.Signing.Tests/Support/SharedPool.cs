using System.Buffers;

namespace Shared.Signing.Tests.Support;

/// <summary>
/// Looks into <see cref="ArrayPool{T}.Shared"/> the way the next user of the pool would: by renting from it. An array
/// that code returned to the pool on this thread is the next one rented in its size class, so a secret left in a
/// returned buffer shows up here.
/// </summary>
internal static class SharedPool
{
    public static bool HoldsAnywhere(ReadOnlySpan<byte> needle)
    {
        var rented = new List<byte[]>();
        try
        {
            for (int size = 16; size <= 1 << 20; size *= 2)
            {
                for (int i = 0; i < 4; i++)
                {
                    byte[] array = ArrayPool<byte>.Shared.Rent(size);
                    rented.Add(array);
                    if (array.AsSpan().IndexOf(needle) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
        finally
        {
            foreach (byte[] array in rented)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }
}

/// <summary>Counts the continuations posted to it, and runs them on the thread pool.</summary>
internal sealed class CountingSynchronizationContext : SynchronizationContext
{
    private int _posts;

    public int Posts => Volatile.Read(ref _posts);

    public override void Post(SendOrPostCallback d, object? state)
    {
        Interlocked.Increment(ref _posts);
        ThreadPool.QueueUserWorkItem(_ => d(state));
    }

    /// <summary>Starts <paramref name="start"/> with this context current, as a UI or legacy ASP.NET caller would.</summary>
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

/// <summary>A stream whose reads complete only after a real asynchronous wait, never synchronously.</summary>
internal sealed class AsynchronousStream(byte[] data) : MemoryStream(data, writable: false)
{
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Delay(1, cancellationToken).ConfigureAwait(false);
        return await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
}

internal static class Allocations
{
    /// <summary>
    /// The bytes this thread allocates per run of <paramref name="action"/>, averaged over 100 runs after two warm-up
    /// runs. So many runs that code renting from the shared pool without returning would exhaust what the pool holds
    /// (other tests return arrays to it too) and have to allocate.
    /// </summary>
    public static long OfSteadyState(Action action)
    {
        const int Runs = 100;
        action();
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Runs; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Runs;
    }
}
