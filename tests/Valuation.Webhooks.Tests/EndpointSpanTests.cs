using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Valuation.Webhooks.Diagnostics;

namespace Valuation.Webhooks.Tests;

/// <summary>
/// Through a real Kestrel on 127.0.0.1: the webhook's span is a child of ASP.NET Core's request span, so a trace
/// shows the request, the engine's verdict and everything the handler did, in that order.
/// </summary>
public sealed class EndpointSpanTests
{
    [Fact]
    public async Task The_webhook_span_is_a_child_of_the_aspnetcore_request_span()
    {
        string name = "endpoint-" + Guid.NewGuid().ToString("N")[..12];
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is WebhookTelemetry.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, name: name);
        app.MapWebhookReceiver("/hooks/test", processor);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };

        var body = TestProcessor.Body("k-1", "order_complete");
        var (headers, _) = WebhookTestRequests.Authenticate(new TestOptions(), body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/test") { Content = new ByteArrayContent(body) };
        foreach (var (key, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(key, value))
            {
                request.Content.Headers.TryAddWithoutValidation(key, value);
            }
        }

        using var answer = await http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, answer.StatusCode);
        await app.StopAsync();

        var span = Assert.Single(stopped, a => a.Source.Name == WebhookTelemetry.SourceName && Equals(a.GetTagItem(WebhookTelemetry.ReceiverAttribute), name));
        Assert.NotNull(span.Parent);
        Assert.Equal("Microsoft.AspNetCore", span.Parent.Source.Name);
        Assert.Equal(ActivityKind.Server, span.Parent.Kind);
        Assert.Equal(span.Parent.TraceId, span.TraceId);
        Assert.Equal("processed", span.GetTagItem(WebhookTelemetry.OutcomeAttribute));
    }
}
