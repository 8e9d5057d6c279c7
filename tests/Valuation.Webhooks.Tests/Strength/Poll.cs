namespace Valuation.Webhooks.Tests.Strength;

/// <summary>Waits for a condition that background work makes true, failing the test if it is not met in time.</summary>
internal static class Poll
{
    /// <summary>Polls <paramref name="condition"/> every 5 ms; fails the test after 10 s.</summary>
    public static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition was not met within 10 s");
            await Task.Delay(5);
        }
    }
}
