using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Valuation.Webhooks;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps webhook receivers as ASP.NET Core endpoints.</summary>
public static class WebhookEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST {pattern}</c> to a receiver: each request's raw body, headers and query string go through the
    /// engine (bounded read, verification while the body streams in, parse, claim, handler or inbox) and the
    /// receiver's status code is answered, with its short text when it is not a 2xx. Kestrel's body limit is raised to the receiver's
    /// <see cref="WebhookReceiverOptions.MaxBodyBytes"/> for this route only (every other route keeps its own), so the
    /// engine, not Kestrel, decides what is too large. A <see cref="RequestDelegate"/>, so no reflection: trim- and
    /// NativeAOT-safe.
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route, such as <c>/callouts/housecanary</c>.</param>
    /// <param name="processor">The receiver.</param>
    /// <returns>The endpoint's convention builder (add authorization, rate limiting or host filters to it).</returns>
    public static IEndpointConventionBuilder MapWebhookReceiver(this IEndpointRouteBuilder endpoints, string pattern, IWebhookProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        ArgumentNullException.ThrowIfNull(processor);

        // One byte above the receiver's limit: the engine reads at most limit + 1 bytes and answers 413 itself
        // (with its log line) before Kestrel's own limit could fail the read.
        long bodyLimit = processor.Options.MaxBodyBytes + 1;
        return endpoints
            .MapPost(pattern, context => HandleAsync(context, processor, bodyLimit))
            .WithMetadata(new WebhookBodySizeLimit(bodyLimit))
            .WithDisplayName($"Webhook receiver {processor.Name}");
    }

    private static async Task HandleAsync(HttpContext context, IWebhookProcessor processor, long bodyLimit)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = bodyLimit;
        }

        var request = context.Request;
        var headers = request.Headers;
        var webhook = new WebhookRequest(request.Body, request.ContentLength, name => headers.TryGetValue(name, out var value) ? value.ToString() : null, request.QueryString.Value)
        {
            Services = context.RequestServices,
        };

        WebhookResult result;
        try
        {
            result = await processor.ProcessAsync(webhook, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The sender hung up; it redelivers. A handler that still runs keeps its claim until it ends.
            return;
        }

        context.Response.StatusCode = result.StatusCode;
        if (!result.IsSuccess)
        {
            // A 2xx needs no body (the vendors read only the status); anything else says, briefly, why.
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(result.ResponseText, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>The endpoint's body limit as metadata, for middleware and diagnostics that read <see cref="IRequestSizeLimitMetadata"/>.</summary>
    private sealed class WebhookBodySizeLimit(long limit) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize { get; } = limit;
    }
}
