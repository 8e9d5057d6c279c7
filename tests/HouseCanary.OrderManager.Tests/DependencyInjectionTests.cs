using System.Net;
using System.Net.Sockets;
using HouseCanary.OrderManager.Callouts;
using HouseCanary.OrderManager.Exports;
using HouseCanary.OrderManager.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using RichardSzalay.MockHttp;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;
using static HouseCanary.OrderManager.Tests.TestSupport;

namespace HouseCanary.OrderManager.Tests;

public class DependencyInjectionTests
{
    private static readonly CreateOrderRequest Order = new() { Name = "n", Items = [new CreateOrderItem { Address = "1 A St", Zipcode = "78701" }] };

    private static void FastRetries(HttpStandardResilienceOptions o)
    {
        o.Retry.Delay = TimeSpan.FromMilliseconds(1);
        o.Retry.BackoffType = DelayBackoffType.Constant;
        o.Retry.UseJitter = false;
        o.Retry.MaxRetryAttempts = 3;
        o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(1);
        o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
    }

    private static ServiceProvider Build(HttpMessageHandler mock, Action<OrderManagerOptions>? tweak = null) => Build(mock, tweak, FastRetries);

    private static ServiceProvider Build(HttpMessageHandler mock, Action<OrderManagerOptions>? tweak, Action<HttpStandardResilienceOptions> resilience)
    {
        var services = new ServiceCollection();
        services.AddHouseCanaryOrderManager(
                o =>
                {
                    o.BaseAddress = new Uri(Base);
                    o.ApiToken = Token;
                    o.OwnerOrganizationId = 101;
                    o.OwnerId = 202;
                    tweak?.Invoke(o);
                },
                resilience)
            .ConfigurePrimaryHttpMessageHandler(() => mock);
        return services.BuildServiceProvider(validateScopes: true);
    }

    [Fact]
    public async Task A_503_on_a_GET_is_retried_with_the_token_on_every_attempt()
    {
        var mock = new MockHttpMessageHandler();
        var authorizations = new List<string?>();
        int calls = 0;
        mock.When(HttpMethod.Get, Base + "orders/1234/").Respond(r =>
        {
            authorizations.Add(r.Headers.Authorization?.ToString());
            return ++calls < 3
                ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
                : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(ReadData("order.json")) };
        });
        using var provider = Build(mock);

        var order = await provider.GetRequiredService<IOrderManagerClient>().GetOrderAsync(1234);

        Assert.Equal(1234, order.Id);
        Assert.Equal(3, calls);
        Assert.All(authorizations, a => Assert.Equal("Token " + Token, a));
    }

    [Fact]
    public async Task A_create_order_POST_is_attempted_once_after_a_5xx()
    {
        var mock = new MockHttpMessageHandler();
        int calls = 0;
        mock.When(HttpMethod.Post, Base + "orders/").Respond(_ =>
        {
            calls++;
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);
        });
        using var provider = Build(mock);

        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => provider.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(Order));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_create_order_POST_is_attempted_once_after_a_timeout()
    {
        int calls = 0;
        var mock = new DelegateHandler(async (_, ct) =>
        {
            Interlocked.Increment(ref calls);
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.Created);
        });
        using var provider = Build(mock);

        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => provider.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(Order));

        Assert.IsType<Polly.Timeout.TimeoutRejectedException>(ex.InnerException);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CreateOrder (POST https://hc.test/partner-api/v1/orders/)", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.MayHaveBeenApplied);
        Assert.Equal(Valuation.Http.OutboundFailureKind.Timeout, ex.FailureKind);

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_create_order_POST_after_a_connection_reset_is_not_retried()
    {
        var mock = new MockHttpMessageHandler();
        int calls = 0;
        mock.When(HttpMethod.Post, Base + "orders/").Respond(_ =>
        {
            calls++;
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)));
        });
        using var provider = Build(mock);

        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => provider.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(Order));

        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Null(ex.StatusCode);

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_create_order_POST_that_fails_with_host_unreachable_on_an_established_connection_is_not_retried()
    {
        var mock = new MockHttpMessageHandler();
        int calls = 0;
        mock.When(HttpMethod.Post, Base + "orders/").Respond(_ =>
        {
            calls++;
            throw new HttpRequestException(HttpRequestError.Unknown, "Error while copying content to a stream.", new IOException("send failed", new SocketException((int)SocketError.HostUnreachable)));
        });
        using var provider = Build(mock);

        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => provider.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(Order));

        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Equal(1, calls);
    }

    [Fact]
    public void Resilience_settings_the_standard_handler_rejects_fail_at_start_up_not_at_the_first_call()
    {
        var services = new ServiceCollection();
        services.AddHouseCanaryOrderManager(
            o =>
            {
                o.BaseAddress = new Uri(Base);
                o.ApiToken = Token;
            },
            r =>
            {
                r.Retry.MaxRetryAttempts = 10;
                r.Retry.Delay = TimeSpan.FromSeconds(10);
                r.Retry.BackoffType = DelayBackoffType.Constant;
                r.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
            });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(ex.Failures, f => f.Contains("cumulative delay", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Valid_settings_pass_start_up_validation()
    {
        using var provider = Build(new MockHttpMessageHandler());
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.NotNull(provider.GetRequiredService<IOrderManagerClient>());
    }

    [Fact]
    public async Task Failures_of_a_download_host_cannot_open_the_API_circuit()
    {
        var mock = new MockHttpMessageHandler();
        var s3 = mock.When(HttpMethod.Get, "https://bucket.s3.test/*").Respond(HttpStatusCode.ServiceUnavailable);
        mock.When(HttpMethod.Get, Base + "orders/1234/").Respond("application/json", ReadData("order.json"));
        using var provider = Build(mock, null, o =>
        {
            FastRetries(o);
            o.Retry.MaxRetryAttempts = 1;
            o.CircuitBreaker.MinimumThroughput = 2;
            o.CircuitBreaker.FailureRatio = 0.5;
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
            o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        });
        var client = provider.GetRequiredService<IOrderManagerClient>();

        for (int i = 0; i < 4; i++)
        {
            await Assert.ThrowsAsync<OrderManagerException>(() => client.DownloadAsync(new Uri("https://bucket.s3.test/r.pdf?X-Amz-Signature=s"), new MemoryStream()));
        }

        int s3Calls = mock.GetMatchCount(s3);
        var order = await client.GetOrderAsync(1234);

        Assert.Equal(1234, order.Id);
        Assert.True(s3Calls < 8, $"the download host's circuit should have opened, but it was called {s3Calls} times");
    }

    [Fact]
    public async Task A_create_order_POST_refused_before_connecting_is_retried()
    {
        var mock = new MockHttpMessageHandler();
        int calls = 0;
        mock.When(HttpMethod.Post, Base + "orders/").Respond(r =>
        {
            if (++calls == 1)
            {
                throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (hc.test:443)", new SocketException((int)SocketError.ConnectionRefused));
            }

            Assert.Equal("Token " + Token, r.Headers.Authorization?.ToString());
            return new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(ReadData("order.json")) };
        });
        using var provider = Build(mock);

        var order = await provider.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(Order);

        Assert.Equal(1234, order.Id);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task An_open_circuit_is_a_typed_error_that_says_so()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, Base + "orders/1/").Respond(HttpStatusCode.ServiceUnavailable);
        using var provider = Build(mock, null, o =>
        {
            FastRetries(o);
            o.Retry.MaxRetryAttempts = 1;
            o.CircuitBreaker.MinimumThroughput = 2;
            o.CircuitBreaker.FailureRatio = 0.5;
            o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(30);
        });
        var client = provider.GetRequiredService<IOrderManagerClient>();
        OrderManagerException? last = null;
        for (int i = 0; i < 4; i++)
        {
            last = await Assert.ThrowsAsync<OrderManagerException>(() => client.GetOrderAsync(1));
        }

        Assert.IsType<Polly.CircuitBreaker.BrokenCircuitException>(last!.InnerException);
        Assert.Contains("circuit", last.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_callers_own_cancellation_still_surfaces_as_OperationCanceledException()
    {
        var mock = new DelegateHandler(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return new HttpResponseMessage(HttpStatusCode.OK);
        });
        using var provider = Build(mock);
        using var cts = new CancellationTokenSource();
        var pending = provider.GetRequiredService<IOrderManagerClient>().GetOrderAsync(1, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public async Task An_export_POST_is_not_retried_after_a_5xx()
    {
        var mock = new MockHttpMessageHandler();
        int calls = 0;
        mock.When(HttpMethod.Post, Base + "orders/1/export/zip").Respond(_ =>
        {
            calls++;
            return new HttpResponseMessage(HttpStatusCode.BadGateway);
        });
        using var provider = Build(mock);

        await Assert.ThrowsAsync<OrderManagerException>(() => provider.GetRequiredService<IOrderManagerClient>().CreateExportAsync(1));

        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task A_presigned_download_through_the_pipeline_carries_no_token()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, "https://bucket.s3.test/r.pdf").With(r => r.Headers.Authorization is null).Respond("application/pdf", "%PDF");
        using var provider = Build(mock);

        var destination = new MemoryStream();
        await provider.GetRequiredService<IOrderManagerClient>().DownloadAsync(new Uri("https://bucket.s3.test/r.pdf"), destination);

        mock.VerifyNoOutstandingExpectation();
        Assert.Equal(4, destination.Length);
    }

    [Fact]
    public void Options_bind_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HouseCanary:BaseAddress"] = "https://order-manager-api.housecanary.com/partner-api/v1",
            ["HouseCanary:ApiToken"] = "abc",
            ["HouseCanary:OwnerOrganizationId"] = "101",
            ["HouseCanary:OwnerId"] = "202",
        }).Build();
        var services = new ServiceCollection();
        services.AddHouseCanaryOrderManager(configuration.GetSection("HouseCanary"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<OrderManagerOptions>>().Value;

        Assert.Equal(new Uri("https://order-manager-api.housecanary.com/partner-api/v1/"), options.GetNormalizedBaseAddress());
        Assert.Equal("abc", options.ApiToken);
        Assert.Equal(101, options.OwnerOrganizationId);
        Assert.Equal(202, options.OwnerId);
    }

    [Fact]
    public void Callout_options_bind_from_their_own_section_with_the_shared_names()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HouseCanary:Callouts:Scheme"] = "Signature",
            ["HouseCanary:Callouts:Secrets:0"] = "s1",
            ["HouseCanary:Callouts:Secrets:1"] = "s0",
            ["HouseCanary:Callouts:MaxBodyBytes"] = "1024",
        }).Build();
        var services = new ServiceCollection();
        services.AddHouseCanaryCallouts<RecordingHandler>(configuration.GetSection("HouseCanary:Callouts"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<CalloutOptions>>().Value;

        Assert.Equal(WebhookAuthenticationScheme.Signature, options.Scheme);
        Assert.Equal(["s1", "s0"], options.Secrets);
        Assert.Equal(1024, options.MaxBodyBytes);
        Assert.Equal(CalloutOptions.DefaultSignatureHeaderName, options.SignatureHeaderName);
    }

    [Fact]
    public void Invalid_options_fail_validation_without_revealing_the_token()
    {
        var services = new ServiceCollection();
        services.AddHouseCanaryOrderManager(o =>
        {
            o.BaseAddress = new Uri("http://hc.example/partner-api/v1/");
            o.ApiToken = "secret token";
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OrderManagerOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("https", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("ApiToken contains whitespace", StringComparison.Ordinal));
        Assert.DoesNotContain("secret token", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HeaderToken", "HeaderName is required")]
    [InlineData("None", "Scheme is required")]
    [InlineData("Basic", "BasicUserName must not contain ':'")]
    public void Invalid_callout_options_fail_at_start_up_without_revealing_a_secret(string scheme, string failure)
    {
        var services = new ServiceCollection();
        services.AddHouseCanaryCallouts<RecordingHandler>(o =>
        {
            o.Scheme = Enum.Parse<WebhookAuthenticationScheme>(scheme);
            o.Tokens.Add("callout-secret");
            o.BasicUserName = "user:name";
            o.BasicPassword = "callout-secret";
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CalloutOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains(failure, StringComparison.Ordinal));
        Assert.DoesNotContain("callout-secret", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(45)]
    public void A_processing_timeout_at_or_above_HouseCanarys_30_seconds_fails_at_start_up(int seconds)
    {
        var services = new ServiceCollection();
        services.AddHouseCanaryCallouts<RecordingHandler>(o =>
        {
            o.Scheme = WebhookAuthenticationScheme.Signature;
            o.Secrets.Add("s");
            o.ProcessingTimeout = TimeSpan.FromSeconds(seconds);
        });
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CalloutOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("ProcessingTimeout must be under 30 seconds", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_token_fails_validation()
    {
        var result = new OrderManagerOptionsValidator().Validate(null, new OrderManagerOptions());
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("ApiToken is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_ToString_redacts_every_secret()
    {
        var options = Options();
        var callouts = new CalloutOptions { BasicPassword = "pw-123", Tokens = { "tok-456" }, Secrets = { "sec-789" } };
        string text = options.ToString() + callouts;
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-123", text, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-456", text, StringComparison.Ordinal);
        Assert.DoesNotContain("sec-789", text, StringComparison.Ordinal);
        Assert.Contains("ApiToken: ***", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callouts_register_without_an_API_token_and_reach_the_users_scoped_handler()
    {
        var services = new ServiceCollection();
        services.AddHouseCanaryCallouts<RecordingHandler>(o =>
        {
            o.Scheme = WebhookAuthenticationScheme.Signature;
            o.Secrets.Add("s");
        });
        using var provider = services.BuildServiceProvider(validateScopes: true);
        using var scope = provider.CreateScope();

        Assert.IsType<InMemoryMessageDeduplicationStore>(provider.GetRequiredService<IMessageDeduplicationStore>());
        var processor = provider.GetRequiredService<CalloutProcessor>();
        var signer = new CalloutSigner(provider.GetRequiredService<IOptions<CalloutOptions>>().Value);
        var request = signer.CreateRequest(new OrderStatusChangeMessage { MessageType = CalloutMessageTypes.OrderStatusChange, MessageId = "m1", OrderId = "1", NewStatus = "complete" });
        var result = await processor.ProcessAsync(new WebhookRequest(request.BodyBytes!.Value, request.GetHeader, request.QueryString) { Services = scope.ServiceProvider });

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Equal("m1", Assert.Single(scope.ServiceProvider.GetRequiredService<RecordingHandler>().Seen).MessageId);
    }

    private sealed class DelegateHandler(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => send(request, cancellationToken);
    }

    private sealed class RecordingHandler : CalloutHandler
    {
        public List<CalloutMessage> Seen { get; } = [];

        public override Task OnOrderStatusChangeAsync(OrderStatusChangeMessage message, CancellationToken cancellationToken)
        {
            Seen.Add(message);
            return Task.CompletedTask;
        }
    }
}
