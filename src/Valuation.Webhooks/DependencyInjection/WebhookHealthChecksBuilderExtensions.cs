using Microsoft.Extensions.Diagnostics.HealthChecks;
using Valuation.Webhooks.Inbox;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the health checks of webhook receivers.</summary>
public static class WebhookHealthChecksBuilderExtensions
{
    /// <summary>The default timeout of the inbox check.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Checks the inbox of the receiver <paramref name="receiverName"/> (registered with <c>.UseInMemoryInbox()</c>,
    /// <c>.UseRedisInbox(...)</c> or <c>.UseInbox(...)</c>): see <see cref="WebhookInboxHealthCheck"/>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="receiverName">The receiver's name, such as <c>housecanary-callouts</c> or <c>appraisalworks-postbacks</c>.</param>
    /// <param name="configure">Sets the oldest age and the dead letters that fail the check, or null for the defaults (15 minutes; dead letters ignored).</param>
    /// <param name="name">The check's name; <c>webhook-inbox:{receiverName}</c> when null.</param>
    /// <param name="failureStatus">The status of a failure (Unhealthy when null; Degraded is common).</param>
    /// <param name="tags">Tags to filter checks by, such as <c>ready</c>.</param>
    /// <param name="timeout">How long the check may take; <see cref="DefaultTimeout"/> when null.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddValuationWebhookInbox(
        this IHealthChecksBuilder builder,
        string receiverName,
        Action<WebhookInboxHealthCheckOptions>? configure = null,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(receiverName);
        var options = new WebhookInboxHealthCheckOptions();
        configure?.Invoke(options);
        options.ThrowIfInvalid();
        return builder.Add(new HealthCheckRegistration(
            name ?? "webhook-inbox:" + receiverName,
            sp => sp.GetKeyedService<IWebhookInbox>(receiverName) is { } inbox
                ? new WebhookInboxHealthCheck(inbox, options, sp.GetService<TimeProvider>())
                : new MisconfiguredHealthCheck($"No inbox is registered for the receiver '{receiverName}'; chain .UseInMemoryInbox() or .UseRedisInbox(...) on its registration."),
            failureStatus,
            tags,
            timeout ?? DefaultTimeout));
    }

    /// <summary>Reports a registration that cannot work, instead of failing the whole health report with an exception.</summary>
    private sealed class MisconfiguredHealthCheck(string problem) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus, problem));
    }
}
