using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Valuation.Sandbox.Tests.Infrastructure;

/// <summary>One request the receiver got.</summary>
public sealed record ReceivedRequest(string Method, string Path, string QueryString, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>A tiny Kestrel receiver on 127.0.0.1 that records callouts/postbacks and answers a scripted status.</summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private int _count;

    private Receiver(WebApplication app) => _app = app;

    /// <summary>Decides the status for the n-th request (1-based); default 200.</summary>
    public Func<int, int> Status { get; set; } = _ => 200;

    /// <summary>When set, decides the status from the request and how many times the same body was received before (1-based).</summary>
    public Func<ReceivedRequest, int, int>? StatusByDelivery { get; set; }

    /// <summary>A delay before answering the n-th request; default none.</summary>
    public Func<int, TimeSpan> Delay { get; set; } = _ => TimeSpan.Zero;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Received => [.. _received];

    public static async Task<Receiver> StartAsync(string path = "/hook")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.Run(async context =>
        {
            int n = Interlocked.Increment(ref receiver._count);
            await using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
            var request = new ReceivedRequest(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "", headers, buffer.ToArray());
            int delivery = receiver._received.Count(r => r.Body.AsSpan().SequenceEqual(request.Body)) + 1;
            receiver._received.Enqueue(request);
            var delay = receiver.Delay(n);
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            context.Response.StatusCode = receiver.StatusByDelivery?.Invoke(request, delivery) ?? receiver.Status(n);
        });
        await app.StartAsync();
        var bound = new Uri(app.Urls.First());
        receiver.Url = new Uri(bound, path);
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
