using System.Text.RegularExpressions;

namespace Valuation.Sandbox.Faults;

/// <summary>Which emulated API a request belongs to.</summary>
public enum SandboxApi
{
    /// <summary>Either API.</summary>
    Any = 0,

    /// <summary>HouseCanary: paths under <c>/partner-api/</c> and the pre-signed <c>/downloads/</c>.</summary>
    HouseCanary = 1,

    /// <summary>AppraisalWorks: paths under <c>/RapiV1/</c>.</summary>
    AppraisalWorks = 2,
}

/// <summary>What an injected fault does to a matching request.</summary>
public enum FaultKind
{
    /// <summary>Waits <see cref="FaultRule.Delay"/> (real time) and then processes the request normally.</summary>
    Delay = 0,

    /// <summary>Answers <see cref="FaultRule.StatusCode"/> (with <see cref="FaultRule.RetryAfter"/> if set) without processing.</summary>
    Status = 1,

    /// <summary>Reads and PROCESSES the request (an order is created), then aborts the connection before any response byte.</summary>
    DropConnectionAfterRequestRead = 2,

    /// <summary>Reads the request and aborts the connection without processing it.</summary>
    DropConnectionBeforeProcessing = 3,

    /// <summary>Answers 200 with a JSON body that does not parse, without processing the request.</summary>
    MalformedBody = 4,

    /// <summary>Processes the request and sends the headers (with the full Content-Length) but only half the body, then aborts.</summary>
    TruncatedBody = 5,

    /// <summary>
    /// Processes the request, sends the headers (with the full Content-Length) and the first half of the body, then
    /// sends nothing more for <see cref="FaultRule.Delay"/> (or until the client gives up): a half-open connection.
    /// With <see cref="FaultRule.Body"/> set, answers 200 with that body instead of processing (a download, say).
    /// </summary>
    StallBodyAfterHeaders = 6,

    /// <summary>Answers <see cref="FaultRule.StatusCode"/> (a 3xx, default 307 when StatusCode is not 3xx) with <c>Location: </c><see cref="FaultRule.Location"/>, without processing.</summary>
    Redirect = 7,

    /// <summary>Answers 200 with a valid JSON object of <see cref="FaultRule.BodyBytes"/> bytes, chunked (no Content-Length), without processing.</summary>
    OversizedBody = 8,

    /// <summary>
    /// Answers a HouseCanary item page with one new item and a <c>next</c> link to a further page, for ever (each
    /// page has new content; set <see cref="FaultRule.Times"/> high), without processing.
    /// </summary>
    EndlessPages = 9,
}

/// <summary>How <see cref="FaultRule.PathPattern"/> is matched against the request path.</summary>
public enum PathMatch
{
    /// <summary>The request path starts with the pattern (ordinal, case-insensitive).</summary>
    Prefix = 0,

    /// <summary>The pattern is a regular expression searched in the request path.</summary>
    Regex = 1,
}

/// <summary>A fault to inject into matching requests, for testing clients' resilience.</summary>
/// <remarks>
/// The request path is the full path, e.g. <c>/partner-api/v1/orders/</c> or <c>/RapiV1/Orders</c>. A rule applies to
/// the next <see cref="Times"/> matching requests and is then spent.
/// </remarks>
public sealed class FaultRule
{
    private int _hits;

    /// <summary>The API the rule applies to. Defaults to <see cref="SandboxApi.Any"/>.</summary>
    public SandboxApi Api { get; init; } = SandboxApi.Any;

    /// <summary>The HTTP method to match (case-insensitive), or null for any.</summary>
    public string? Method { get; init; }

    /// <summary>The path prefix or regular expression to match, or null for any path.</summary>
    public string? PathPattern { get; init; }

    /// <summary>How <see cref="PathPattern"/> is matched. Defaults to <see cref="PathMatch.Prefix"/>.</summary>
    public PathMatch PathMatch { get; init; } = PathMatch.Prefix;

    /// <summary>What the fault does.</summary>
    public FaultKind Kind { get; init; }

    /// <summary>The status code for <see cref="FaultKind.Status"/>. Defaults to 503.</summary>
    public int StatusCode { get; init; } = 503;

    /// <summary>The <c>Retry-After</c> header for <see cref="FaultKind.Status"/> (whole seconds), or null for none.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The delay for <see cref="FaultKind.Delay"/>. Defaults to 1 second.</summary>
    public TimeSpan Delay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The <c>Location</c> of <see cref="FaultKind.Redirect"/>. Defaults to another host.</summary>
    public string Location { get; init; } = "http://redirect-target.invalid/elsewhere";

    /// <summary>The body <see cref="FaultKind.StallBodyAfterHeaders"/> answers with (200, application/octet-stream) instead of processing, or null to process.</summary>
    public byte[]? Body { get; init; }

    /// <summary>The body size of <see cref="FaultKind.OversizedBody"/>. Defaults to 64 MiB.</summary>
    public long BodyBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>How many matching requests the rule applies to. Defaults to 1.</summary>
    public int Times { get; init; } = 1;

    /// <summary>How many requests the rule has applied to so far.</summary>
    public int Hits => Volatile.Read(ref _hits);

    internal bool Matches(SandboxApi api, string method, string path)
    {
        if (Api != SandboxApi.Any && Api != api)
        {
            return false;
        }

        if (Method is not null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (PathPattern is null)
        {
            return true;
        }

        return PathMatch == PathMatch.Regex
            ? Regex.IsMatch(path, PathPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))
            : path.StartsWith(PathPattern, StringComparison.OrdinalIgnoreCase);
    }

    internal bool TryConsume()
    {
        while (true)
        {
            int hits = Volatile.Read(ref _hits);
            if (hits >= Times)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _hits, hits + 1, hits) == hits)
            {
                return true;
            }
        }
    }
}
