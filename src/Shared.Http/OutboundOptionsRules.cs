using System.Globalization;

namespace Valuation.Http;

/// <summary>The start-up checks of the outbound options that both clients share (same names, same rules).</summary>
internal static class OutboundOptionsRules
{
    /// <summary>The default one-attempt limit: 30 s until the response headers.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The default limit of a whole JSON call, body included: 100 s, HttpClient's own default.</summary>
    public static readonly TimeSpan DefaultTotalRequestTimeout = TimeSpan.FromSeconds(100);

    /// <summary>The default longest a streamed upload or download may move no byte: 60 s.</summary>
    public static readonly TimeSpan DefaultIdleTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The default base delay of the exponential back-off: 2 s.</summary>
    public static readonly TimeSpan DefaultRetryBaseDelay = TimeSpan.FromSeconds(2);

    /// <summary>The default most retries: 3.</summary>
    public const int DefaultMaxRetryAttempts = 3;

    /// <summary>The largest cap a buffered body may have: 1 GiB.</summary>
    public const long MaxBufferedBytes = 1L << 30;

    /// <summary>Adds a failure for every shared option that is out of range.</summary>
    /// <param name="section">The configuration section, for messages.</param>
    /// <param name="attemptTimeout">AttemptTimeout.</param>
    /// <param name="totalRequestTimeout">TotalRequestTimeout.</param>
    /// <param name="idleTimeout">IdleTimeout.</param>
    /// <param name="maxRetryAttempts">MaxRetryAttempts.</param>
    /// <param name="retryBaseDelay">RetryBaseDelay.</param>
    /// <param name="maxResponseBytes">MaxResponseBytes.</param>
    /// <param name="maxDownloadBytes">MaxDownloadBytes.</param>
    /// <param name="failures">Where failures go.</param>
    public static void Validate(string section, TimeSpan attemptTimeout, TimeSpan totalRequestTimeout, TimeSpan idleTimeout, int maxRetryAttempts, TimeSpan retryBaseDelay, long maxResponseBytes, long maxDownloadBytes, List<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (attemptTimeout <= TimeSpan.Zero || attemptTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"{section}:AttemptTimeout must be positive and at most a day.");
        }

        if (totalRequestTimeout <= TimeSpan.Zero || totalRequestTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"{section}:TotalRequestTimeout must be positive and at most a day.");
        }
        else if (totalRequestTimeout < attemptTimeout)
        {
            failures.Add($"{section}:TotalRequestTimeout must be at least {section}:AttemptTimeout.");
        }

        if (idleTimeout <= TimeSpan.Zero || idleTimeout > TimeSpan.FromDays(1))
        {
            failures.Add($"{section}:IdleTimeout must be positive and at most a day.");
        }

        if (maxRetryAttempts is < 0 or > 10)
        {
            failures.Add($"{section}:MaxRetryAttempts must be between 0 and 10.");
        }

        if (retryBaseDelay < TimeSpan.Zero)
        {
            failures.Add($"{section}:RetryBaseDelay must not be negative.");
        }
        else if (maxRetryAttempts is >= 0 and <= 10 && totalRequestTimeout > TimeSpan.Zero && MaxTotalRetryDelay(retryBaseDelay, maxRetryAttempts) > totalRequestTimeout)
        {
            // The standard resilience handler refuses a pipeline whose summed retry delays exceed the total request
            // timeout, but only when the first request builds it; refuse the same settings here, at start-up.
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{section}:RetryBaseDelay and {section}:MaxRetryAttempts allow retry delays of up to {MaxTotalRetryDelay(retryBaseDelay, maxRetryAttempts)} in total, longer than {section}:TotalRequestTimeout; lower RetryBaseDelay or MaxRetryAttempts, or raise TotalRequestTimeout."));
        }

        if (maxResponseBytes is < 4096 or > MaxBufferedBytes)
        {
            failures.Add($"{section}:MaxResponseBytes must be between 4096 and {MaxBufferedBytes} (1 GiB).");
        }

        if (maxDownloadBytes < 4096)
        {
            failures.Add($"{section}:MaxDownloadBytes must be at least 4096.");
        }
    }

    /// <summary>
    /// The longest the standard handler's retries can wait in total: exponential back-off with jitter waits less
    /// than <c>RetryBaseDelay * 2^n</c> over n retries (at least one retry strategy is always built, even for 0
    /// retries). A bound slightly above the handler's own figure, so that anything accepted here also builds there.
    /// </summary>
    internal static TimeSpan MaxTotalRetryDelay(TimeSpan retryBaseDelay, int maxRetryAttempts)
    {
        int retries = Math.Max(1, maxRetryAttempts);
        double milliseconds = retryBaseDelay.TotalMilliseconds * Math.Pow(2, retries);
        return milliseconds >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(milliseconds);
    }
}
