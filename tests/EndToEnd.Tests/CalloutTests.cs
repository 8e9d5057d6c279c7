using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HouseCanary.OrderManager;
using HouseCanary.OrderManager.Callouts;
using HouseCanary.OrderManager.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Valuation.Sandbox;
using Valuation.Webhooks;
using WebhookReceiver;

namespace EndToEnd.Tests;

public sealed class CalloutTests
{
    public static TheoryData<string> Schemes => ["Basic", "HeaderToken", "QueryStringToken", "Signature"];

    private static (Dictionary<string, string?> Receiver, HouseCanarySandboxOptions Sandbox) Scheme(string scheme, bool wrong = false)
    {
        string secret = wrong ? "not-the-secret" : "e2e-secret-1";
        var sandbox = new HouseCanarySandboxOptions
        {
            CalloutUserName = "hc-user", CalloutPassword = secret, CalloutTokenName = "X-Callout-Token", CalloutToken = secret, CalloutSignatureSecret = secret,
            CalloutAuthentication = Enum.Parse<CalloutAuthentication>(scheme),
        };
        var receiver = scheme switch
        {
            "Basic" => new Dictionary<string, string?> { ["HouseCanary:Callouts:Scheme"] = "Basic", ["HouseCanary:Callouts:BasicUserName"] = "hc-user", ["HouseCanary:Callouts:BasicPassword"] = "e2e-secret-1" },
            "HeaderToken" => new() { ["HouseCanary:Callouts:Scheme"] = "HeaderToken", ["HouseCanary:Callouts:HeaderName"] = "X-Callout-Token", ["HouseCanary:Callouts:Tokens:0"] = "e2e-secret-1" },
            "QueryStringToken" => new() { ["HouseCanary:Callouts:Scheme"] = "QueryToken", ["HouseCanary:Callouts:QueryParameterName"] = "X-Callout-Token", ["HouseCanary:Callouts:Tokens:0"] = "e2e-secret-1" },
            _ => new() { ["HouseCanary:Callouts:Scheme"] = "Signature", ["HouseCanary:Callouts:Secrets:0"] = "e2e-secret-1" },
        };
        return (receiver, sandbox);
    }

    private static CreateOrderRequest TwoAddresses => new()
    {
        Name = "E2E portfolio",
        Items = [new CreateOrderItem { Address = "1 Main St", Zipcode = "78701", CustomerItemId = "a" }, new CreateOrderItem { Address = "2 Oak Ave", City = "Austin", State = "TX" }],
    };

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task Every_callout_scheme_is_verified_and_processed_by_the_receiver(string scheme)
    {
        var (receiverSettings, sandboxOptions) = Scheme(scheme);
        await using var receiver = await RunningReceiver.StartAsync(receiverSettings);
        sandboxOptions.CalloutUrl = receiver.CalloutUrl;
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { ManualClock = true, HouseCanary = sandboxOptions });
        await using var clients = SandboxClients.Create(sandbox);

        var order = await clients.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(TwoAddresses);
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.All(sandbox.HouseCanary.CalloutAttempts, a => Assert.Equal(200, a.StatusCode));
        var received = await receiver.ReceivedAsync();
        Assert.Equal(sandbox.HouseCanary.CalloutAttempts.Count, received.Count);
        Assert.Equal(2, received.Count(e => (string)e!["type"]! == CalloutMessageTypes.OrderComplete && (string)e["outcome"]! == "processed"));
        Assert.Contains(received, e => (string)e!["type"]! == CalloutMessageTypes.OrderStatusChange && (string?)e["details"]!["new_status"] == "complete"
            && (string?)e["details"]!["order_id"] == order.Id.Value);
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task A_callout_with_wrong_credentials_gets_401_and_is_not_processed(string scheme)
    {
        var (receiverSettings, sandboxOptions) = Scheme(scheme, wrong: true);
        await using var receiver = await RunningReceiver.StartAsync(receiverSettings);
        sandboxOptions.CalloutUrl = receiver.CalloutUrl;
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { ManualClock = true, HouseCanary = sandboxOptions });
        await using var clients = SandboxClients.Create(sandbox);

        await clients.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(TwoAddresses);
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.NotEmpty(sandbox.HouseCanary.CalloutAttempts);
        Assert.All(sandbox.HouseCanary.CalloutAttempts, a => Assert.Equal(401, a.StatusCode));
        Assert.Empty(await receiver.ReceivedAsync());
    }

    [Fact]
    public async Task Malformed_duplicate_and_unknown_callouts_get_400_once_and_unknown()
    {
        await using var receiver = await RunningReceiver.StartAsync(new Dictionary<string, string?> { ["HouseCanary:Callouts:Scheme"] = "Signature", ["HouseCanary:Callouts:Secrets:0"] = "s3" });
        var signer = new CalloutSigner(new CalloutOptions { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { "s3" } });
        using var http = new HttpClient();

        async Task<HttpStatusCode> PostAsync(string json)
        {
            var signed = signer.Sign(Encoding.UTF8.GetBytes(json));
            using var request = new HttpRequestMessage(HttpMethod.Post, receiver.CalloutUrl) { Content = new ByteArrayContent(signed.Body.ToArray()) };
            foreach (var (name, value) in signed.Headers)
            {
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync("{\"message_type\": \"order_status_change\", \"message_id\": "));
        const string status = "{\"message_type\":\"order_status_change\",\"message_id\":\"m-dup\",\"order_id\":\"7\",\"new_status\":\"accepted\"}";
        Assert.Equal(HttpStatusCode.OK, await PostAsync(status));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(status));
        Assert.Equal(HttpStatusCode.OK, await PostAsync("{\"message_type\":\"order_archived\",\"message_id\":\"m-new\",\"order_id\":\"7\"}"));

        var received = await receiver.ReceivedAsync();
        Assert.Equal(2, received.Count);
        Assert.Equal("m-dup", (string)received[0]!["id"]!);
        Assert.Equal("processed", (string)received[0]!["outcome"]!);
        Assert.Equal("order_archived", (string)received[1]!["type"]!);
        Assert.Equal("unknown", (string)received[1]!["outcome"]!);
    }

    [Fact]
    public async Task A_callout_whose_handler_failed_is_redelivered_and_processed_once()
    {
        var failing = new FailOnce();
        await using var receiver = await RunningReceiver.StartAsync(
            new Dictionary<string, string?> { ["HouseCanary:Callouts:Scheme"] = "Signature", ["HouseCanary:Callouts:Secrets:0"] = "s4" },
            services =>
            {
                services.AddSingleton(failing);
                services.Replace(ServiceDescriptor.Scoped<CalloutHandler, FailingFirstOrderCompleteHandler>());
            });
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions
        {
            ManualClock = true,
            HouseCanary = { CalloutUrl = receiver.CalloutUrl, CalloutSignatureSecret = "s4" },
        });
        await using var clients = SandboxClients.Create(sandbox);

        await clients.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(new CreateOrderRequest
        {
            Name = "Redelivery", Items = [new CreateOrderItem { Address = "1 Main St", Zipcode = "78701" }],
        });
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(2));
        var first = Assert.Single(sandbox.HouseCanary.CalloutAttempts, a => a.MessageType == CalloutMessageTypes.OrderComplete);
        Assert.Equal(500, first.StatusCode);

        await sandbox.AdvanceAsync(TimeSpan.FromMinutes(5));

        var attempts = sandbox.HouseCanary.CalloutAttempts.Where(a => a.MessageId == first.MessageId).ToList();
        Assert.Equal([500, 200], attempts.Select(a => a.StatusCode));
        var received = await receiver.ReceivedAsync();
        Assert.Single(received, e => (string)e!["id"]! == first.MessageId);
        Assert.Equal(1, failing.Failures);
    }

    public sealed class FailOnce
    {
        private int _failures;

        public int Failures => Volatile.Read(ref _failures);

        public bool ShouldFail() => Interlocked.CompareExchange(ref _failures, 1, 0) == 0;
    }

    public sealed class FailingFirstOrderCompleteHandler(ReceivedLog log, FailOnce failOnce) : ReceiverCalloutHandler(log)
    {
        public override Task OnOrderCompleteAsync(OrderCompleteMessage message, CancellationToken cancellationToken) =>
            failOnce.ShouldFail() ? throw new IOException("The report store is unavailable.") : base.OnOrderCompleteAsync(message, cancellationToken);
    }
}
