using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Http.Logging;
using Microsoft.Extensions.Logging;

namespace Valuation.Http;

/// <summary>
/// Logs each attempt of a package's HTTP client (method, URI without its query, status, duration; request headers at
/// Trace) with credential headers redacted in the message AND in the structured state. It replaces
/// IHttpClientFactory's default loggers, whose header state carries raw values (only their formatted message honours
/// RedactLoggedHeaders), so a structured sink (JSON console, OpenTelemetry) would otherwise record the credential.
/// Each client package passes a logger whose category names the package.
/// </summary>
internal sealed partial class RedactingHttpClientLogger(ILogger logger) : IHttpClientLogger
{
    private static readonly HashSet<string> Redacted = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key",
    };

    /// <inheritdoc />
    public object? LogRequestStart(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            string uri = Describe(request.RequestUri);
            LogStart(logger, request.Method.Method, uri);
        }

        if (logger.IsEnabled(LogLevel.Trace))
        {
            string headers = Format(request.Headers, request.Content?.Headers);
            LogRequestHeaders(logger, headers);
        }

        return null;
    }

    /// <inheritdoc />
    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            string uri = Describe(request.RequestUri);
            LogStop(logger, request.Method.Method, uri, (int)response.StatusCode, elapsed.TotalMilliseconds);
        }

        if (logger.IsEnabled(LogLevel.Trace))
        {
            string headers = Format(response.Headers, response.Content?.Headers);
            LogResponseHeaders(logger, headers);
        }
    }

    /// <inheritdoc />
    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            string uri = Describe(request.RequestUri);
            LogFailed(logger, exception, request.Method.Method, uri, elapsed.TotalMilliseconds);
        }
    }

    /// <summary>The URI without its query (a pre-signed download URL carries its signature there) or user info (a password).</summary>
    private static string Describe(Uri? uri) =>
        uri is null ? "(none)"
        : uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped)
        : uri.OriginalString.Split('?', 2)[0];

    private static string Format(HttpHeaders headers, HttpHeaders? contentHeaders)
    {
        var text = new StringBuilder();
        foreach (var set in contentHeaders is null ? [headers] : new[] { headers, contentHeaders })
        {
            foreach (var header in set.NonValidated)
            {
                text.Append(CultureInfo.InvariantCulture, $"{header.Key}: {(Redacted.Contains(header.Key) ? "*" : header.Value.ToString())}").Append('\n');
            }
        }

        return text.ToString();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Sending HTTP request {Method} {Uri}")]
    private static partial void LogStart(ILogger logger, string method, string uri);

    [LoggerMessage(EventId = 101, Level = LogLevel.Trace, Message = "Request headers (credentials redacted):\n{Headers}")]
    private static partial void LogRequestHeaders(ILogger logger, string headers);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Received HTTP {StatusCode} for {Method} {Uri} after {ElapsedMilliseconds:F1} ms")]
    private static partial void LogStop(ILogger logger, string method, string uri, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(EventId = 103, Level = LogLevel.Trace, Message = "Response headers (credentials redacted):\n{Headers}")]
    private static partial void LogResponseHeaders(ILogger logger, string headers);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "HTTP request {Method} {Uri} failed after {ElapsedMilliseconds:F1} ms")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method, string uri, double elapsedMilliseconds);
}
