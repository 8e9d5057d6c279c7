using System.Text.Json.Nodes;
using Valuation.Sandbox.Tests.Infrastructure;

namespace Valuation.Sandbox.Tests;

public sealed class DeliveryUrlTests
{
    private static string OneItem => "{\"order_type\":\"valueReport\",\"name\":\"Late receiver\",\"owner_organization_id\":101,\"owner_id\":202,\"items\":[{\"address\":\"1 Main St\",\"zipcode\":\"78701\"}]}";

    [Fact]
    public async Task A_callout_url_set_after_start_receives_the_callouts_signed_with_the_configured_scheme()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions
        {
            ManualClock = true,
            HouseCanary = new HouseCanarySandboxOptions { CalloutAuthentication = CalloutAuthentication.Signature, CalloutSignatureSecret = "late-secret" },
        });
        using var clients = new Clients(sandbox);
        sandbox.SetCalloutUrl(receiver.Url);

        await clients.HcCreateAsync(OneItem);
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Contains(receiver.Received, r => (string?)JsonNode.Parse(r.Body)!["new_status"] == "complete");
        Assert.All(receiver.Received, r => Assert.StartsWith("sha1=", r.Header("X-HC-Signature"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Setting_the_callout_url_to_null_stops_callouts()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions
        {
            ManualClock = true,
            HouseCanary = new HouseCanarySandboxOptions { CalloutUrl = receiver.Url, CalloutSignatureSecret = "s" },
        });
        using var clients = new Clients(sandbox);
        sandbox.SetCalloutUrl(null);

        await clients.HcCreateAsync(OneItem);
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(2));

        Assert.Empty(receiver.Received);
        Assert.Empty(sandbox.HouseCanary.CalloutAttempts);
    }

    [Fact]
    public async Task A_callout_url_is_refused_when_the_scheme_lacks_its_credentials_or_the_url_is_relative()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions
        {
            ManualClock = true,
            HouseCanary = new HouseCanarySandboxOptions { CalloutAuthentication = CalloutAuthentication.Basic },
        });

        Assert.Throws<ArgumentException>(() => sandbox.SetCalloutUrl(new Uri("http://127.0.0.1:9/hook")));
        Assert.Throws<ArgumentException>(() => sandbox.SetCalloutUrl(new Uri("/hook", UriKind.Relative)));
        Assert.Throws<ArgumentException>(() => sandbox.SetPostbackUrl(new Uri("/hook", UriKind.Relative)));
    }

    [Fact]
    public async Task A_postback_url_set_after_start_receives_the_lifecycle_postbacks_with_its_query_string()
    {
        await using var receiver = await Receiver.StartAsync("/postbacks");
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { ManualClock = true });
        using var clients = new Clients(sandbox);
        sandbox.SetPostbackUrl(new Uri(receiver.Url + "?token=abc"));

        await clients.AwCreateAsync(TestData.AwOrder("LATE-1"));
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.NotEmpty(receiver.Received);
        Assert.All(receiver.Received, r => Assert.Equal("?token=abc", r.QueryString));
        Assert.Contains(receiver.Received, r => (string?)JsonNode.Parse(r.Body)!["apiEvent"]!["eventName"] == "Assignment");
    }
}
