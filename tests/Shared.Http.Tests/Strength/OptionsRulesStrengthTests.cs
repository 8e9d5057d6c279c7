using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Valuation.Http.Tests.Strength;

public class OutboundOptionsRulesStrengthTests
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    public static TheoryData<string, Options, string?> Cases => new()
    {
        { "the defaults", Options.Defaults, null },
        { "a one-day attempt and total", Options.Defaults with { Attempt = Day, Total = Day }, null },
        { "a one-day idle timeout", Options.Defaults with { Idle = Day }, null },
        { "no attempt timeout", Options.Defaults with { Attempt = TimeSpan.Zero }, "Vendor:AttemptTimeout must be positive and at most a day." },
        { "a negative attempt timeout", Options.Defaults with { Attempt = -Tick }, "Vendor:AttemptTimeout must be positive and at most a day." },
        { "an attempt over a day", Options.Defaults with { Attempt = Day + Tick, Total = Day }, "Vendor:AttemptTimeout must be positive and at most a day.|Vendor:TotalRequestTimeout must be at least Vendor:AttemptTimeout." },
        { "no total timeout", Options.Defaults with { Total = TimeSpan.Zero }, "Vendor:TotalRequestTimeout must be positive and at most a day." },
        { "a total over a day", Options.Defaults with { Total = Day + Tick }, "Vendor:TotalRequestTimeout must be positive and at most a day." },
        { "a total shorter than an attempt", Options.Defaults with { Total = TimeSpan.FromSeconds(29) }, "Vendor:TotalRequestTimeout must be at least Vendor:AttemptTimeout." },
        { "a total equal to an attempt", Options.Defaults with { Total = TimeSpan.FromSeconds(30), Retries = 0, BaseDelay = TimeSpan.FromSeconds(1) }, null },
        { "no idle timeout", Options.Defaults with { Idle = TimeSpan.Zero }, "Vendor:IdleTimeout must be positive and at most a day." },
        { "an idle timeout over a day", Options.Defaults with { Idle = Day + Tick }, "Vendor:IdleTimeout must be positive and at most a day." },
        { "no retries", Options.Defaults with { Retries = 0 }, null },
        { "ten retries with short delays", Options.Defaults with { Retries = 10, BaseDelay = TimeSpan.FromMilliseconds(50) }, null },
        { "ten retries with long delays", Options.Defaults with { Retries = 10, BaseDelay = TimeSpan.FromSeconds(1) }, "Vendor:RetryBaseDelay and Vendor:MaxRetryAttempts allow retry delays of up to 00:17:04 in total, longer than Vendor:TotalRequestTimeout; lower RetryBaseDelay or MaxRetryAttempts, or raise TotalRequestTimeout." },
        { "negative retries", Options.Defaults with { Retries = -1 }, "Vendor:MaxRetryAttempts must be between 0 and 10." },
        { "eleven retries", Options.Defaults with { Retries = 11 }, "Vendor:MaxRetryAttempts must be between 0 and 10." },
        { "no retry delay", Options.Defaults with { BaseDelay = TimeSpan.Zero }, null },
        { "a negative retry delay", Options.Defaults with { BaseDelay = -Tick }, "Vendor:RetryBaseDelay must not be negative." },
        { "retry delays that reach the total", Options.Defaults with { BaseDelay = TimeSpan.FromSeconds(12.5) }, null }, // 12.5 s * 2^3 = 100 s
        { "retry delays past the total", Options.Defaults with { BaseDelay = TimeSpan.FromSeconds(12.5) + Tick }, "Vendor:RetryBaseDelay and Vendor:MaxRetryAttempts allow retry delays of up to 00:01:40.0000008 in total, longer than Vendor:TotalRequestTimeout; lower RetryBaseDelay or MaxRetryAttempts, or raise TotalRequestTimeout." },
        { "no retries still builds one retry strategy", Options.Defaults with { Retries = 0, BaseDelay = TimeSpan.FromSeconds(51) }, "Vendor:RetryBaseDelay and Vendor:MaxRetryAttempts allow retry delays of up to 00:01:42 in total, longer than Vendor:TotalRequestTimeout; lower RetryBaseDelay or MaxRetryAttempts, or raise TotalRequestTimeout." },
        { "the smallest response cap", Options.Defaults with { MaxResponse = 4096 }, null },
        { "the largest response cap", Options.Defaults with { MaxResponse = 1L << 30 }, null },
        { "a response cap under 4 KiB", Options.Defaults with { MaxResponse = 4095 }, "Vendor:MaxResponseBytes must be between 4096 and 1073741824 (1 GiB)." },
        { "a response cap over 1 GiB", Options.Defaults with { MaxResponse = (1L << 30) + 1 }, "Vendor:MaxResponseBytes must be between 4096 and 1073741824 (1 GiB)." },
        { "the smallest download cap", Options.Defaults with { MaxDownload = 4096 }, null },
        { "a huge download cap", Options.Defaults with { MaxDownload = long.MaxValue }, null },
        { "a download cap under 4 KiB", Options.Defaults with { MaxDownload = 4095 }, "Vendor:MaxDownloadBytes must be at least 4096." },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_shared_option_out_of_range_is_refused_naming_it(string because, Options options, string? failure)
    {
        var failures = new List<string>();

        OutboundOptionsRules.Validate("Vendor", options.Attempt, options.Total, options.Idle, options.Retries, options.BaseDelay, options.MaxResponse, options.MaxDownload, failures);

        string[] expected = failure?.Split('|') ?? [];
        Assert.True(failures.SequenceEqual(expected), $"{because}: {string.Join(" | ", failures)}");
    }

    [Fact]
    public void Every_failure_is_reported_at_once()
    {
        var failures = new List<string>();

        OutboundOptionsRules.Validate("Vendor", TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 11, -Tick, 0, 0, failures);

        Assert.Equal(7, failures.Count);
    }

    [Theory]
    [InlineData(0, 2_000)]
    [InlineData(1, 2_000)]
    [InlineData(3, 8_000)]
    [InlineData(10, 1_024_000)]
    public void The_bound_on_the_retry_delays_doubles_with_each_retry(int retries, double expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), OutboundOptionsRules.MaxTotalRetryDelay(TimeSpan.FromSeconds(1), retries));
    }

    [Fact]
    public void The_bound_on_the_retry_delays_saturates_instead_of_overflowing()
    {
        Assert.Equal(TimeSpan.MaxValue, OutboundOptionsRules.MaxTotalRetryDelay(TimeSpan.MaxValue, 10));
    }

    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        Assert.Equal(
            (TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(2), 3),
            (OutboundOptionsRules.DefaultAttemptTimeout, OutboundOptionsRules.DefaultTotalRequestTimeout, OutboundOptionsRules.DefaultIdleTimeout, OutboundOptionsRules.DefaultRetryBaseDelay, OutboundOptionsRules.DefaultMaxRetryAttempts));
    }

    public sealed record Options(TimeSpan Attempt, TimeSpan Total, TimeSpan Idle, int Retries, TimeSpan BaseDelay, long MaxResponse, long MaxDownload)
    {
        public static Options Defaults { get; } = new(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(60), 3, TimeSpan.FromSeconds(2), 1024 * 1024, 64L * 1024 * 1024);
    }
}

public class ResilienceOptionsValidatorStrengthTests
{
    [Fact]
    public void Options_of_another_pipeline_are_skipped()
    {
        var options = new HttpStandardResilienceOptions();
        options.AttemptTimeout.Timeout = TimeSpan.FromMinutes(5); // invalid, but not ours

        Assert.True(new ResilienceOptionsValidator("vendor-standard", "Vendor").Validate("other", options).Skipped);
        Assert.True(new ResilienceOptionsValidator("vendor-standard", "Vendor").Validate(null, options).Skipped);
    }

    [Fact]
    public void The_standard_options_are_valid()
    {
        Assert.True(new ResilienceOptionsValidator("vendor-standard", "Vendor").Validate("vendor-standard", new HttpStandardResilienceOptions()).Succeeded);
    }

    [Theory]
    [InlineData(30, 30, true)]
    [InlineData(31, 30, false)]
    public void An_attempt_timeout_longer_than_the_total_is_refused(int attemptSeconds, int totalSeconds, bool valid)
    {
        var options = new HttpStandardResilienceOptions();
        options.Retry.MaxRetryAttempts = 0;
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(attemptSeconds);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(totalSeconds);

        var result = new ResilienceOptionsValidator("vendor-standard", "Vendor").Validate("vendor-standard", options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal("Vendor resilience: the attempt timeout (00:00:31) exceeds the total request timeout (00:00:30).", Assert.Single(result.Failures!));
        }
    }

    [Theory]
    [InlineData(3, 14, true)] // 2 + 4 + 8 s of delays fit in 14 s
    [InlineData(3, 13, false)]
    [InlineData(0, 1, true)] // no retry, no delay
    public void Retry_delays_that_add_up_past_the_total_are_refused(int retries, int totalSeconds, bool valid)
    {
        var options = new HttpStandardResilienceOptions();
        options.Retry.MaxRetryAttempts = retries;
        options.Retry.Delay = TimeSpan.FromSeconds(2);
        options.Retry.BackoffType = DelayBackoffType.Exponential;
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(1);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(totalSeconds);

        var result = new ResilienceOptionsValidator("vendor-standard", "Vendor").Validate("vendor-standard", options);

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Equal(
                "Vendor resilience: the cumulative delay of 3 retries (00:00:14) exceeds the total request timeout (00:00:13); lower Retry.MaxRetryAttempts or Retry.Delay, or raise TotalRequestTimeout.",
                Assert.Single(result.Failures!));
        }
    }

    [Fact]
    public void Both_failures_are_reported_together()
    {
        var options = new HttpStandardResilienceOptions();
        options.Retry.MaxRetryAttempts = 3;
        options.Retry.Delay = TimeSpan.FromSeconds(10);
        options.AttemptTimeout.Timeout = TimeSpan.FromSeconds(20);
        options.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);

        var result = new ResilienceOptionsValidator("vendor-standard", "Vendor").Validate("vendor-standard", options);

        Assert.Equal(2, result.Failures!.Count());
    }

    [Theory]
    [InlineData(DelayBackoffType.Constant, 0, 0)]
    [InlineData(DelayBackoffType.Constant, 1, 1_000)]
    [InlineData(DelayBackoffType.Linear, 1, 1_000)]
    [InlineData(DelayBackoffType.Linear, 4, 10_000)]
    [InlineData(DelayBackoffType.Exponential, 1, 1_000)]
    [InlineData(DelayBackoffType.Exponential, 4, 15_000)]
    public void The_retry_delay_sum_counts_each_retry_once(DelayBackoffType backoff, int attempts, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ResilienceOptionsValidator.SumOfDelays(TimeSpan.FromSeconds(1), null, backoff, attempts));
    }

    [Fact]
    public void The_cap_limits_each_delay_not_the_sum()
    {
        Assert.Equal(TimeSpan.FromSeconds(1 + 2 + 3 + 3), ResilienceOptionsValidator.SumOfDelays(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), DelayBackoffType.Exponential, 4));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(24)] // 1 day * (2^24 - 1) = 1.45e15 ms: past TimeSpan's 9.2e14 ms but short of twice it, where a late saturation would still overflow
    public void A_sum_too_large_for_a_TimeSpan_saturates_instead_of_overflowing(int attempts)
    {
        Assert.Equal(TimeSpan.MaxValue, ResilienceOptionsValidator.SumOfDelays(TimeSpan.FromDays(1), null, DelayBackoffType.Exponential, attempts));
    }
}
