using Microsoft.Extensions.Diagnostics.HealthChecks;
using Valuation.Webhooks.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the health check of the Redis de-duplication store and inbox.</summary>
public static class RedisWebhookHealthChecksBuilderExtensions
{
    /// <summary>The default timeout of the check.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Checks that the Redis of the de-duplication store (registered with <c>AddRedisMessageDeduplication(...)</c> or
    /// <c>UseRedisInbox(...)</c>) answers <c>PING</c>: see <see cref="RedisWebhookHealthCheck"/>.
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; <c>webhook-redis</c> when null.</param>
    /// <param name="failureStatus">The status of a failure (Unhealthy when null).</param>
    /// <param name="tags">Tags to filter checks by, such as <c>ready</c>.</param>
    /// <param name="timeout">How long the check may take; <see cref="DefaultTimeout"/> when null.</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddValuationWebhookRedisStore(
        this IHealthChecksBuilder builder,
        string? name = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null,
        TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name ?? "webhook-redis",
            sp => sp.GetService<RedisMessageDeduplicationStore>() is { } store
                ? new RedisWebhookHealthCheck(store)
                : new MisconfiguredHealthCheck("No Redis de-duplication store is registered; call services.AddRedisMessageDeduplication(...) or chain .UseRedisInbox(...) on a receiver."),
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
