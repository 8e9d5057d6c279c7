using Microsoft.Extensions.Time.Testing;

namespace Valuation.Webhooks.Tests.Strength;

/// <summary>A fake clock that counts the timers created on it, so a test advances only once the next tick is scheduled.</summary>
internal sealed class CountingTime : FakeTimeProvider
{
    private int _timers;

    public int Timers => Volatile.Read(ref _timers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timers);
        return base.CreateTimer(callback, state, dueTime, period);
    }
}
