using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager.Callouts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace QuickStart;

/// <summary>The quick start's own receiver: the two webhook endpoints, wired with the packages' processors.</summary>
public static class LocalReceiver
{
    /// <summary>The callout path.</summary>
    public const string CalloutPath = "/callouts/housecanary";

    /// <summary>The postback path.</summary>
    public const string PostbackPath = "/postbacks/appraisalworks";

    /// <summary>Maps <c>POST /callouts/housecanary</c> and <c>POST /postbacks/appraisalworks</c>.</summary>
    /// <param name="app">The receiver.</param>
    /// <param name="events">Where refusals are reported.</param>
    public static void Map(WebApplication app, TourEvents events)
    {
        app.MapPost(CalloutPath, async (HttpRequest request, CalloutProcessor processor, CancellationToken ct) =>
        {
            var result = await processor.ProcessAsync(
                new CalloutRequest(request.Body, request.ContentLength, name => request.Headers.TryGetValue(name, out var v) ? v.ToString() : null, request.QueryString.Value),
                ct);
            if (!result.IsSuccess)
            {
                events.Output.WriteLine($"  callout refused ({result.StatusCode}): {result.Message}");
            }

            return Results.Text(result.Message, statusCode: result.StatusCode);
        });

        app.MapPost(PostbackPath, async (HttpRequest request, PostbackProcessor processor, CancellationToken ct) =>
        {
            var result = await processor.ProcessAsync(request.Body, name => request.Headers.TryGetValue(name, out var v) ? v.ToString() : null, request.QueryString.Value, ct);
            if (result.StatusCode >= 300)
            {
                events.Output.WriteLine($"  postback refused ({result.StatusCode}): {result.Message}");
            }

            return Results.Text(result.Message, statusCode: result.StatusCode);
        });
    }
}
