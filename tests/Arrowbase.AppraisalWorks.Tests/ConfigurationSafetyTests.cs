using System.Net;
using Arrowbase.AppraisalWorks.Http;
using Arrowbase.AppraisalWorks.Postbacks;
using Arrowbase.AppraisalWorks.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;

namespace Arrowbase.AppraisalWorks.Tests;

/// <summary>Options that would fail at the first request are refused at start; the signer signs only for the API host; handler registration.</summary>
public class ConfigurationSafetyTests
{
    private sealed class HandlerA : PostbackHandler
    {
        public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken) => ValueTask.FromResult(Stream.Null);
    }

    private sealed class HandlerB : PostbackHandler
    {
        public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken) => ValueTask.FromResult(Stream.Null);
    }

    private static ServiceProvider Build(MockHttpMessageHandler mock, Dictionary<string, string?> overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AppraisalWorks:ClientId"] = Keys.ClientId,
            ["AppraisalWorks:PublicKey"] = Keys.PublicKey,
            ["AppraisalWorks:PrivateKey"] = Keys.PrivateKey,
        };
        foreach (var (k, v) in overrides)
        {
            settings[k] = v;
        }

        var services = new ServiceCollection();
        services.AddAppraisalWorks(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("AppraisalWorks"))
            .ConfigurePrimaryHttpMessageHandler(() => mock);
        return services.BuildServiceProvider();
    }

    // Finding 7: the standard resilience handler refuses a pipeline whose summed retry delays exceed the total request
    // timeout, but only when the first request builds it. These settings used to pass start-up validation.
    [Theory]
    [InlineData("10", "00:00:02", "00:15:00")]
    [InlineData("3", "00:02:00", "00:15:00")]
    [InlineData("0", "00:20:00", "00:15:00")] // 0 retries still builds a one-retry strategy (which never handles)
    public void Retry_delays_longer_than_the_total_request_timeout_fail_validation_on_start(string attempts, string delay, string total)
    {
        using var provider = Build(new MockHttpMessageHandler(), new()
        {
            ["AppraisalWorks:MaxRetryAttempts"] = attempts,
            ["AppraisalWorks:RetryBaseDelay"] = delay,
            ["AppraisalWorks:TotalRequestTimeout"] = total,
        });

        var startup = Assert.Throws<AggregateException>(() => provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());
        var failures = startup.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures).ToList();

        // Reported against the AppraisalWorks settings (the standard handler's own options read them, so they fail too).
        Assert.Contains(failures, m => m.StartsWith("AppraisalWorks:RetryBaseDelay and AppraisalWorks:MaxRetryAttempts", StringComparison.Ordinal) && m.Contains("TotalRequestTimeout", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("10", "00:00:00.500", "00:15:00")]
    [InlineData("3", "00:00:02", "00:15:00")]
    [InlineData("6", "00:00:10", "00:15:00")]
    [InlineData("0", "00:00:02", "00:05:00")]
    public async Task Settings_that_pass_validation_also_build_the_standard_pipeline_at_the_first_request(string attempts, string delay, string total)
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, "https://uat-api.arrowbasetech.com/RapiV1/Orders/A-1/Hold")
            .Respond(() => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"isSuccess":true,"reason":"r"}""") }));
        using var provider = Build(mock, new()
        {
            ["AppraisalWorks:MaxRetryAttempts"] = attempts,
            ["AppraisalWorks:RetryBaseDelay"] = delay,
            ["AppraisalWorks:TotalRequestTimeout"] = total,
        });
        provider.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();

        var data = await provider.GetRequiredService<IAppraisalWorksClient>().FetchEventAsync(new PostbackEvent("A-1", "Hold", 0, null));

        Assert.Equal("r", Assert.IsType<HoldDetails>(data).Reason);
    }

    [Fact]
    public void The_default_options_pass_the_retry_delay_check()
    {
        var result = new AppraisalWorksOptionsValidator().Validate(null, Keys.Options());
        Assert.True(result.Succeeded, result.FailureMessage);
    }

    // Finding 12: the signer must not put a valid signature on a request to another host, port or scheme.
    [Theory]
    [InlineData("https://evil.example/RapiV1/Orders")]
    [InlineData("http://uat-api.arrowbasetech.com/RapiV1/Orders")]
    [InlineData("https://uat-api.arrowbasetech.com:8443/RapiV1/Orders")]
    [InlineData("https://uat-api.arrowbasetech.com.evil.example/RapiV1/Orders")]
    public async Task The_signer_refuses_a_request_outside_the_base_address_host_and_sends_nothing(string url)
    {
        var mock = new MockHttpMessageHandler();
        var sent = mock.When("*").Respond(HttpStatusCode.OK);
        using var http = new HttpClient(new HmacSigningHandler(Keys.Options(), TimeProvider.System) { InnerHandler = mock });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => http.GetAsync(new Uri(url)));

        Assert.Contains("BaseAddress", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Keys.PrivateKey, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(sent));
    }

    [Fact]
    public async Task The_signer_accepts_the_base_host_in_any_case_and_with_its_default_port_spelled_out()
    {
        var mock = new MockHttpMessageHandler();
        var sent = mock.When("*").Respond(HttpStatusCode.OK);
        using var http = new HttpClient(new HmacSigningHandler(Keys.Options(), TimeProvider.System) { InnerHandler = mock });

        using var response = await http.GetAsync(new Uri("https://UAT-API.arrowbasetech.com:443/RapiV1/Orders"));

        Assert.Equal(1, mock.GetMatchCount(sent));
    }

    // Finding 14: the last registered postback handler wins, as with HouseCanary.
    [Fact]
    public void The_last_registered_postback_handler_wins()
    {
        var services = new ServiceCollection();
        services.AddAppraisalWorks(o =>
        {
            o.ClientId = Keys.ClientId;
            o.PublicKey = Keys.PublicKey;
            o.PrivateKey = Keys.PrivateKey;
        });
        services.AddAppraisalWorksPostbacks<HandlerA>();
        services.AddAppraisalWorksPostbacks<HandlerB>();
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        Assert.IsType<HandlerB>(scope.ServiceProvider.GetRequiredService<PostbackHandler>());
        Assert.Single(services, d => d.ServiceType == typeof(PostbackHandler));
    }
}
