using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Valuation.Webhooks.Redis;

/// <summary>
/// Checks that the Redis of the de-duplication store (and of the Redis inbox, which shares its connection when
/// registered with <c>UseRedisInbox</c>) answers <c>PING</c> within the check's timeout. A failure is reported with
/// the registration's failure status (Unhealthy unless registered otherwise) and names the exception's type only,
/// never the connection string. Register it with <c>services.AddHealthChecks().AddValuationWebhookRedisStore()</c>.
/// </summary>
public sealed class RedisWebhookHealthCheck : IHealthCheck
{
    private readonly RedisMessageDeduplicationStore _store;

    /// <summary>Initializes a check.</summary>
    /// <param name="store">The store whose connection is checked.</param>
    public RedisWebhookHealthCheck(RedisMessageDeduplicationStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            TimeSpan latency = await _store.PingAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy(
                string.Create(CultureInfo.InvariantCulture, $"Redis answered PING in {latency.TotalMilliseconds:0.###} ms."),
                new Dictionary<string, object>(StringComparer.Ordinal) { ["latency_ms"] = latency.TotalMilliseconds });
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"Redis did not answer PING ({ex.GetType().Name}).", ex);
        }
    }
}
