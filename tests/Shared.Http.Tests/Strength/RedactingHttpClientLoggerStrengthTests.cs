using System.Net;
using Microsoft.Extensions.Logging;

namespace Valuation.Http.Tests.Strength;

public class RedactingHttpClientLoggerStrengthTests
{
    private const string Secret = "s3cret-value";

    [Fact]
    public void The_start_of_a_request_logs_its_method_and_URL_without_the_query()
    {
        var log = new ListLogger(LogLevel.Debug);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://bucket.test/items/x.pdf?X-Amz-Signature=" + Secret);

        new RedactingHttpClientLogger(log).LogRequestStart(request);

        var entry = Assert.Single(log.Entries);
        Assert.Equal((LogLevel.Debug, 100), (entry.Level, entry.EventId));
        Assert.Equal("Sending HTTP request GET https://bucket.test/items/x.pdf", entry.Message);
        Assert.Equal("https://bucket.test/items/x.pdf", entry.State["Uri"]);
        log.AssertNoSecret(Secret);
    }

    [Theory]
    [InlineData("Authorization")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Cookie")]
    [InlineData("X-Api-Key")]
    [InlineData("x-api-key")]
    public void Credential_request_headers_are_redacted_in_the_message_and_in_the_structured_state(string header)
    {
        var log = new ListLogger(LogLevel.Trace);
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.test/v1/orders/") { Content = new StringContent("{}") };
        Assert.True(request.Headers.TryAddWithoutValidation(header, Secret));
        request.Headers.TryAddWithoutValidation("X-Correlation", "req-42");

        new RedactingHttpClientLogger(log).LogRequestStart(request);

        var headers = Assert.Single(log.Entries, e => e.EventId == 101);
        Assert.Equal(LogLevel.Trace, headers.Level);
        Assert.Contains($"{header}: *\n", headers.Message, StringComparison.Ordinal);
        Assert.Contains("X-Correlation: req-42\n", headers.Message, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; charset=utf-8\n", headers.Message, StringComparison.Ordinal); // the body's headers too
        log.AssertNoSecret(Secret);
    }

    [Fact]
    public void The_end_of_a_request_logs_status_and_duration_and_redacts_Set_Cookie_in_the_response_headers()
    {
        var log = new ListLogger(LogLevel.Trace);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.test/v1/orders/1/?token=" + Secret);
        using var response = new HttpResponseMessage(HttpStatusCode.Accepted) { Content = new StringContent("{}") };
        response.Headers.TryAddWithoutValidation("Set-Cookie", "session=" + Secret);
        response.Headers.TryAddWithoutValidation("X-Trace", "t-1");

        new RedactingHttpClientLogger(log).LogRequestStop(null, request, response, TimeSpan.FromMilliseconds(12.34));

        Assert.Equal(2, log.Entries.Count);
        var stop = log.Entries[0];
        Assert.Equal((LogLevel.Debug, 102), (stop.Level, stop.EventId));
        Assert.Equal("Received HTTP 202 for GET https://api.test/v1/orders/1/ after 12.3 ms", stop.Message.Replace(',', '.'));
        var headers = log.Entries[1];
        Assert.Equal((LogLevel.Trace, 103), (headers.Level, headers.EventId));
        Assert.Contains("Set-Cookie: *\n", headers.Message, StringComparison.Ordinal);
        Assert.Contains("X-Trace: t-1\n", headers.Message, StringComparison.Ordinal);
        Assert.Contains("Content-Type: text/plain; charset=utf-8\n", headers.Message, StringComparison.Ordinal);
        log.AssertNoSecret(Secret);
    }

    [Fact]
    public void A_response_without_a_body_logs_its_headers_alone()
    {
        var log = new ListLogger(LogLevel.Trace);
        using var request = new HttpRequestMessage(HttpMethod.Head, "https://api.test/v1/orders/1/");
        using var response = new HttpResponseMessage(HttpStatusCode.NoContent) { Content = null! };
        response.Headers.TryAddWithoutValidation("X-Trace", "t-2");

        new RedactingHttpClientLogger(log).LogRequestStop(null, request, response, TimeSpan.Zero);

        Assert.Contains("X-Trace: t-2\n", Assert.Single(log.Entries, e => e.EventId == 103).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_request_logs_the_exception_with_the_URL_without_its_query()
    {
        var log = new ListLogger(LogLevel.Debug);
        using var request = new HttpRequestMessage(HttpMethod.Put, "https://api.test/v1/orders/1/?key=" + Secret);
        var failure = new HttpRequestException("reset");

        new RedactingHttpClientLogger(log).LogRequestFailed(null, request, null, failure, TimeSpan.FromMilliseconds(5));

        var entry = Assert.Single(log.Entries);
        Assert.Equal((LogLevel.Debug, 104), (entry.Level, entry.EventId));
        Assert.Same(failure, entry.Exception);
        Assert.StartsWith("HTTP request PUT https://api.test/v1/orders/1/ failed after 5", entry.Message, StringComparison.Ordinal);
        log.AssertNoSecret(Secret);
    }

    [Fact]
    public void The_logged_URL_carries_no_user_info()
    {
        var log = new ListLogger(LogLevel.Debug);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://partner:" + Secret + "@api.test/v1/orders/1/");
        using var response = new HttpResponseMessage(HttpStatusCode.OK);
        var logger = new RedactingHttpClientLogger(log);

        logger.LogRequestStart(request);
        logger.LogRequestStop(null, request, response, TimeSpan.Zero);
        logger.LogRequestFailed(null, request, response, new IOException("x"), TimeSpan.Zero);

        Assert.All(log.Entries, e => Assert.Equal("https://api.test/v1/orders/1/", e.State["Uri"]));
        log.AssertNoSecret(Secret);
    }

    [Fact]
    public void A_relative_or_missing_URL_is_logged_without_its_query()
    {
        var log = new ListLogger(LogLevel.Debug);
        using var relative = new HttpRequestMessage(HttpMethod.Get, new Uri("orders/1/?token=" + Secret, UriKind.Relative));
        using var none = new HttpRequestMessage { Method = HttpMethod.Get };
        var logger = new RedactingHttpClientLogger(log);

        logger.LogRequestStart(relative);
        logger.LogRequestStart(none);

        Assert.Equal(["Sending HTTP request GET orders/1/", "Sending HTTP request GET (none)"], log.Entries.Select(e => e.Message).ToArray());
        log.AssertNoSecret(Secret);
    }

    [Fact]
    public void A_request_without_a_body_logs_its_headers_alone()
    {
        var log = new ListLogger(LogLevel.Trace);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.test/v1/orders/1/");
        request.Headers.TryAddWithoutValidation("X-Correlation", "req-43");

        new RedactingHttpClientLogger(log).LogRequestStart(request);

        Assert.Equal("Request headers (credentials redacted):\nX-Correlation: req-43\n", Assert.Single(log.Entries, e => e.EventId == 101).Message);
    }

    [Fact]
    public void The_logged_URL_drops_the_fragment_and_normalizes_the_host()
    {
        var log = new ListLogger(LogLevel.Debug);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://API.Test/v1/orders/1/#" + Secret);

        new RedactingHttpClientLogger(log).LogRequestStart(request);

        Assert.Equal("Sending HTTP request GET https://api.test/v1/orders/1/", Assert.Single(log.Entries).Message);
        log.AssertNoSecret(Secret);
    }

    [Fact]
    public void Headers_are_logged_only_at_Trace_and_requests_only_at_Debug()
    {
        var debug = new ListLogger(LogLevel.Debug);
        var info = new ListLogger(LogLevel.Information);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://api.test/v1/orders/1/");
        using var response = new HttpResponseMessage(HttpStatusCode.OK);

        foreach (var log in new[] { debug, info })
        {
            var logger = new RedactingHttpClientLogger(log);
            Assert.Null(logger.LogRequestStart(request));
            logger.LogRequestStop(null, request, response, TimeSpan.Zero);
            logger.LogRequestFailed(null, request, response, new IOException("x"), TimeSpan.Zero);
        }

        Assert.Equal([100, 102, 104], debug.Entries.Select(e => e.EventId).ToArray());
        Assert.Empty(info.Entries);
    }

    private sealed record Entry(LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> State, Exception? Exception);

    private sealed class ListLogger(LogLevel minimum) : ILogger
    {
        public List<Entry> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            Assert.True(IsEnabled(logLevel));
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            Entries.Add(new Entry(logLevel, eventId.Id, formatter(state, exception), values.ToDictionary(kv => kv.Key, kv => kv.Value), exception));
        }

        public void AssertNoSecret(string secret)
        {
            foreach (var entry in Entries)
            {
                Assert.DoesNotContain(secret, entry.Message, StringComparison.Ordinal);
                foreach (var value in entry.State.Values)
                {
                    Assert.DoesNotContain(secret, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty, StringComparison.Ordinal);
                }
            }
        }
    }
}
