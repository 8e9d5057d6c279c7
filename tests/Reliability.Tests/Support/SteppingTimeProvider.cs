namespace Reliability.Tests.Support;

/// <summary>
/// The real clock plus one second more on every reading, so that two signatures made within the same real second
/// still carry different <c>x-request-date</c> values. Timers and timestamps stay real (the base class), so the
/// resilience pipeline's delays and timeouts behave as in production.
/// </summary>
internal sealed class SteppingTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private long _readings;

    public override DateTimeOffset GetUtcNow() => _start.AddSeconds(Interlocked.Increment(ref _readings));
}
