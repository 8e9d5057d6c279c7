using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Arrowbase.AppraisalWorks.Diagnostics;
using Arrowbase.AppraisalWorks.Json;
using Arrowbase.AppraisalWorks.Postbacks;
using Arrowbase.AppraisalWorks.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RichardSzalay.MockHttp;
using Valuation.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests.Diagnostics;

/// <summary>
/// The telemetry as a user sees it, through the real client and its DI registration over MockHttp: the span of each
/// operation with its attributes, the instruments, the log lines, and what a span never carries.
/// </summary>
[Collection(ClientTelemetryTests.Name)]
public sealed class ClientTelemetryWiringTests
{
    private const string Root = "https://uat-api.arrowbasetech.com/RapiV1";
    private const string Uid = "81B9-F16E-03D8-4C3F";
    private const string Category = "Arrowbase.AppraisalWorks.AppraisalWorksClient";

    private static ServiceProvider Build(HttpMessageHandler mock, FakeLoggerProvider logs)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AppraisalWorks:BaseAddress"] = Root,
            ["AppraisalWorks:ClientId"] = Keys.ClientId,
            ["AppraisalWorks:PublicKey"] = Keys.PublicKey,
            ["AppraisalWorks:PrivateKey"] = Keys.PrivateKey,
            ["AppraisalWorks:RetryBaseDelay"] = "00:00:00.010",
            ["AppraisalWorks:MaxRetryAttempts"] = "2",
            ["AppraisalWorks:AttemptTimeout"] = "00:00:05",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddAppraisalWorks(configuration.GetSection("AppraisalWorks")).ConfigurePrimaryHttpMessageHandler(() => mock);
        return services.BuildServiceProvider();
    }

    private static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static OrderRequest ComprehensiveOrder() =>
        JsonSerializer.Deserialize(TestData.Read("order-comprehensive.json"), AppraisalWorksJsonContext.Default.OrderRequest)!;

    private static Activity Single(ClientTelemetryListener telemetry, string name) =>
        Assert.Single(telemetry.Spans, s => s.OperationName == name);

    [Fact]
    public async Task A_created_order_is_an_internal_span_with_its_transaction_uid_counted_and_logged_at_information()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, Root + "/Orders").Respond(_ => Json(TestData.Read("order-response.json")));
        using var logs = new FakeLoggerProvider();
        using var provider = Build(mock, logs);
        using var telemetry = new ClientTelemetryListener(AppraisalWorksTelemetry.SourceName);

        await provider.GetRequiredService<IAppraisalWorksClient>().CreateOrderAsync(ComprehensiveOrder());

        var span = Single(telemetry, "AppraisalWorksClient.CreateOrder");
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal(telemetry.Root.SpanId, span.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal("CreateOrder", span.GetTagItem(AppraisalWorksTelemetry.OperationAttribute));
        Assert.Equal(Uid, span.GetTagItem(AppraisalWorksTelemetry.TransactionUidAttribute));
        Assert.Equal("POST", span.GetTagItem("http.request.method"));
        Assert.Equal("uat-api.arrowbasetech.com", span.GetTagItem("server.address"));
        Assert.Equal(443, span.GetTagItem("server.port"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Null(span.GetTagItem("error.type"));

        Assert.Equal(1d, Assert.Single(telemetry.Of(AppraisalWorksTelemetry.OrdersCreatedInstrument)).Value);
        var duration = Assert.Single(telemetry.Of(AppraisalWorksTelemetry.OperationDurationInstrument));
        Assert.Equal(("CreateOrder", null), (duration.Tag(AppraisalWorksTelemetry.OperationAttribute), duration.Tag("error.type")));

        var line = Assert.Single(logs.Collector.GetSnapshot(), l => l.Id.Name == "OrderCreated");
        Assert.Equal((LogLevel.Information, Category), (line.Level, line.Category));
        Assert.Equal($"AppraisalWorks order {Uid} created", line.Message);
    }

    [Fact]
    public async Task A_refused_action_has_the_status_code_as_error_type_and_a_refusal_inside_a_2xx_the_exception_type()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, Root + "/Orders/" + Uid + "/Comments/12").Respond(_ => Json("""{"isSuccess":false,"description":"no such comment"}""", HttpStatusCode.NotFound));
        mock.When(HttpMethod.Post, Root + "/Orders").Respond(_ => Json("""{"isSuccess":false,"description":"duplicate order"}"""));
        using var logs = new FakeLoggerProvider();
        using var provider = Build(mock, logs);
        var client = provider.GetRequiredService<IAppraisalWorksClient>();
        using var telemetry = new ClientTelemetryListener(AppraisalWorksTelemetry.SourceName);

        await Assert.ThrowsAsync<AppraisalWorksException>(() => client.GetCommentAsync(Uid, 12));
        var refused = await Assert.ThrowsAsync<AppraisalWorksException>(() => client.CreateOrderAsync(ComprehensiveOrder()));

        var get = Single(telemetry, "AppraisalWorksClient.GetComment");
        Assert.Equal(ActivityStatusCode.Error, get.Status);
        Assert.Equal("404", get.GetTagItem("error.type"));
        Assert.Equal((Uid, 12L), (get.GetTagItem(AppraisalWorksTelemetry.TransactionUidAttribute), get.GetTagItem(AppraisalWorksTelemetry.DetailIdAttribute)));
        Assert.Equal("GET", get.GetTagItem("http.request.method"));

        var create = Single(telemetry, "AppraisalWorksClient.CreateOrder");
        Assert.Equal(refused.GetType().FullName, create.GetTagItem("error.type"));
        Assert.Equal(200, create.GetTagItem("http.response.status_code"));

        Assert.Equal(
            new (string?, string?)[] { ("GetComment", "404"), ("CreateOrder", refused.GetType().FullName) },
            telemetry.Of(AppraisalWorksTelemetry.OperationDurationInstrument).Select(d => (d.Tag(AppraisalWorksTelemetry.OperationAttribute), d.Tag("error.type"))).ToArray());
        Assert.Empty(telemetry.Of(AppraisalWorksTelemetry.OrdersCreatedInstrument));
        Assert.DoesNotContain(logs.Collector.GetSnapshot(), l => l.Id.Name == "OrderCreated");
    }

    [Fact]
    public async Task A_GET_retried_after_a_503_increments_retries_and_logs_a_warning()
    {
        var mock = new MockHttpMessageHandler();
        int calls = 0;
        mock.When(HttpMethod.Get, Root + "/Orders/" + Uid + "/Hold/5").Respond(_ => ++calls < 2
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : Json("""{"isSuccess":true,"reason":"r"}"""));
        using var logs = new FakeLoggerProvider();
        using var provider = Build(mock, logs);
        using var telemetry = new ClientTelemetryListener(AppraisalWorksTelemetry.SourceName);

        await provider.GetRequiredService<IAppraisalWorksClient>().GetHoldAsync(Uid, 5);

        Assert.Equal(2, calls);
        var retry = Assert.Single(telemetry.Of(AppraisalWorksTelemetry.RetriesInstrument));
        Assert.Equal(
            (1d, "GetHold", "GET", "503"),
            (retry.Value, retry.Tag(AppraisalWorksTelemetry.OperationAttribute), retry.Tag("http.request.method"), retry.Tag("error.type")));
        var warning = Assert.Single(logs.Collector.GetSnapshot(), l => l.Level == LogLevel.Warning && l.Category == Category);
        Assert.Equal("RetryScheduled", warning.Id.Name);
        Assert.StartsWith("AppraisalWorks GetHold (GET) attempt 1 failed (503); retrying in ", warning.Message, StringComparison.Ordinal);
        Assert.Equal(200, Single(telemetry, "AppraisalWorksClient.GetHold").GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task Fetching_a_completed_event_is_a_span_over_the_fetch_logs_the_report_and_carries_no_key_or_document()
    {
        byte[] xml = Encoding.UTF8.GetBytes("<VALUATION_RESPONSE/>");
        byte[] pdf = [0x25, 0x50, 0x44, 0x46, 1, 2, 3];
        string json = TestData.Read("event-completed.json");
        int first = json.IndexOf("Base64 encoded document", StringComparison.Ordinal);
        json = json[..first] + Convert.ToBase64String(xml) + json[(first + "Base64 encoded document".Length)..];
        json = json.Replace("Base64 encoded document", Convert.ToBase64String(pdf), StringComparison.Ordinal);
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, Root + "/Orders/" + Uid + "/Completed").Respond(_ => Json(json));
        using var logs = new FakeLoggerProvider();
        using var provider = Build(mock, logs);
        using var telemetry = new ClientTelemetryListener(AppraisalWorksTelemetry.SourceName);

        await provider.GetRequiredService<IAppraisalWorksClient>().FetchEventAsync(
            new PostbackEvent(Uid, PostbackEventNames.Completed, 0, "/Orders/" + Uid + "/Completed"),
            (_, _) => ValueTask.FromResult<Stream>(new MemoryStream()));

        var fetch = Single(telemetry, "AppraisalWorksClient.FetchEvent");
        var completed = Single(telemetry, "AppraisalWorksClient.GetCompleted");
        Assert.Equal(fetch.SpanId, completed.ParentSpanId);
        Assert.Equal((Uid, "Completed"), (fetch.GetTagItem(AppraisalWorksTelemetry.TransactionUidAttribute), fetch.GetTagItem("appraisalworks.event")));
        Assert.Equal(Uid, completed.GetTagItem(AppraisalWorksTelemetry.TransactionUidAttribute));
        var line = Assert.Single(logs.Collector.GetSnapshot(), l => l.Id.Name == "ReportFetched");
        Assert.Equal((LogLevel.Information, $"AppraisalWorks completed report of order {Uid} fetched (2 document(s))"), (line.Level, line.Message));

        foreach (var span in telemetry.Spans)
        {
            foreach (var tag in span.TagObjects)
            {
                string text = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
                Assert.DoesNotContain(Keys.PrivateKey, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Keys.PublicKey, text, StringComparison.Ordinal);
                Assert.DoesNotContain("hmac", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(Convert.ToBase64String(pdf), text, StringComparison.Ordinal);
                Assert.DoesNotContain("/Orders/", text, StringComparison.Ordinal);
            }
        }
    }
}
