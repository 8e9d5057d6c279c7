using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Valuation.Http;

/// <summary>
/// Validates the client's standard resilience options at start-up (registered with ValidateOnStart): the
/// attempt timeout must fit in the total timeout, and the retry delays must add up to less than the total
/// timeout (otherwise the total timeout would cut every retry off, a configuration that looks valid but is not).
/// </summary>
internal sealed class ResilienceOptionsValidator(string pipelineName, string vendorName) : IValidateOptions<HttpStandardResilienceOptions>
{
    public ValidateOptionsResult Validate(string? name, HttpStandardResilienceOptions options)
    {
        if (!string.Equals(name, pipelineName, StringComparison.Ordinal))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        var total = options.TotalRequestTimeout.Timeout;
        if (options.AttemptTimeout.Timeout > total)
        {
            failures.Add($"{vendorName} resilience: the attempt timeout ({options.AttemptTimeout.Timeout}) exceeds the total request timeout ({total}).");
        }

        var retries = options.Retry;
        if (retries.MaxRetryAttempts > 0)
        {
            var sum = SumOfDelays(retries.Delay, retries.MaxDelay, retries.BackoffType, retries.MaxRetryAttempts);
            if (sum > total)
            {
                failures.Add($"{vendorName} resilience: the cumulative delay of {retries.MaxRetryAttempts} retries ({sum}) exceeds the total request timeout ({total}); lower Retry.MaxRetryAttempts or Retry.Delay, or raise TotalRequestTimeout.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The sum of the nominal (jitter-free) delays before each retry, each capped by <paramref name="maxDelay"/>.</summary>
    internal static TimeSpan SumOfDelays(TimeSpan delay, TimeSpan? maxDelay, DelayBackoffType backoff, int attempts)
    {
        double sum = 0;
        double cap = maxDelay?.TotalMilliseconds ?? double.MaxValue;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            double one = backoff switch
            {
                DelayBackoffType.Constant => delay.TotalMilliseconds,
                DelayBackoffType.Linear => delay.TotalMilliseconds * (attempt + 1),
                _ => delay.TotalMilliseconds * Math.Pow(2, attempt),
            };
            sum += Math.Min(one, cap);
            if (sum >= TimeSpan.MaxValue.TotalMilliseconds / 2)
            {
                return TimeSpan.MaxValue;
            }
        }

        return TimeSpan.FromMilliseconds(sum);
    }
}
