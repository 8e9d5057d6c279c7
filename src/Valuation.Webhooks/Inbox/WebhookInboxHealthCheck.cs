using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Valuation.Webhooks.Inbox;

/// <summary>
/// Checks an inbox: its statistics can be read, its oldest message not yet completed has waited no longer than
/// <see cref="WebhookInboxHealthCheckOptions.MaxAge"/>, and (when set) it holds no more than
/// <see cref="WebhookInboxHealthCheckOptions.MaxDeadLetters"/> dead letters. A failure is reported with the
/// registration's failure status (Unhealthy unless registered otherwise). The data holds the counts and the age.
/// Register it with <c>services.AddHealthChecks().AddValuationWebhookInbox("housecanary-callouts")</c>.
/// </summary>
public sealed class WebhookInboxHealthCheck : IHealthCheck
{
    private readonly IWebhookInbox _inbox;
    private readonly WebhookInboxHealthCheckOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Initializes a check.</summary>
    /// <param name="inbox">The inbox.</param>
    /// <param name="options">What fails the check; the defaults when null.</param>
    /// <param name="timeProvider">The clock of ages; the system clock when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public WebhookInboxHealthCheck(IWebhookInbox inbox, WebhookInboxHealthCheckOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(inbox);
        options ??= new WebhookInboxHealthCheckOptions();
        options.ThrowIfInvalid();
        _inbox = inbox;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var failure = context.Registration.FailureStatus;
        WebhookInboxStatistics stats;
        try
        {
            stats = await _inbox.GetStatisticsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failure, $"The inbox '{_inbox.Name}' could not be read ({ex.GetType().Name}).", ex);
        }

        TimeSpan age = stats.OldestEnqueuedAt is { } oldest ? _time.GetUtcNow() - oldest : TimeSpan.Zero;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["ready"] = stats.Ready,
            ["in_flight"] = stats.InFlight,
            ["scheduled"] = stats.Scheduled,
            ["dead_lettered"] = stats.DeadLettered,
            ["oldest_age_seconds"] = age.TotalSeconds,
        };

        if (age > _options.MaxAge)
        {
            return new HealthCheckResult(failure, string.Create(CultureInfo.InvariantCulture, $"The oldest message of inbox '{_inbox.Name}' has waited {age:c} (the limit is {_options.MaxAge:c}): is its worker running?"), data: data);
        }

        if (_options.MaxDeadLetters is { } max && stats.DeadLettered > max)
        {
            return new HealthCheckResult(failure, string.Create(CultureInfo.InvariantCulture, $"The inbox '{_inbox.Name}' holds {stats.DeadLettered} dead letter(s) (the limit is {max})."), data: data);
        }

        return HealthCheckResult.Healthy(string.Create(CultureInfo.InvariantCulture, $"The inbox '{_inbox.Name}' holds {stats.Ready + stats.InFlight + stats.Scheduled} pending message(s); the oldest has waited {age:c}."), data);
    }
}
