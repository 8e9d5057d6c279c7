namespace Valuation.Sandbox.Clock;

/// <summary>A clock that moves only when told to. UTC only; timers are not offered (the sandbox does not use them).</summary>
internal sealed class ManualSandboxClock : TimeProvider
{
    private readonly Lock _gate = new();
    private DateTimeOffset _now;

    public ManualSandboxClock(DateTimeOffset start) => _now = start.ToUniversalTime();

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void MoveTo(DateTimeOffset instant)
    {
        lock (_gate)
        {
            if (instant > _now)
            {
                _now = instant;
            }
        }
    }
}
