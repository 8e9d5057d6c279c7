using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace Valuation.Webhooks.Tests.Strength;

/// <summary>
/// The renewal that keeps a running handler's claim alive: every third of the lease, until it is disposed or the
/// store answers that the claim is no longer ours; a failed renewal is reported and retried at the next tick.
/// </summary>
public class LeaseRenewalStrengthTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task A_lease_is_renewed_every_third_of_it_and_not_sooner()
    {
        var time = new CountingTime();
        var calls = Channel.CreateUnbounded<DateTimeOffset>();
        var start = time.GetUtcNow();
        var renewal = new LeaseRenewal(_ => { calls.Writer.TryWrite(time.GetUtcNow()); return ValueTask.FromResult(true); }, TimeSpan.FromSeconds(3), time, () => { }, _ => { });

        time.Advance(TimeSpan.FromMilliseconds(999));
        bool early = await Receives(calls, Quiet);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var first = await calls.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        await Poll.Until(() => time.Timers == 2); // the next tick is scheduled
        time.Advance(TimeSpan.FromSeconds(1));
        var second = await calls.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        await renewal.DisposeAsync();

        Assert.False(early);
        Assert.Equal(TimeSpan.FromSeconds(1), first - start);
        Assert.Equal(TimeSpan.FromSeconds(2), second - start);
    }

    [Fact]
    public async Task A_lease_shorter_than_three_milliseconds_is_renewed_every_millisecond_not_in_a_busy_loop()
    {
        var time = new CountingTime();
        int calls = 0;
        var renewal = new LeaseRenewal(_ => { Interlocked.Increment(ref calls); return ValueTask.FromResult(true); }, TimeSpan.FromTicks(1), time, () => { }, _ => { });

        time.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond - 1));
        await Task.Delay(Quiet);
        int beforeAMillisecond = Volatile.Read(ref calls);
        time.Advance(TimeSpan.FromTicks(1));
        await Poll.Until(() => Volatile.Read(ref calls) >= 1);
        await renewal.DisposeAsync();

        Assert.Equal(0, beforeAMillisecond);
        Assert.Equal(1, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task When_the_store_says_the_claim_is_no_longer_ours_onLost_runs_once_and_renewal_stops()
    {
        var time = new CountingTime();
        int calls = 0;
        int lost = 0;
        var renewal = new LeaseRenewal(_ => ValueTask.FromResult(Interlocked.Increment(ref calls) < 2), TimeSpan.FromSeconds(3), time, () => Interlocked.Increment(ref lost), _ => { });

        time.Advance(TimeSpan.FromSeconds(1));
        await Poll.Until(() => Volatile.Read(ref calls) == 1 && time.Timers == 2);
        time.Advance(TimeSpan.FromSeconds(1));
        await Poll.Until(() => Volatile.Read(ref lost) == 1);
        for (int i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await Task.Delay(Quiet);
        await renewal.DisposeAsync();

        Assert.Equal(2, Volatile.Read(ref calls));
        Assert.Equal(1, Volatile.Read(ref lost));
        Assert.Equal(2, time.Timers); // no tick was scheduled after the loss
    }

    [Fact]
    public async Task A_failed_renewal_is_reported_and_tried_again_at_the_next_tick()
    {
        var time = new CountingTime();
        int calls = 0;
        var errors = new List<Exception>();
        int lost = 0;
        var renewal = new LeaseRenewal(
            _ => Interlocked.Increment(ref calls) == 1 ? throw new TimeoutException("store unreachable") : ValueTask.FromResult(true),
            TimeSpan.FromSeconds(3),
            time,
            () => Interlocked.Increment(ref lost),
            ex => { lock (errors) { errors.Add(ex); } });

        time.Advance(TimeSpan.FromSeconds(1));
        await Poll.Until(() => Volatile.Read(ref calls) == 1 && time.Timers == 2);
        time.Advance(TimeSpan.FromSeconds(1));
        await Poll.Until(() => Volatile.Read(ref calls) == 2);
        await renewal.DisposeAsync();

        var error = Assert.Single(errors);
        Assert.IsType<TimeoutException>(error);
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task Disposing_waits_for_a_renewal_in_flight_and_no_renewal_follows()
    {
        var time = new CountingTime();
        var inFlight = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        int calls = 0;
        var renewal = new LeaseRenewal(
            async _ =>
            {
                Interlocked.Increment(ref calls);
                inFlight.TrySetResult();
                return await release.Task; // a store call that ignores the stop token
            },
            TimeSpan.FromSeconds(3),
            time,
            () => { },
            _ => { });

        time.Advance(TimeSpan.FromSeconds(1));
        await inFlight.Task.WaitAsync(Wait);
        var disposing = renewal.DisposeAsync().AsTask();
        await Task.Delay(Quiet);
        bool disposedEarly = disposing.IsCompleted;
        release.SetResult(true);
        await disposing.WaitAsync(Wait);
        time.Advance(TimeSpan.FromSeconds(5));
        await Task.Delay(Quiet);

        Assert.False(disposedEarly);
        Assert.Equal(1, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task The_stop_token_given_to_the_store_call_is_cancelled_by_dispose()
    {
        var time = new CountingTime();
        var seen = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var renewal = new LeaseRenewal(
            async ct =>
            {
                seen.TrySetResult(ct);
                await Task.Delay(Timeout.Infinite, ct);
                return true;
            },
            TimeSpan.FromSeconds(3),
            time,
            () => { },
            _ => { });

        time.Advance(TimeSpan.FromSeconds(1));
        var token = await seen.Task.WaitAsync(Wait);
        await renewal.DisposeAsync().AsTask().WaitAsync(Wait);

        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public async Task Renewing_and_stopping_never_resume_on_the_callers_synchronization_context()
    {
        var time = new CountingTime();
        int calls = 0;
        var context = new Valuation.Tests.Support.CountingSynchronizationContext();
        var renewal = context.Run(() => new LeaseRenewal(
            async ct =>
            {
                await Task.Delay(1, ct).ConfigureAwait(false);
                Interlocked.Increment(ref calls);
                return true;
            },
            TimeSpan.FromSeconds(3),
            time,
            () => { },
            _ => { }));

        time.Advance(TimeSpan.FromSeconds(1));
        await Poll.Until(() => Volatile.Read(ref calls) == 1 && time.Timers == 2);
        await context.Run(() => renewal.DisposeAsync().AsTask());

        Assert.Equal(0, context.Posts);
    }

    private static async Task<bool> Receives<T>(Channel<T> channel, TimeSpan within)
    {
        try
        {
            await channel.Reader.WaitToReadAsync().AsTask().WaitAsync(within);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
