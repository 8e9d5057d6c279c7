#pragma warning disable CA2012 // NSubstitute configures and checks ValueTask-returning calls.
using Microsoft.Extensions.Time.Testing;
using Valuation.Webhooks.Diagnostics;

namespace Valuation.Webhooks.Tests;

/// <summary>
/// The inbox gauges: depth by state and the oldest message's age, from the inbox's statistics, sampled so that a
/// scrape neither waits for the inbox nor queries it more than once per <see cref="WebhookInboxOptions.StatisticsInterval"/>.
/// </summary>
public sealed class InboxGaugeTests
{
    private static string UniqueName() => "gauges-" + Guid.NewGuid().ToString("N")[..12];

    private static TelemetryCollector Listen(string inbox) => new(WebhookTelemetry.SourceName, WebhookTelemetry.InboxAttribute, inbox);

    private static TestProcessor Processor(string name, IWebhookInbox inbox, TimeProvider time) =>
        new(new TestOptions(), (_, _) => Task.CompletedTask, inbox: inbox, time: time, name: name);

    [Fact]
    public async Task Depth_and_age_follow_the_inbox_and_are_sampled_once_per_interval()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox(name, time);
        var processor = Processor(name, inbox, time);
        using var worker = new WebhookInboxWorker(processor, inbox, new WebhookInboxOptions { StatisticsInterval = TimeSpan.FromSeconds(15) }, timeProvider: time);
        for (int i = 0; i < 3; i++)
        {
            await processor.ProcessAsync(TestProcessor.Request("m-" + i));
        }

        time.Advance(TimeSpan.FromSeconds(90));
        telemetry.Observe();
        Assert.Equal((3L, 0L, 0L, 0L, 90d), Read(telemetry));

        // Within the interval the sample is reused: a fourth message is not seen yet, the age still moves with the clock.
        await processor.ProcessAsync(TestProcessor.Request("m-3"));
        time.Advance(TimeSpan.FromSeconds(10));
        telemetry.Observe();
        Assert.Equal((3L, 0L, 0L, 0L, 100d), Read(telemetry));

        time.Advance(TimeSpan.FromSeconds(5));
        telemetry.Observe();
        Assert.Equal((4L, 0L, 0L, 0L, 105d), Read(telemetry));

        // Processed: nothing pending, age 0.
        await worker.ProcessAvailableAsync();
        time.Advance(TimeSpan.FromSeconds(15));
        telemetry.Observe();
        Assert.Equal((0L, 0L, 0L, 0L, 0d), Read(telemetry));
    }

    [Fact]
    public async Task Dead_letters_are_a_state_of_the_depth_gauge()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox(name, time);
        using var worker = new WebhookInboxWorker(Processor(name, inbox, time), inbox, new WebhookInboxOptions(), timeProvider: time);
        await inbox.EnqueueAsync("test:bad", "not json"u8.ToArray());
        await worker.ProcessAvailableAsync();

        telemetry.Observe();
        Assert.Equal((0L, 0L, 0L, 1L, 0d), Read(telemetry));
    }

    [Fact]
    public async Task A_slow_inbox_never_blocks_a_scrape_and_is_asked_once_until_it_answers()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var answer = new TaskCompletionSource<WebhookInboxStatistics>(TaskCreationOptions.RunContinuationsAsynchronously);
        var inbox = Substitute.For<IWebhookInbox>();
        inbox.Name.Returns(name);
        inbox.GetStatisticsAsync(Arg.Any<CancellationToken>()).Returns(_ => new ValueTask<WebhookInboxStatistics>(answer.Task));
        var time = new FakeTimeProvider();
        using var worker = new WebhookInboxWorker(Processor(name, inbox, time), inbox, new WebhookInboxOptions(), timeProvider: time);

        telemetry.Observe();
        telemetry.Observe();
        telemetry.Observe();
        Assert.Empty(telemetry.Measurements);
        _ = inbox.Received(1).GetStatisticsAsync(Arg.Any<CancellationToken>());

        var now = time.GetUtcNow();
        answer.SetResult(new WebhookInboxStatistics(5, 2, 1, 0, now - TimeSpan.FromMinutes(2)));
        await WaitUntilAsync(() =>
        {
            telemetry.Observe();
            return telemetry.Of(WebhookTelemetry.InboxAgeInstrument).Count > 0;
        });
        Assert.Equal((5L, 2L, 1L, 0L, 120d), Read(telemetry));
        _ = inbox.Received(1).GetStatisticsAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task A_read_that_never_ends_is_abandoned_after_the_refresh_timeout_and_read_again()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var inbox = Substitute.For<IWebhookInbox>();
        inbox.Name.Returns(name);
        var time = new FakeTimeProvider();
        var never = new TaskCompletionSource<WebhookInboxStatistics>();
        inbox.GetStatisticsAsync(Arg.Any<CancellationToken>()).Returns(
            new ValueTask<WebhookInboxStatistics>(never.Task),
            ValueTask.FromResult(new WebhookInboxStatistics(3, 0, 0, 0, null)));
        using var worker = new WebhookInboxWorker(Processor(name, inbox, time), inbox, new WebhookInboxOptions { StatisticsInterval = TimeSpan.FromSeconds(15) }, timeProvider: time);

        telemetry.Observe();
        Assert.Empty(telemetry.Measurements);

        // The first read is abandoned at the refresh timeout (5 s); once the interval has passed since, a scrape reads again.
        await WaitUntilAsync(() =>
        {
            time.Advance(TimeSpan.FromSeconds(15));
            telemetry.Observe();
            return telemetry.Of(WebhookTelemetry.InboxAgeInstrument).Count > 0;
        });

        Assert.Equal((3L, 0L, 0L, 0L, 0d), Read(telemetry));
    }

    [Fact]
    public void A_failing_inbox_reports_nothing_without_failing_the_scrape_and_is_read_again_after_the_interval()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var inbox = Substitute.For<IWebhookInbox>();
        inbox.Name.Returns(name);
        var time = new FakeTimeProvider();
        inbox.GetStatisticsAsync(Arg.Any<CancellationToken>()).Returns(
            ValueTask.FromException<WebhookInboxStatistics>(new IOException("Redis is down")),
            ValueTask.FromResult(new WebhookInboxStatistics(7, 0, 0, 0, time.GetUtcNow())));  // oldest: stored at the start
        using var worker = new WebhookInboxWorker(Processor(name, inbox, time), inbox, new WebhookInboxOptions { StatisticsInterval = TimeSpan.FromSeconds(15) }, timeProvider: time);

        telemetry.Observe();
        Assert.Empty(telemetry.Measurements);

        time.Advance(TimeSpan.FromSeconds(15));
        telemetry.Observe();
        Assert.Equal((7L, 0L, 0L, 0L, 15d), Read(telemetry));
        _ = inbox.Received(2).GetStatisticsAsync(Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task An_inbox_is_reported_once_while_a_worker_for_it_lives_and_not_after()
    {
        string name = UniqueName();
        using var telemetry = Listen(name);
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox(name, time);
        await inbox.EnqueueAsync("test:a", TestProcessor.Body("a"));
        var first = new WebhookInboxWorker(Processor(name, inbox, time), inbox, new WebhookInboxOptions(), timeProvider: time);
        var second = new WebhookInboxWorker(Processor(name, inbox, time), inbox, new WebhookInboxOptions(), timeProvider: time);

        telemetry.Observe();
        Assert.Single(telemetry.Of(WebhookTelemetry.InboxAgeInstrument));

        first.Dispose();
        telemetry.Observe();
        Assert.Equal(2, telemetry.Of(WebhookTelemetry.InboxAgeInstrument).Count);

        second.Dispose();
        telemetry.Observe();
        Assert.Equal(2, telemetry.Of(WebhookTelemetry.InboxAgeInstrument).Count);
    }

    private static (long Ready, long InFlight, long Scheduled, long Dead, double Age) Read(TelemetryCollector telemetry)
    {
        var depth = telemetry.Of(WebhookTelemetry.InboxDepthInstrument).TakeLast(4).ToDictionary(m => m.Tag(WebhookTelemetry.InboxStateAttribute)!, m => (long)m.Value);
        Assert.Equal(4, depth.Count);
        var age = telemetry.Of(WebhookTelemetry.InboxAgeInstrument)[^1];
        Assert.Equal("s", age.Unit);
        return (depth["ready"], depth["in_flight"], depth["scheduled"], depth["dead_lettered"], age.Value);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
