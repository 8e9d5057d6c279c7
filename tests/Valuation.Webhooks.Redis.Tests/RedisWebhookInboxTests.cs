using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Valuation.Webhooks.Inbox;

namespace Valuation.Webhooks.Redis.Tests;

/// <summary>The Redis Streams inbox against a real Redis: leases, XAUTOCLAIM of a dead worker's messages, retries, dead letters.</summary>
[Collection(RedisTestGroup.Name)]
public sealed class RedisWebhookInboxTests(RedisServerFixture redis)
{
    private readonly RedisInboxOptions _options = new() { KeyPrefix = $"test:{Guid.NewGuid():N}:" };

    private IDatabase Database => redis.Connection!.GetDatabase();

    [SkippableFact]
    public async Task A_message_is_stored_taken_under_a_lease_and_removed_when_completed()
    {
        redis.RequireRedis();
        var inbox = new RedisWebhookInbox(redis.Connection!, "callouts", _options);

        string id = await inbox.EnqueueAsync("housecanary:m-1", "{\"a\":1}"u8.ToArray());
        var stats = await inbox.GetStatisticsAsync();
        Assert.Equal((1, 0), (stats.Ready, stats.InFlight));
        Assert.NotNull(stats.OldestEnqueuedAt);

        var delivery = Assert.Single(await inbox.ReceiveAsync("w1", 10, TimeSpan.FromMinutes(1)));
        Assert.Equal((id, "housecanary:m-1", 0), (delivery.Id, delivery.DeduplicationKey, delivery.Attempts));
        Assert.Equal("{\"a\":1}"u8.ToArray(), delivery.Body.ToArray());
        Assert.Empty(await inbox.ReceiveAsync("w2", 10, TimeSpan.FromMinutes(1)));
        Assert.Equal(1, (await inbox.GetStatisticsAsync()).InFlight);

        await inbox.CompleteAsync(delivery);

        stats = await inbox.GetStatisticsAsync();
        Assert.Equal((0, 0, 0, 0), (stats.Ready, stats.InFlight, stats.Scheduled, stats.DeadLettered));
        Assert.Equal(0, await Database.StreamLengthAsync(inbox.StreamKey));
    }

    [SkippableFact]
    public async Task A_dead_workers_message_is_taken_by_another_after_its_lease_with_XAUTOCLAIM_and_the_old_owner_can_no_longer_touch_it()
    {
        redis.RequireRedis();
        var inbox = new RedisWebhookInbox(redis.Connection!, "callouts", _options);
        await inbox.EnqueueAsync("housecanary:m-2", "{}"u8.ToArray());
        var lease = TimeSpan.FromMilliseconds(300);
        var dead = Assert.Single(await inbox.ReceiveAsync("dead-worker", 10, lease));

        Assert.False(await inbox.RenewAsync(new InboxDelivery(dead.Id, dead.DeduplicationKey, dead.Body, 0, dead.EnqueuedAt, "someone-else", dead.Id), lease), "only the owner renews");
        Assert.Empty(await inbox.ReceiveAsync("survivor", 10, lease));
        await Task.Delay(600);

        var taken = Assert.Single(await inbox.ReceiveAsync("survivor", 10, lease));
        Assert.Equal(dead.Id, taken.Id);
        Assert.Equal(1, taken.Attempts); // the abandoned delivery counts
        Assert.False(await inbox.RenewAsync(dead, lease));
        Assert.False(await inbox.RetryAsync(dead, DateTimeOffset.UtcNow, countAsAttempt: true, "late"));
        Assert.False(await inbox.DeadLetterAsync(dead, "late"));
        Assert.True(await inbox.RenewAsync(taken, lease));
        await inbox.CompleteAsync(taken);
        Assert.Equal(0, (await inbox.GetStatisticsAsync()).InFlight);
    }

    [SkippableFact]
    public async Task A_retry_waits_until_it_is_due_keeps_its_attempts_and_a_dead_letter_can_be_listed_read_replayed_and_deleted()
    {
        redis.RequireRedis();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var inbox = new RedisWebhookInbox(redis.Connection!, "postbacks", _options, time);
        await inbox.EnqueueAsync("appraisalworks:U-1:Hold:5", "body-1"u8.ToArray());
        var first = Assert.Single(await inbox.ReceiveAsync("w1", 10, TimeSpan.FromMinutes(1)));

        Assert.True(await inbox.RetryAsync(first, time.GetUtcNow().AddSeconds(30), countAsAttempt: true, "IOException"));
        Assert.Equal(1, (await inbox.GetStatisticsAsync()).Scheduled);
        Assert.Empty(await inbox.ReceiveAsync("w1", 10, TimeSpan.FromMinutes(1)));
        time.Advance(TimeSpan.FromSeconds(31));
        var second = Assert.Single(await inbox.ReceiveAsync("w1", 10, TimeSpan.FromMinutes(1)));
        Assert.Equal(1, second.Attempts);
        Assert.Equal(first.EnqueuedAt, second.EnqueuedAt);
        Assert.Equal("body-1"u8.ToArray(), second.Body.ToArray());

        Assert.True(await inbox.DeadLetterAsync(second, "the handler kept failing"));
        var dead = Assert.Single(await inbox.ListDeadLettersAsync());
        Assert.Equal(("appraisalworks:U-1:Hold:5", 2, "the handler kept failing", 6L), (dead.DeduplicationKey, dead.Attempts, dead.Reason, dead.BodyLength));
        Assert.Equal("body-1"u8.ToArray(), (await inbox.GetDeadLetterBodyAsync(dead.Id))!.Value.ToArray());

        Assert.True(await inbox.ReplayDeadLetterAsync(dead.Id));
        Assert.Empty(await inbox.ListDeadLettersAsync());
        var replayed = Assert.Single(await inbox.ReceiveAsync("w1", 10, TimeSpan.FromMinutes(1)));
        Assert.Equal(0, replayed.Attempts);
        Assert.True(await inbox.DeadLetterAsync(replayed, "again"));
        Assert.True(await inbox.DeleteDeadLetterAsync(Assert.Single(await inbox.ListDeadLettersAsync()).Id));
        var stats = await inbox.GetStatisticsAsync();
        Assert.Equal((0, 0, 0, 0), (stats.Ready, stats.InFlight, stats.Scheduled, stats.DeadLettered));
    }

    [Fact]
    public void An_inbox_name_with_braces_is_refused_it_is_the_cluster_hash_tag()
    {
        Assert.Throws<ArgumentException>(() => new RedisWebhookInbox(NSubstitute.Substitute.For<IConnectionMultiplexer>(), "a{b}"));
    }
}
