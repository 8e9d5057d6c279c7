using System.Net;
using System.Net.Sockets;
using Arrowbase.AppraisalWorks.Postbacks;
using Arrowbase.AppraisalWorks.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RichardSzalay.MockHttp;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;

namespace Arrowbase.AppraisalWorks.Tests;

public class DependencyInjectionTests
{
    /// <summary>Each read of the clock is one second later, so every attempt has its own timestamp; timers stay real.</summary>
    private sealed class SteppingTimeProvider : TimeProvider
    {
        private long _ticks = new DateTimeOffset(2022, 4, 12, 16, 32, 25, TimeSpan.Zero).UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Add(ref _ticks, TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private sealed class NoopHandler : PostbackHandler
    {
        public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken) => ValueTask.FromResult(Stream.Null);
    }

    private static (ServiceProvider Provider, List<Captured> Seen) Build(HttpMessageHandler mock, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AppraisalWorks:BaseAddress"] = "https://uat-api.arrowbasetech.com/RapiV1",
            ["AppraisalWorks:ClientId"] = Keys.ClientId,
            ["AppraisalWorks:PublicKey"] = Keys.PublicKey,
            ["AppraisalWorks:PrivateKey"] = Keys.PrivateKey,
            ["AppraisalWorks:RetryBaseDelay"] = "00:00:00.010",
            ["AppraisalWorks:MaxRetryAttempts"] = "2",
            ["AppraisalWorks:AttemptTimeout"] = "00:00:05",
            ["AppraisalWorks:AppraisalCoordinator:LastName"] = "Manager",
            ["AppraisalWorks:AppraisalCoordinator:ContactMethod:ContactInfo:0:ContactLabel"] = "Work",
            ["AppraisalWorks:AppraisalCoordinator:ContactMethod:ContactInfo:0:ContactType"] = "Email",
            ["AppraisalWorks:AppraisalCoordinator:ContactMethod:ContactInfo:0:ContactValue"] = "angie@example.test",
            ["AppraisalWorks:Postbacks:Scheme"] = "QueryToken",
            ["AppraisalWorks:Postbacks:Tokens:0"] = "tok-1",
        };
        foreach (var (k, v) in overrides ?? [])
        {
            settings[k] = v;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new SteppingTimeProvider());
        services.AddAppraisalWorks(configuration.GetSection("AppraisalWorks")).ConfigurePrimaryHttpMessageHandler(() => mock);
        services.AddAppraisalWorksPostbacks<NoopHandler>(configuration.GetSection("AppraisalWorks:Postbacks"));
        return (services.BuildServiceProvider(), []);
    }

    private static MockedRequest Respond(MockHttpMessageHandler mock, List<Captured> seen, HttpMethod method, string url, params Func<HttpResponseMessage>[] answers)
    {
        int n = 0;
        return mock.When(method, url).Respond(async req =>
        {
            seen.Add(await ClientFixture.CaptureAsync(req));
            return answers[Math.Min(n++, answers.Length - 1)]();
        });
    }

    private static HttpResponseMessage Ok() => new(HttpStatusCode.OK) { Content = new StringContent("""{"isSuccess":true,"reason":"r"}""") };

    private static HttpResponseMessage Unavailable() => new(HttpStatusCode.ServiceUnavailable);

    [Fact]
    public async Task A_failed_GET_is_retried_and_every_attempt_is_signed_with_a_later_timestamp()
    {
        var mock = new MockHttpMessageHandler();
        var (provider, seen) = Build(mock);
        Respond(mock, seen, HttpMethod.Get, "https://uat-api.arrowbasetech.com/RapiV1/Orders/A-1/Hold/5", Unavailable, Ok);
        var client = provider.GetRequiredService<IAppraisalWorksClient>();

        var hold = await client.GetHoldAsync("A-1", 5);

        Assert.Equal("r", hold.Reason);
        Assert.Equal(2, seen.Count);
        seen[0].AssertSigned("/Orders/A-1/Hold/5");
        seen[1].AssertSigned("/Orders/A-1/Hold/5");
        Assert.True(string.CompareOrdinal(seen[1].RequestDate, seen[0].RequestDate) > 0, $"{seen[0].RequestDate} then {seen[1].RequestDate}");
        Assert.DoesNotContain(",", seen[1].Authorization!, StringComparison.Ordinal); // replaced, not appended
    }

    [Fact]
    public async Task A_failed_PUT_is_not_retried_and_may_have_been_applied()
    {
        // A 503 after a PUT may come after the hold took effect: a retry would answer "already on hold".
        var mock = new MockHttpMessageHandler();
        var (provider, seen) = Build(mock);
        Respond(mock, seen, HttpMethod.Put, "https://uat-api.arrowbasetech.com/RapiV1/Orders/A-1/Hold", Unavailable, Ok);

        var ex = await Assert.ThrowsAsync<AppraisalWorksException>(() => provider.GetRequiredService<IAppraisalWorksClient>().PlaceOnHoldAsync("A-1", "waiting"));

        Assert.Single(seen);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.True(ex.MayHaveBeenApplied);
        Assert.Equal(Valuation.Http.OutboundFailureKind.ErrorResponse, ex.FailureKind);
    }

    [Fact]
    public async Task A_POST_that_may_have_reached_the_server_is_never_retried()
    {
        var mock = new MockHttpMessageHandler();
        var (provider, seen) = Build(mock);
        Respond(mock, seen, HttpMethod.Post, "https://uat-api.arrowbasetech.com/RapiV1/Orders/A-1/Comments", Unavailable, Ok);

        var ex = await Assert.ThrowsAsync<AppraisalWorksException>(() => provider.GetRequiredService<IAppraisalWorksClient>().AddCommentAsync("A-1", "hello"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Single(seen);
    }

    [Fact]
    public async Task A_POST_refused_at_connect_is_retried_and_its_document_stream_is_sent_whole()
    {
        int attempts = 0;
        var seen = new List<Captured>();
        var handler = new FuncHandler(async req =>
        {
            if (attempts++ == 0)
            {
                throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused));
            }

            seen.Add(await ClientFixture.CaptureAsync(req));
            return Ok();
        });
        var (provider, _) = Build(handler);
        byte[] pdf = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();

        await provider.GetRequiredService<IAppraisalWorksClient>().AddDocumentAsync("A-1", 2060, "a.pdf", "Appraisal Support Document", new MemoryStream(pdf));

        Assert.Equal(2, attempts);
        var sent = Assert.Single(seen);
        sent.AssertSigned("/Orders/A-1/Documents");
        Assert.Equal(pdf, sent.Json.GetProperty("embeddedFile").GetProperty("document").GetBytesFromBase64());
    }

    [Fact]
    public async Task The_configured_coordinator_is_bound_from_configuration_and_added_to_orders()
    {
        var mock = new MockHttpMessageHandler();
        var (provider, seen) = Build(mock);
        Respond(mock, seen, HttpMethod.Post, "https://uat-api.arrowbasetech.com/RapiV1/Orders", () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(TestData.Read("order-response.json")) });
        var order = System.Text.Json.JsonSerializer.Deserialize(TestData.Read("order-comprehensive.json"), Json.AppraisalWorksJsonContext.Default.OrderRequest)!;
        var loan = order.Request!.RequestData!.Loan!;
        order = order with { Request = order.Request with { RequestData = order.Request.RequestData with { Loan = loan with { Parties = loan.Parties!.Where(p => p.PartyType != "Appraisal Coordinator").ToList() } } } };

        var response = await provider.GetRequiredService<IAppraisalWorksClient>().CreateOrderAsync(order);

        Assert.Equal("111977-1", response.OrderNumber);
        var parties = Assert.Single(seen).Json.GetProperty("request").GetProperty("requestData").GetProperty("loan").GetProperty("parties");
        Assert.Contains(parties.EnumerateArray(), p => p.GetProperty("partyType").GetString() == "Appraisal Coordinator" && p.GetProperty("lastName").GetString() == "Manager");
    }

    [Fact]
    public void Invalid_options_fail_validation_without_echoing_the_key()
    {
        var (provider, _) = Build(new MockHttpMessageHandler(), new() { ["AppraisalWorks:PublicKey"] = "", ["AppraisalWorks:PrivateKey"] = "super-secret-value", ["AppraisalWorks:BaseAddress"] = "ftp://x/" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptionsMonitor<AppraisalWorksOptions>>().CurrentValue);

        Assert.Contains(ex.Failures, m => m.Contains("PublicKey is required", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, m => m.Contains("BaseAddress", StringComparison.Ordinal));
        Assert.DoesNotContain("super-secret-value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postback_pieces_are_registered_and_use_the_configured_query_token()
    {
        var (provider, _) = Build(new MockHttpMessageHandler());
        Assert.IsType<InMemoryMessageDeduplicationStore>(provider.GetRequiredService<IMessageDeduplicationStore>());
        using var scope = provider.CreateScope();
        var processor = provider.GetRequiredService<PostbackProcessor>();

        var result = await processor.ProcessAsync(new WebhookRequest(PostbackTestMessages.CreateBody("A-1", "Hold", 5), queryString: "?token=wrong"));

        Assert.Equal(WebhookOutcome.Unauthorized, result.Outcome);
        var options = provider.GetRequiredService<IOptions<AppraisalWorksOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(5), options.AttemptTimeout);
        Assert.Equal(new Uri("https://uat-api.arrowbasetech.com/RapiV1"), options.BaseAddress);
    }
}
