using Microsoft.Extensions.Logging;

namespace Valuation.Sandbox.Clock;

/// <summary>
/// The compressed clock: work items due at instants of the sandbox clock. In automatic mode a loop runs due items
/// (each on its own task, so one slow receiver does not stall other orders); in manual mode
/// <see cref="AdvanceAsync"/> moves the clock from one due item to the next and awaits each.
/// </summary>
internal sealed class StepScheduler : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly PriorityQueue<Func<CancellationToken, Task>, (DateTimeOffset Due, long Sequence)> _queue = new();
    private readonly HashSet<Task> _running = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly ManualSandboxClock? _manual;
    private readonly TimeSpan _pollInterval;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _advanceGate = new(1, 1);
    private long _sequence;
    private Task? _loop;

    public StepScheduler(TimeProvider clock, ManualSandboxClock? manual, TimeSpan pollInterval, ILogger logger)
    {
        Clock = clock;
        _manual = manual;
        _pollInterval = pollInterval;
        _logger = logger;
    }

    public TimeProvider Clock { get; }

    public bool IsManual => _manual is not null;

    public CancellationToken Stopping => _stopping.Token;

    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public void Start()
    {
        if (_manual is null)
        {
            _loop = Task.Run(() => LoopAsync(_stopping.Token));
        }
    }

    public void Schedule(TimeSpan delay, Func<CancellationToken, Task> work)
    {
        var due = Clock.GetUtcNow() + (delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        lock (_gate)
        {
            _queue.Enqueue(work, (due, _sequence++));
        }
    }

    public async Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken)
    {
        if (_manual is null)
        {
            throw new InvalidOperationException("AdvanceAsync needs SandboxOptions.ManualClock = true.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        await _advanceGate.WaitAsync(cancellationToken);
        try
        {
            var target = _manual.GetUtcNow() + by;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Func<CancellationToken, Task>? work;
                lock (_gate)
                {
                    if (!_queue.TryPeek(out work, out var key) || key.Due > target)
                    {
                        break;
                    }

                    _queue.Dequeue();
                    _manual.MoveTo(key.Due);
                }

                await RunOneAsync(work, cancellationToken);
            }

            _manual.MoveTo(target);
        }
        finally
        {
            _advanceGate.Release();
        }
    }

    public async Task RunDueAsync(CancellationToken cancellationToken)
    {
        while (TryDequeueDue(out var work))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RunOneAsync(work, cancellationToken);
        }
    }

    private bool TryDequeueDue(out Func<CancellationToken, Task> work)
    {
        var now = Clock.GetUtcNow();
        lock (_gate)
        {
            if (_queue.TryPeek(out var next, out var key) && key.Due <= now)
            {
                _queue.Dequeue();
                work = next;
                return true;
            }
        }

        work = null!;
        return false;
    }

    private async Task RunOneAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        try
        {
            await work(linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _logger.LogError(ex, "A sandbox lifecycle step failed.");
        }
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_pollInterval, TimeProvider.System, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            while (TryDequeueDue(out var work))
            {
                var task = RunOneAsync(work, stopping);
                lock (_gate)
                {
                    _running.Add(task);
                }

                _ = task.ContinueWith(
                    t =>
                    {
                        lock (_gate)
                        {
                            _running.Remove(t);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task[] running;
        lock (_gate)
        {
            running = [.. _running];
        }

        try
        {
            if (_loop is not null)
            {
                await _loop;
            }

            await Task.WhenAll(running);
        }
        catch (OperationCanceledException)
        {
            // Stopping cancels in-flight steps by design.
        }

        _stopping.Dispose();
        _advanceGate.Dispose();
    }
}
