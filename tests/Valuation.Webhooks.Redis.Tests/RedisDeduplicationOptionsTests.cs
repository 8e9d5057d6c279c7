using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Valuation.Webhooks.Deduplication;
using StackExchange.Redis;

namespace Valuation.Webhooks.Redis.Tests;

public sealed class RedisDeduplicationOptionsTests
{
    private const string Password = "s3cr3t-Pa55word";

    [Fact]
    public void ToString_shows_the_endpoint_and_prefix_but_never_the_password()
    {
        var options = new RedisDeduplicationOptions { Configuration = $"redis.internal:6380,password={Password},ssl=true", KeyPrefix = "app:" };

        string text = options.ToString();

        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.Contains("redis.internal:6380", text, StringComparison.Ordinal);
        Assert.Contains("app:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_of_an_unparsable_configuration_does_not_echo_it()
    {
        var options = new RedisDeduplicationOptions { Configuration = $"host:1,password={Password},notAnOption=1" };

        Assert.DoesNotContain(Password, options.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_at_start_rejects_a_missing_configuration_naming_the_setting()
    {
        using var provider = new ServiceCollection().AddRedisMessageDeduplication(_ => { }).Services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Configuration is required", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_at_start_rejects_an_invalid_configuration_without_echoing_its_password()
    {
        using var provider = new ServiceCollection()
            .AddRedisMessageDeduplication($"host:1,password={Password},notAnOption=1")
            .Services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("not a valid StackExchange.Redis configuration", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "KeyPrefix is required")]
    [InlineData(null, "KeyPrefix is required")]
    public void Validation_rejects_an_empty_key_prefix(string? prefix, string expected)
    {
        using var provider = new ServiceCollection()
            .AddRedisMessageDeduplication(options =>
            {
                options.Configuration = "127.0.0.1:6379";
                options.KeyPrefix = prefix!;
            })
            .Services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_rejects_a_huge_key_prefix_and_a_negative_database()
    {
        using var provider = new ServiceCollection()
            .AddRedisMessageDeduplication(options =>
            {
                options.Configuration = "127.0.0.1:6379";
                options.KeyPrefix = new string('p', 129);
                options.Database = -2;
            })
            .Services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("KeyPrefix is 129 characters", exception.Message, StringComparison.Ordinal);
        Assert.Contains("Database is -2", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registration_replaces_an_in_memory_store_registered_before_it()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IMessageDeduplicationStore, InMemoryMessageDeduplicationStore>();
        services.AddRedisMessageDeduplication(options =>
        {
            options.Configuration = "127.0.0.1:1";
            options.KeyPrefix = "app:";
        });
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var stores = provider.GetServices<IMessageDeduplicationStore>().ToArray();

        var store = Assert.IsType<RedisMessageDeduplicationStore>(Assert.Single(stores));
        Assert.Equal("app:", store.KeyPrefix);
        Assert.Same(store, provider.GetRequiredService<RedisMessageDeduplicationStore>());
    }

    [Fact]
    public async Task The_multiplexer_overload_needs_no_configuration_string_and_uses_the_given_connection()
    {
        var multiplexer = NSubstitute.Substitute.For<IConnectionMultiplexer>();
        var services = new ServiceCollection();
        services.AddRedisMessageDeduplication(_ => multiplexer, options => options.KeyPrefix = "shared:");
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        var store = Assert.IsType<RedisMessageDeduplicationStore>(provider.GetRequiredService<IMessageDeduplicationStore>());

        Assert.Equal("shared:", store.KeyPrefix);
    }

    [Fact]
    public void The_string_overload_rejects_a_blank_configuration_at_once()
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddRedisMessageDeduplication("  "));
    }

    [Fact]
    public void Constructing_a_store_with_an_invalid_configuration_fails_without_echoing_the_password()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => new RedisMessageDeduplicationStore(new RedisDeduplicationOptions { Configuration = $"host:1,password={Password},bogus=1" }));

        Assert.DoesNotContain(Password, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_arguments_are_rejected_before_redis_is_contacted()
    {
        await using var raw = new RedisMessageDeduplicationStore(new RedisDeduplicationOptions { Configuration = "127.0.0.1:1" });
        var store = new KeyedClaims(raw);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await store.TryClaimAsync("", TimeSpan.FromSeconds(1)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.TryClaimAsync("k", TimeSpan.Zero));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await raw.CompleteAsync(MessageClaim.CreateNew("k"), TimeSpan.FromSeconds(-1)));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await raw.ReleaseAsync(null!));
    }

    [Fact]
    public async Task An_unreachable_redis_fails_the_claim_with_a_RedisConnectionException_not_a_claim()
    {
        int closedPort = ClosedLoopbackPort();
        await using var raw = new RedisMessageDeduplicationStore(new RedisDeduplicationOptions { Configuration = $"127.0.0.1:{closedPort},connectTimeout=300,asyncTimeout=300,syncTimeout=300,password={Password}" });
        var store = new KeyedClaims(raw);

        var exception = await Assert.ThrowsAsync<RedisConnectionException>(async () => await store.TryClaimAsync("k", TimeSpan.FromSeconds(1)));

        Assert.DoesNotContain(Password, exception.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, store.HeldClaimCount);
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
