#pragma warning disable CA2012 // NSubstitute configures ValueTask-returning calls.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Valuation.Webhooks.Tests;

/// <summary>
/// The inbox health check, registered as users register it (services.AddHealthChecks().AddValuationWebhookInbox(...))
/// and run by the host's HealthCheckService: healthy while the oldest pending message is younger than the bound,
/// failed (with the registration's failure status) once it is older, when dead letters pass an optional bound, or
/// when the inbox cannot be read.
/// </summary>
public sealed class InboxHealthCheckTests
{
    private const string Receiver = "test-receiver";

    private static ServiceProvider Services(FakeTimeProvider time, IWebhookInbox inbox, Action<IHealthChecksBuilder> checks)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.AddKeyedSingleton(Receiver, inbox);
        checks(services.AddHealthChecks());
        return services.BuildServiceProvider();
    }

    private static async Task<HealthReportEntry> RunAsync(ServiceProvider provider)
    {
        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        return Assert.Single(report.Entries).Value;
    }

    [Fact]
    public async Task An_inbox_whose_oldest_message_is_within_the_bound_is_healthy_and_reports_its_counts()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox(Receiver, time);
        await inbox.EnqueueAsync("test:a", TestProcessor.Body("a"));
        await inbox.EnqueueAsync("test:b", TestProcessor.Body("b"));
        time.Advance(TimeSpan.FromMinutes(14));
        await using var provider = Services(time, inbox, b => b.AddValuationWebhookInbox(Receiver));

        var entry = await RunAsync(provider);

        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal((2L, 0L, 0L, 0L, 840d), ((long)entry.Data["ready"], (long)entry.Data["in_flight"], (long)entry.Data["scheduled"], (long)entry.Data["dead_lettered"], (double)entry.Data["oldest_age_seconds"]));
    }

    [Fact]
    public async Task An_old_pending_message_fails_the_check_with_the_registered_failure_status()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox(Receiver, time);
        await inbox.EnqueueAsync("test:a", TestProcessor.Body("a"));
        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        await using var degraded = Services(time, inbox, b => b.AddValuationWebhookInbox(Receiver, o => o.MaxAge = TimeSpan.FromMinutes(10), failureStatus: HealthStatus.Degraded));
        await using var unhealthy = Services(time, inbox, b => b.AddValuationWebhookInbox(Receiver, o => o.MaxAge = TimeSpan.FromMinutes(10)));

        var entry = await RunAsync(degraded);

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("has waited 00:10:01 (the limit is 00:10:00)", entry.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Unhealthy, (await RunAsync(unhealthy)).Status);
    }

    [Fact]
    public async Task Dead_letters_fail_the_check_only_past_the_bound_set()
    {
        var time = new FakeTimeProvider();
        var inbox = new InMemoryWebhookInbox(Receiver, time);
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, inbox: inbox, time: time);
        using var worker = new WebhookInboxWorker(processor, inbox, new WebhookInboxOptions(), timeProvider: time);
        await inbox.EnqueueAsync("test:bad", "not json"u8.ToArray());
        await worker.ProcessAvailableAsync();
        await using var ignoring = Services(time, inbox, b => b.AddValuationWebhookInbox(Receiver));
        await using var none = Services(time, inbox, b => b.AddValuationWebhookInbox(Receiver, o => o.MaxDeadLetters = 0));
        await using var one = Services(time, inbox, b => b.AddValuationWebhookInbox(Receiver, o => o.MaxDeadLetters = 1));

        Assert.Equal(HealthStatus.Healthy, (await RunAsync(ignoring)).Status);
        var failed = await RunAsync(none);
        Assert.Equal(HealthStatus.Unhealthy, failed.Status);
        Assert.Contains("1 dead letter(s) (the limit is 0)", failed.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, (await RunAsync(one)).Status);
    }

    [Fact]
    public async Task An_inbox_that_cannot_be_read_fails_the_check_naming_the_exception_type_only()
    {
        var inbox = Substitute.For<IWebhookInbox>();
        inbox.Name.Returns(Receiver);
        inbox.GetStatisticsAsync(Arg.Any<CancellationToken>()).Returns(ValueTask.FromException<WebhookInboxStatistics>(new IOException("redis://:hunter2@10.0.0.1 refused")));
        await using var provider = Services(new FakeTimeProvider(), inbox, b => b.AddValuationWebhookInbox(Receiver));

        var entry = await RunAsync(provider);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("The inbox 'test-receiver' could not be read (IOException).", entry.Description);
        Assert.IsType<IOException>(entry.Exception);
    }

    [Fact]
    public async Task A_check_of_a_receiver_without_an_inbox_says_how_to_register_one()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddHealthChecks().AddValuationWebhookInbox("nobody");
        await using var provider = services.BuildServiceProvider();

        var entry = await RunAsync(provider);

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal("No inbox is registered for the receiver 'nobody'; chain .UseInMemoryInbox() or .UseRedisInbox(...) on its registration.", entry.Description);
    }

    [Fact]
    public void Bounds_out_of_range_are_refused_at_registration()
    {
        var builder = new ServiceCollection().AddHealthChecks();

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddValuationWebhookInbox(Receiver, o => o.MaxAge = TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddValuationWebhookInbox(Receiver, o => o.MaxDeadLetters = -1));
    }
}
