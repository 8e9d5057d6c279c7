using System.Net;
using System.Text;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;
using Microsoft.Extensions.DependencyInjection;
using QuickStart;
using Valuation.Sandbox;
using Valuation.Sandbox.Faults;

namespace EndToEnd.Tests;

public sealed class PostbackTests
{
    // The document defines eventName only as a "text description of the event code": the receiver must type every
    // event whether the sandbox spells it as the route segment, the heading, the heading without spaces, or a code
    // nobody lists (then only the path names the event).
    [Theory]
    [InlineData(AppraisalWorksEventNames.RouteSegment)]
    [InlineData(AppraisalWorksEventNames.Heading)]
    [InlineData(AppraisalWorksEventNames.HeadingWithoutSpaces)]
    [InlineData(AppraisalWorksEventNames.Unlisted)]
    public async Task Each_AppraisalWorks_event_is_fetched_and_typed_by_the_receiver_whatever_the_spelling_of_its_name(AppraisalWorksEventNames spelling)
    {
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { ManualClock = true, AppraisalWorks = { EventNames = spelling } });
        await using var receiver = await RunningReceiver.StartAsync(SandboxClients.AppraisalWorksSettings(sandbox));
        sandbox.SetPostbackUrl(receiver.PostbackUrl);
        await using var clients = SandboxClients.Create(sandbox);
        var aw = clients.GetRequiredService<IAppraisalWorksClient>();

        await aw.CreateOrderAsync(TourOrders.AppraisalWorks("E2E-LIFE-1"));
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(3));
        await aw.CreateOrderAsync(TourOrders.AppraisalWorks("E2E-ACTS-2"));
        await aw.PlaceOnHoldAsync("E2E-ACTS-2", "Borrower payment not received");
        await aw.ResumeAsync("E2E-ACTS-2", "Borrower payment received.");
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));
        await aw.RescheduleAppointmentAsync("E2E-ACTS-2", new RescheduleRequest
        {
            OrderId = "1", AppointmentDate = AppraisalWorksDate.FromAppointment(new DateTime(2030, 1, 1, 12, 0, 0), "EST"), Comment = "Contact asked to move it.",
        });
        await aw.CancelAsync("E2E-ACTS-2", "No longer needed");
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.All(sandbox.AppraisalWorks.PostbackAttempts, a => Assert.Equal(200, a.StatusCode));
        var received = await receiver.ReceivedAsync();
        var typed = received.Where(e => (string)e!["outcome"]! == "processed")
            .ToLookup(e => (string)e!["type"]!, e => (string?)e!["detailsType"], StringComparer.Ordinal);
        var expected = new Dictionary<string, string>
        {
            [PostbackEventNames.Assignment] = nameof(AssignmentDetails),
            [PostbackEventNames.FeeChanged] = nameof(FeeChangeDetails),
            [PostbackEventNames.Scheduled] = nameof(AppointmentDetails),
            [PostbackEventNames.ExpectedDelivery] = nameof(ExpectedDeliveryDetails),
            [PostbackEventNames.Comments] = nameof(CommentDetails),
            [PostbackEventNames.Completed] = nameof(CompletedReport),
            [PostbackEventNames.Documents] = nameof(DocumentDetails),
            [PostbackEventNames.Hold] = nameof(HoldDetails),
            [PostbackEventNames.Resume] = nameof(ResumeDetails),
            [PostbackEventNames.Rescheduled] = nameof(AppointmentDetails),
            [PostbackEventNames.Cancel] = nameof(CancelDetails),
        };
        foreach (var (name, type) in expected)
        {
            Assert.True(typed.Contains(name), $"no {name} entry in {received.ToJsonString()}");
            Assert.All(typed[name], actual => Assert.Equal(type, actual));
        }

        var hold = received.First(e => (string)e!["type"]! == PostbackEventNames.Hold);
        Assert.Equal("Borrower payment not received", (string?)hold!["details"]!["reason"]);
        Assert.Contains(Directory.GetFiles(receiver.DocumentsPath), f => f.EndsWith("_AppraisalReport.pdf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_postback_with_a_hostile_path_gets_400_and_nothing_is_requested_from_the_sandbox()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { ManualClock = true });
        var probe = new FaultRule { Api = SandboxApi.AppraisalWorks, Method = "GET", PathPattern = "/RapiV1/", Kind = FaultKind.Delay, Delay = TimeSpan.Zero, Times = 1000 };
        sandbox.Faults.Add(probe);
        await using var receiver = await RunningReceiver.StartAsync(SandboxClients.AppraisalWorksSettings(sandbox));
        using var http = new HttpClient();

        string[] hostile =
        [
            "/Orders/UID-1/Comments/../../Admin/5",
            "http://evil.test/Orders/UID-1/Comments/5",
            "/Orders/UID-1/Comments/%2e%2e/5",
            "/Orders/OTHER-UID/Comments/5",
        ];
        foreach (string path in hostile)
        {
            string body = "{\"apiEvent\":{\"transactionUID\":\"UID-1\",\"eventName\":\"Comments\",\"detailId\":\"5\",\"path\":\"" + path + "\"}}";
            using var response = await http.PostAsync(receiver.PostbackUrl, new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        using var malformed = await http.PostAsync(receiver.PostbackUrl, new StringContent("{\"apiEvent\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(0, probe.Hits);
        Assert.Empty(await receiver.ReceivedAsync());
    }

    [Fact]
    public async Task A_repeated_postback_is_processed_once_and_an_unknown_event_is_listed_as_unknown()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions { ManualClock = true });
        await using var receiver = await RunningReceiver.StartAsync(SandboxClients.AppraisalWorksSettings(sandbox));
        sandbox.SetPostbackUrl(receiver.PostbackUrl);
        await using var clients = SandboxClients.Create(sandbox);
        var aw = clients.GetRequiredService<IAppraisalWorksClient>();
        await aw.CreateOrderAsync(TourOrders.AppraisalWorks("E2E-DUP-1"));
        await aw.PlaceOnHoldAsync("E2E-DUP-1", "Waiting for payment");
        await sandbox.AdvanceAsync(TimeSpan.FromSeconds(1));
        var holdAttempt = Assert.Single(sandbox.AppraisalWorks.PostbackAttempts, a => a.MessageType == PostbackEventNames.Hold);
        Assert.Equal(200, holdAttempt.StatusCode);
        using var http = new HttpClient();

        using (var again = await http.PostAsync(receiver.PostbackUrl, new StringContent(holdAttempt.Body, Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        using (var unknown = await http.PostAsync(receiver.PostbackUrl, new StringContent(
            "{\"apiEvent\":{\"transactionUID\":\"E2E-DUP-1\",\"eventName\":\"Teleported\",\"detailId\":\"0\",\"path\":\"/Orders/E2E-DUP-1/Teleported\"}}", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        }

        var received = await receiver.ReceivedAsync();
        var holds = received.Where(e => (string)e!["type"]! == PostbackEventNames.Hold).ToList();
        var entry = Assert.Single(holds);
        Assert.Equal("Waiting for payment", (string?)entry!["details"]!["reason"]);
        var teleported = Assert.Single(received, e => (string)e!["type"]! == "Teleported");
        Assert.Equal("unknown", (string)teleported!["outcome"]!);
    }
}
