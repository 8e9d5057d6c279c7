using System.Net;
using System.Text;
using HouseCanary.OrderManager.Callouts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Valuation.Webhooks.Tests;

/// <summary>
/// Kestrel refuses bodies over 30,000,000 bytes by default, below HouseCanary's 50 MiB. The mapped endpoint raises
/// the limit for its own route only: a correctly signed order_complete carrying a 23 MiB PDF is processed, while
/// another route of the same app still gets Kestrel's 413.
/// </summary>
[Collection(MemoryMeasuring.Name)]
public sealed class KestrelLimitTests
{
    private const string Secret = "kestrel-test-secret";

    [Fact]
    public async Task A_signed_callout_carrying_a_23_MiB_report_passes_Kestrels_default_limit_on_its_route_only()
    {
        var received = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(received);
        builder.Services.AddHouseCanaryCallouts<ReportSizeHandler>(o =>
        {
            o.Scheme = WebhookAuthenticationScheme.Signature;
            o.Secrets.Add(Secret);
        });
        await using var app = builder.Build();
        app.MapHouseCanaryCallouts("/callouts/housecanary");
        app.MapPost("/other", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.Ok();
        });
        await app.StartAsync();
        var url = new Uri(app.Urls.First());
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };

        byte[] pdf = new byte[23 * 1024 * 1024];
        new Random(7).NextBytes(pdf);
        var message = new OrderCompleteMessage { MessageType = CalloutMessageTypes.OrderComplete, MessageId = "big-1", OrderId = "1", OrderItemId = "2", ReportBase64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(pdf)) };
        var signed = new CalloutSigner(new CalloutOptions { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { Secret } }).Sign(CalloutSigner.Serialize(message));
        Assert.True(signed.Body.Length > 30_000_000, "the body is above Kestrel's default limit");

        using var callout = new HttpRequestMessage(HttpMethod.Post, new Uri(url, "/callouts/housecanary")) { Content = new ReadOnlyMemoryContent(signed.Body) };
        callout.Headers.TryAddWithoutValidation(CalloutOptions.DefaultSignatureHeaderName, signed.Headers[CalloutOptions.DefaultSignatureHeaderName]);
        using var answer = await http.SendAsync(callout);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(pdf.Length, await received.Task.WaitAsync(TimeSpan.FromSeconds(30)));

        // Expect: 100-continue, so the client waits for Kestrel's verdict instead of writing into a closed socket.
        using var toOther = new HttpRequestMessage(HttpMethod.Post, new Uri(url, "/other")) { Content = new ReadOnlyMemoryContent(signed.Body) };
        toOther.Headers.ExpectContinue = true;
        using var other = await http.SendAsync(toOther);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, other.StatusCode);

        await app.StopAsync();
    }

    [Fact]
    public async Task A_body_over_MaxBodyBytes_gets_the_engines_413_at_once_from_its_declared_length()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(new TaskCompletionSource<int>());
        builder.Services.AddHouseCanaryCallouts<ReportSizeHandler>(o =>
        {
            o.Scheme = WebhookAuthenticationScheme.Signature;
            o.Secrets.Add(Secret);
            o.MaxBodyBytes = 1024 * 1024;
        });
        await using var app = builder.Build();
        app.MapHouseCanaryCallouts();
        await app.StartAsync();
        using var http = new HttpClient();

        using var answer = await http.PostAsync(new Uri(new Uri(app.Urls.First()), "/callouts/housecanary"), new ByteArrayContent(new byte[2 * 1024 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, answer.StatusCode);
        Assert.Equal("The body is larger than this receiver accepts.", await answer.Content.ReadAsStringAsync());
        await app.StopAsync();
    }

    [Fact]
    public void Mapping_without_the_registration_fails_at_start_up_with_what_to_call()
    {
        var builder = WebApplication.CreateSlimBuilder();
        var app = builder.Build();
        var ex = Assert.Throws<InvalidOperationException>(() => app.MapHouseCanaryCallouts());
        Assert.Contains("AddHouseCanaryCallouts", ex.Message, StringComparison.Ordinal);
    }

    private sealed class ReportSizeHandler(TaskCompletionSource<int> received) : CalloutHandler
    {
        public override Task OnOrderCompleteAsync(OrderCompleteMessage message, CancellationToken cancellationToken)
        {
            received.TrySetResult(message.DecodeReport().Length);
            return Task.CompletedTask;
        }
    }
}
