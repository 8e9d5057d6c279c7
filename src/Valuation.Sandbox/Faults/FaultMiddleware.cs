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
        faults.Record(new SandboxRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value ?? string.Empty));
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
            case FaultKind.StallBodyAfterHeaders:
                var stalled = context.Response.Body;
                byte[] whole;
                if (rule.Body is { } canned)
                {
                    await DrainAsync(context);
                    context.Response.StatusCode = StatusCodes.Status200OK;
                    context.Response.ContentType = "application/octet-stream";
                    whole = canned;
                }
                else
                {
                    whole = await RunBufferedAsync(context, next);
                }

                context.Response.Body = stalled;
                context.Response.ContentLength = whole.Length;
                await stalled.WriteAsync(whole.AsMemory(0, whole.Length / 2), context.RequestAborted);
                await stalled.FlushAsync(context.RequestAborted);
                try
                {
                    await Task.Delay(rule.Delay, TimeProvider.System, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up, as it should.
                }

                context.Abort();
                break;
            case FaultKind.Redirect:
                await DrainAsync(context);
                context.Response.StatusCode = rule.StatusCode is >= 300 and < 400 ? rule.StatusCode : StatusCodes.Status307TemporaryRedirect;
                context.Response.Headers.Location = rule.Location;
                break;
            case FaultKind.OversizedBody:
                await DrainAsync(context);
                await WriteOversizedAsync(context, rule.BodyBytes);
                break;
            case FaultKind.EndlessPages:
                await WriteEndlessPageAsync(context);
                break;
            default:
                await next(context);
                break;
        }
    }

    private static async Task WriteOversizedAsync(HttpContext context, long size)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        byte[] chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        byte[] head = "{\"padding\":\""u8.ToArray();
        byte[] tail = "\"}"u8.ToArray();
        await context.Response.Body.WriteAsync(head, context.RequestAborted);
        long left = Math.Max(0, size - head.Length - tail.Length);
        try
        {
            while (left > 0)
            {
                int n = (int)Math.Min(chunk.Length, left);
                await context.Response.Body.WriteAsync(chunk.AsMemory(0, n), context.RequestAborted);
                left -= n;
            }

            await context.Response.Body.WriteAsync(tail, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client stopped reading at its cap and closed the connection, as it should.
        }
    }

    private static Task WriteEndlessPageAsync(HttpContext context)
    {
        int page = int.TryParse(context.Request.Query["page"], NumberStyles.Integer, CultureInfo.InvariantCulture, out int p) ? p : 1;
        string next = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?page={(page + 1).ToString(CultureInfo.InvariantCulture)}";
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(
            $"{{\"count\":null,\"next\":\"{next}\",\"previous\":null,\"results\":[{{\"id\":{(900_000 + page).ToString(CultureInfo.InvariantCulture)},\"address\":\"{page.ToString(CultureInfo.InvariantCulture)} Endless Way\",\"status\":\"pending\"}}]}}",
            context.RequestAborted);
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

        // Handlers that write through a Utf8JsonWriter over BodyWriter leave their bytes in the pipe until it is
        // flushed (which Kestrel does only after the middleware returns): flush them into the capture.
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
        return capture.ToArray();
    }
}
