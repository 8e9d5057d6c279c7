using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Valuation.Sandbox.Faults;

/// <summary>Applies the first matching <see cref="FaultRule"/> to a request.</summary>
internal static class FaultMiddleware
{
    public static SandboxApi Classify(PathString path)
    {
        if (path.StartsWithSegments("/partner-api", StringComparison.OrdinalIgnoreCase)
            || path.StartsWithSegments("/downloads", StringComparison.OrdinalIgnoreCase))
        {
            return SandboxApi.HouseCanary;
        }

        return path.StartsWithSegments("/RapiV1", StringComparison.OrdinalIgnoreCase) ? SandboxApi.AppraisalWorks : SandboxApi.Any;
    }

    public static async Task InvokeAsync(HttpContext context, FaultInjector faults, RequestDelegate next)
    {
        var api = Classify(context.Request.Path);
        var rule = api == SandboxApi.Any ? null : faults.TakeMatch(api, context.Request.Method, context.Request.Path.Value ?? "/");
        if (rule is null)
        {
            await next(context);
            return;
        }

        switch (rule.Kind)
        {
            case FaultKind.Delay:
                await Task.Delay(rule.Delay, TimeProvider.System, context.RequestAborted);
                await next(context);
                break;
            case FaultKind.Status:
                await DrainAsync(context);
                context.Response.StatusCode = rule.StatusCode;
                if (rule.RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(
                    api == SandboxApi.AppraisalWorks
                        ? $"{{\"isSuccess\":false,\"description\":\"Sandbox fault: status {rule.StatusCode}.\",\"datetime\":\"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z\"}}"
                        : $"{{\"detail\":\"Sandbox fault: status {rule.StatusCode}.\"}}",
                    context.RequestAborted);
                break;
            case FaultKind.DropConnectionBeforeProcessing:
                await DrainAsync(context);
                context.Abort();
                break;
            case FaultKind.DropConnectionAfterRequestRead:
                await RunBufferedAsync(context, next);
                context.Abort();
                break;
            case FaultKind.MalformedBody:
                await DrainAsync(context);
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"isSuccess\": tru", context.RequestAborted);
                break;
            case FaultKind.TruncatedBody:
                var original = context.Response.Body;
                var buffered = await RunBufferedAsync(context, next);
                context.Response.Body = original;
                context.Response.ContentLength = buffered.Length;
                await original.WriteAsync(buffered.AsMemory(0, buffered.Length / 2), context.RequestAborted);
                await original.FlushAsync(context.RequestAborted);
                context.Abort();
                break;
            default:
                await next(context);
                break;
        }
    }

    private static async Task DrainAsync(HttpContext context)
    {
        byte[] buffer = new byte[16 * 1024];
        while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
        {
        }
    }

    private static async Task<byte[]> RunBufferedAsync(HttpContext context, RequestDelegate next)
    {
        await using var capture = new MemoryStream();
        context.Response.Body = capture;
        await next(context);
        return capture.ToArray();
    }
}
