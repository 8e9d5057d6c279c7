using System.Globalization;

namespace Valuation.Webhooks.Inbox;

/// <summary>
/// How a receiver's inbox worker processes stored messages (named options, one per receiver, such as
/// <c>housecanary-callouts</c>).
/// </summary>
public sealed class WebhookInboxOptions
{
    /// <summary>
    /// Gets or sets whether this process runs the worker (default true). Set false on instances that only accept
    /// messages, when other instances process them.
    /// </summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>Gets or sets the worker's name in the inbox; unique per process (default: machine, process id and a random suffix).</summary>
    public string ConsumerName { get; set; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}");

    /// <summary>Gets or sets how many messages the worker processes at once (default 4).</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// Gets or sets how long a worker holds a message without renewing its lease (renewed every third of it while it
    /// works); a message whose worker died is taken again once this has passed. Default 1 minute.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets how long one processing attempt may take (for AppraisalWorks: the fetch and the handler); default 5 minutes.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many failed attempts move a message to the dead-letter set (default 8).</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Gets or sets the delay before the first retry; it doubles per attempt, with jitter (default 5 s).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest delay between retries (default 10 minutes).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long an idle worker waits before it looks for messages again (default 1 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how old the inbox statistics behind the <c>valuation.webhooks.inbox.depth</c> and
    /// <c>.inbox.age</c> gauges may be before a scrape refreshes them (in the background: a scrape never waits for
    /// the inbox). Default 15 s.
    /// </summary>
    public TimeSpan StatisticsInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Checks the settings.</summary>
    /// <param name="name">The receiver's name, for the messages.</param>
    /// <returns>Every problem; empty when valid.</returns>
    public IReadOnlyList<string> Validate(string name)
    {
        var failures = new List<string>();
        string p = $"The inbox options of '{name}': ";
        if (string.IsNullOrWhiteSpace(ConsumerName))
        {
            failures.Add(p + "ConsumerName is required.");
        }

        if (MaxConcurrency < 1)
        {
            failures.Add(p + "MaxConcurrency must be at least 1.");
        }

        if (Lease < TimeSpan.FromSeconds(1))
        {
            failures.Add(p + "Lease must be at least 1 second.");
        }

        if (AttemptTimeout <= TimeSpan.Zero || RetryDelay <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero || StatisticsInterval <= TimeSpan.Zero)
        {
            failures.Add(p + "AttemptTimeout, RetryDelay, PollInterval and StatisticsInterval must be positive.");
        }

        if (MaxRetryDelay < RetryDelay)
        {
            failures.Add(p + "MaxRetryDelay must not be shorter than RetryDelay.");
        }

        if (MaxAttempts < 1)
        {
            failures.Add(p + "MaxAttempts must be at least 1.");
        }

        return failures;
    }

    /// <summary>Gets the delay before retry number <paramref name="failedAttempts"/>: doubling from <see cref="RetryDelay"/>, capped, with ±20% jitter.</summary>
    /// <param name="failedAttempts">How many attempts have failed (at least 1).</param>
    /// <returns>The delay.</returns>
    public TimeSpan GetRetryDelay(int failedAttempts)
    {
        double factor = Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        double ms = Math.Min(RetryDelay.TotalMilliseconds * factor, MaxRetryDelay.TotalMilliseconds);
#pragma warning disable CA5394 // Jitter, not security.
        double jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
#pragma warning restore CA5394
        return TimeSpan.FromMilliseconds(Math.Min(ms * jitter, MaxRetryDelay.TotalMilliseconds));
    }
}
