using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Valuation.Sandbox.Documents;
using Valuation.Sandbox.Tests.Infrastructure;

namespace Valuation.Sandbox.Tests;

public sealed class SandboxTests
{
    [Fact]
    public async Task It_binds_loopback_on_a_free_port_and_reports_both_api_roots()
    {
        await using var sandbox = await ValuationSandbox.StartAsync();
        Assert.Equal("127.0.0.1", sandbox.BaseAddress.Host);
        Assert.NotEqual(0, sandbox.BaseAddress.Port);
        Assert.Equal(new Uri(sandbox.BaseAddress, "/partner-api/v1/"), sandbox.HouseCanaryBaseAddress);
        Assert.Equal(new Uri(sandbox.BaseAddress, "/RapiV1/"), sandbox.AppraisalWorksBaseAddress);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(sandbox.BaseAddress)).StatusCode);
    }

    [Fact]
    public async Task Two_sandboxes_run_side_by_side_on_different_ports()
    {
        await using var one = await ValuationSandbox.StartAsync();
        await using var two = await ValuationSandbox.StartAsync();
        Assert.NotEqual(one.BaseAddress.Port, two.BaseAddress.Port);
    }

    [Fact]
    public async Task Credentials_default_to_the_well_known_values_and_can_be_overridden()
    {
        await using (var defaults = await ValuationSandbox.StartAsync())
        {
            Assert.Equal(HouseCanarySandboxOptions.DefaultApiToken, defaults.Credentials.HouseCanary.ApiToken);
            Assert.Equal(101, defaults.Credentials.HouseCanary.OwnerOrganizationId);
            Assert.Equal(202, defaults.Credentials.HouseCanary.OwnerId);
            Assert.Equal(AppraisalWorksSandboxOptions.DefaultClientId, defaults.Credentials.AppraisalWorks.ClientId);
            Assert.Equal(AppraisalWorksSandboxOptions.DefaultPublicKey, defaults.Credentials.AppraisalWorks.PublicKey);
            Assert.Equal(AppraisalWorksSandboxOptions.DefaultPrivateKey, defaults.Credentials.AppraisalWorks.PrivateKey);
        }

        var options = new SandboxOptions
        {
            HouseCanary = new HouseCanarySandboxOptions { ApiToken = "custom-token", OwnerOrganizationId = 7, OwnerId = 8 },
            AppraisalWorks = new AppraisalWorksSandboxOptions { ClientId = "77", PublicKey = "pub", PrivateKey = "priv" },
        };
        await using var custom = await ValuationSandbox.StartAsync(options);
        using var clients = new Clients(custom);
        using var ok = await clients.HcAsync(HttpMethod.Get, "orders/1/");
        Assert.Equal(HttpStatusCode.NotFound, ok.StatusCode);
        using var old = await clients.HcAsync(HttpMethod.Get, "orders/1/", token: HouseCanarySandboxOptions.DefaultApiToken);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        var order = TestData.AwOrder();
        order["requestingParty"]!["clientID"] = "77";
        Assert.EndsWith("-1", await clients.AwCreateAsync(order), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Printing_the_credentials_or_options_never_shows_a_secret()
    {
        await using var sandbox = await ValuationSandbox.StartAsync();
        string printed = sandbox.Credentials.ToString() + new SandboxOptions() + sandbox;
        Assert.DoesNotContain(HouseCanarySandboxOptions.DefaultApiToken, printed, StringComparison.Ordinal);
        Assert.DoesNotContain(AppraisalWorksSandboxOptions.DefaultPrivateKey, printed, StringComparison.Ordinal);
        Assert.Contains("***", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdvanceAsync_needs_the_manual_clock()
    {
        await using var sandbox = await ValuationSandbox.StartAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => sandbox.AdvanceAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Invalid_options_are_refused_at_start()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => ValuationSandbox.StartAsync(new SandboxOptions { StepInterval = TimeSpan.Zero }));
        await Assert.ThrowsAsync<ArgumentException>(() => ValuationSandbox.StartAsync(new SandboxOptions
        {
            HouseCanary = new HouseCanarySandboxOptions { CalloutUrl = new Uri("http://127.0.0.1:9/"), CalloutAuthentication = CalloutAuthentication.Basic },
        }));
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_ids()
    {
        async Task<(long, string, string)> RunAsync()
        {
            await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { ManualClock = true, Seed = 99 });
            using var clients = new Clients(sandbox);
            var order = await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
            string number = await clients.AwCreateAsync(TestData.AwOrder());
            return ((long)order["id"]!, number, sandbox.HouseCanary.Orders[0].Items[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(await RunAsync(), await RunAsync());
    }

    [Fact]
    public async Task An_external_time_provider_drives_the_steps_through_RunDueStepsAsync()
    {
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { TimeProvider = clock, PollInterval = TimeSpan.FromHours(1) });
        using var clients = new Clients(sandbox);
        var order = await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        Assert.Equal("2026-01-02T03:04:05Z", (string)order["created_date"]!);
        await sandbox.RunDueStepsAsync();
        Assert.Equal("new", sandbox.HouseCanary.Orders[0].Status);
        clock.Advance(TimeSpan.FromMilliseconds(200));
        await sandbox.RunDueStepsAsync();
        Assert.Equal("accepted", sandbox.HouseCanary.Orders[0].Status);
    }

    [Fact]
    public async Task The_automatic_clock_completes_an_order_without_being_advanced()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions
        {
            StepInterval = TimeSpan.FromMilliseconds(20),
            PollInterval = TimeSpan.FromMilliseconds(5),
            HouseCanary = new HouseCanarySandboxOptions { CalloutUrl = receiver.Url, CalloutSignatureSecret = "s" },
        });
        using var clients = new Clients(sandbox);
        await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        // One item: validation (item, order), report pending (item), completion (item, order_complete, order).
        // The order's status turns "complete" before its callouts are sent, so wait for the last callout itself.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (receiver.Received.Count < 6)
        {
            await Task.Delay(20, timeout.Token);
        }

        var sequence = receiver.Received.Select(r => JsonNode.Parse(r.Body)!).Select(b => $"{b["message_type"]}:{b["new_status"]}").ToList();
        Assert.Equal(
            ["order_item_status_change:accepted", "order_status_change:accepted", "order_item_status_change:reportpending",
             "order_item_status_change:complete", "order_complete:", "order_status_change:complete"],
            sequence);
        Assert.Equal("complete", sandbox.HouseCanary.Orders[0].Status);
    }

    [Fact]
    public async Task The_automatic_clock_posts_appraisalworks_events_in_lifecycle_order()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Delay = n => n % 2 == 1 ? TimeSpan.FromMilliseconds(60) : TimeSpan.Zero; // a slowish receiver
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions
        {
            StepInterval = TimeSpan.FromMilliseconds(10),
            PollInterval = TimeSpan.FromMilliseconds(5),
            AppraisalWorks = new AppraisalWorksSandboxOptions { PostbackUrl = receiver.Url },
        });
        using var clients = new Clients(sandbox);
        await clients.AwCreateAsync(TestData.AwOrder());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (receiver.Received.Count < 7)
        {
            await Task.Delay(20, timeout.Token);
        }

        Assert.Equal(
            ["Assignment", "FeeChanged", "Scheduled", "ExpectedDelivery", "Comments", "Completed", "Documents"],
            receiver.Received.Select(r => (string)JsonNode.Parse(r.Body)!["apiEvent"]!["eventName"]!));
    }

    [Fact]
    public async Task Without_a_callout_url_the_lifecycle_still_completes_and_nothing_is_sent()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { ManualClock = true });
        using var clients = new Clients(sandbox);
        await clients.HcCreateAsync(TestData.Text("hc-create-order.json"));
        await clients.AwCreateAsync(TestData.AwOrder());
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("complete", sandbox.HouseCanary.Orders[0].Status);
        Assert.Equal("Completed", sandbox.AppraisalWorks.Orders[0].Condition);
        Assert.Empty(sandbox.HouseCanary.CalloutAttempts);
        Assert.Empty(sandbox.AppraisalWorks.PostbackAttempts);
    }

    [Theory]
    [InlineData("Q4 portfolio", "q4-portfolio")]
    [InlineData("  Héllo, Wörld!  ", "hello-world")]
    [InlineData("a -- b__c", "a-b__c")]
    [InlineData("_-Lead & trail-_", "lead-trail")]
    [InlineData("ﬁ ligature ½", "fi-ligature-12")]
    [InlineData("123 Main St.", "123-main-st")]
    public void Slugify_matches_django(string input, string expected) => Assert.Equal(expected, Slug.Slugify(input));

    [Fact]
    public void Generated_pdfs_are_structurally_valid_and_name_their_lines()
    {
        byte[] pdf = PdfDocument.Create(["123 Main St (rear)", "Austin, TX"]);
        string text = Encoding.ASCII.GetString(pdf);
        Assert.StartsWith("%PDF-1.4\n", text, StringComparison.Ordinal);
        Assert.EndsWith("%%EOF\n", text, StringComparison.Ordinal);
        Assert.Contains("(123 Main St \\(rear\\)) Tj", text, StringComparison.Ordinal);
        int startxref = int.Parse(text[(text.LastIndexOf("startxref\n", StringComparison.Ordinal) + 10)..].Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.StartsWith("xref\n0 6\n", text[startxref..], StringComparison.Ordinal);
        var offsets = text[startxref..].Split('\n').Skip(3).Take(5).Select(l => int.Parse(l[..10], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        for (int i = 0; i < offsets.Count; i++)
        {
            Assert.StartsWith($"{i + 1} 0 obj", text[offsets[i]..], StringComparison.Ordinal);
        }

        Assert.Equal(50_000, PdfDocument.Create(["x"], 50_000).Length);
    }
}
