namespace Valuation.Webhooks.Inbox;

/// <summary>What <see cref="WebhookInboxHealthCheck"/> reports as a failure.</summary>
public sealed class WebhookInboxHealthCheckOptions
{
    /// <summary>
    /// Gets or sets how long the oldest message not yet completed (ready, in flight or waiting for its retry) may have
    /// waited before the check fails (default 15 minutes): an older one means the worker is stopped, stuck or too slow.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets how many dead letters fail the check; null (the default) ignores them.</summary>
    public long? MaxDeadLetters { get; set; }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void ThrowIfInvalid()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(MaxAge, TimeSpan.Zero, nameof(MaxAge));
        if (MaxDeadLetters is { } max)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(max, nameof(MaxDeadLetters));
        }
    }
}
