using Polly;

namespace Valuation.Http.Tests;

public class ResilienceOptionsValidatorTests
{
    [Theory]
    [InlineData(DelayBackoffType.Constant, 3, 3_000)]
    [InlineData(DelayBackoffType.Linear, 3, 6_000)]
    [InlineData(DelayBackoffType.Exponential, 3, 7_000)]
    [InlineData(DelayBackoffType.Exponential, 30, 1_503_000)] // 1+2+4+8+16+32 s, then 24 delays capped at 60 s
    public void The_retry_delay_sum_follows_the_backoff_and_the_cap(DelayBackoffType backoff, int attempts, int expectedMs)
    {
        var cap = attempts > 10 ? TimeSpan.FromMinutes(1) : (TimeSpan?)null;
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ResilienceOptionsValidator.SumOfDelays(TimeSpan.FromSeconds(1), cap, backoff, attempts));
    }
}
