using System.Diagnostics;
using System.Net;
using HouseCanary.OrderManager.Diagnostics;
using HouseCanary.OrderManager.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Polly;
using RichardSzalay.MockHttp;
using static HouseCanary.OrderManager.Tests.TestSupport;
using Valuation.Tests.Support;

namespace HouseCanary.OrderManager.Tests.Diagnostics;

/// <summary>
/// The telemetry as a user sees it, through the real client and its DI registration over MockHttp: the span of each
/// operation with its attributes, the instruments, the log lines, and what a span never carries.
/// </summary>
[Collection(ClientTelemetryTests.Name)]
public sealed class ClientTelemetryWiringTests
{
    private const string Category = "HouseCanary.OrderManager.OrderManagerClient";

    private static readonly CreateOrderRequest Order = new() { Name = "n", Items = [new CreateOrderItem { Address = "1 A St", Zipcode = "78701" }] };

    private static ServiceProvider Build(HttpMessageHandler mock, FakeLoggerProvider logs, Action<HttpStandardResilienceOptions>? resilience = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        services.AddHouseCanaryOrderManager(
                o =>
                {
                    o.BaseAddress = new Uri(Base);
                    o.ApiToken = Token;
                    o.OwnerOrganizationId = 101;
                    o.OwnerId = 202;
                },
                o =>
                {
                    o.Retry.Delay = TimeSpan.FromMilliseconds(1);
                    o.Retry.BackoffType = DelayBackoffType.Constant;
                    o.Retry.UseJitter = false;
                    o.Retry.MaxRetryAttempts = 3;
                    resilience?.Invoke(o);
                })
            .ConfigurePrimaryHttpMessageHandler(() => mock);
        return services.BuildServiceProvider(validateScopes: true);
    }

    private static Activity Single(ClientTelemetryListener telemetry, string name) =>
        Assert.Single(telemetry.Spans, s => s.OperationName == name);

    [Fact]
    public async Task A_created_order_is_an_internal_span_with_its_id_counted_and_logged_at_information()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, Base + "orders/").Respond(HttpStatusCode.Created, "application/json", ReadData("order.json"));
        using var logs = new FakeLoggerProvider();
        using var provider = Build(mock, logs);
        using var telemetry = new ClientTelemetryListener(HouseCanaryTelemetry.SourceName);

        var order = await provider.GetRequiredService<IOrderManagerClient>().CreateOrderAsync(Order);

        var span = Single(telemetry, "OrderManagerClient.CreateOrder");
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal(telemetry.Root.SpanId, span.ParentSpanId);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal("CreateOrder", span.GetTagItem(HouseCanaryTelemetry.OperationAttribute));
        Assert.Equal("1234", span.GetTagItem(HouseCanaryTelemetry.OrderIdAttribute));
        Assert.Equal("POST", span.GetTagItem("http.request.method"));
        Assert.Equal("hc.test", span.GetTagItem("server.address"));
        Assert.Equal(443, span.GetTagItem("server.port"));
        Assert.Equal(201, span.GetTagItem("http.response.status_code"));
        Assert.Null(span.GetTagItem("error.type"));

        var created = Assert.Single(telemetry.Of(HouseCanaryTelemetry.OrdersCreatedInstrument));
        Assert.Equal(1d, created.Value);
        var duration = Assert.Single(telemetry.Of(HouseCanaryTelemetry.OperationDurationInstrument));
        Assert.Equal(("CreateOrder", null), (duration.Tag(HouseCanaryTelemetry.OperationAttribute), duration.Tag("error.type")));
        Assert.True(duration.Value >= 0);

        var line = Assert.Single(logs.Collector.GetSnapshot(), l => l.Id.Name == "OrderCreated");
        Assert.Equal((LogLevel.Information, Category), (line.Level, line.Category));
        Assert.Equal($"HouseCanary order {order.Id} created (0 item(s))", line.Message);
    }

    [Fact]
    public async Task A_refused_operation_has_the_status_code_as_error_type_on_its_span_and_duration_and_counts_no_order()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, Base + "orders/404404/").Respond(HttpStatusCode.NotFound, "application/json", """{"detail":"Not found."}""");
        mock.When(HttpMethod.Post, Base + "orders/").Respond(HttpStatusCode.BadRequest, "application/json", """{"name":["required"]}""");
        using var logs = new FakeLoggerProvider();
        using var provider = Build(mock, logs);
        var client = provider.GetRequiredService<IOrderManagerClient>();
        using var telemetry = new ClientTelemetryListener(HouseCanaryTelemetry.SourceName);

        await Assert.ThrowsAsync<OrderManagerException>(() => client.GetOrderAsync(404404));
        await Assert.ThrowsAsync<OrderManagerException>(() => client.CreateOrderAsync(Order));

        var get = Single(telemetry, "OrderManagerClient.GetOrder");
        Assert.Equal(ActivityStatusCode.Error, get.Status);
        Assert.Equal("404", get.GetTagItem("error.type"));
        Assert.Equal(404, get.GetTagItem("http.response.status_code"));
        Assert.Equal("404404", get.GetTagItem(HouseCanaryTelemetry.OrderIdAttribute));
        Assert.Equal("GET", get.GetTagItem("http.request.method"));
        Assert.Equal("400", Single(telemetry, "OrderManagerClient.CreateOrder").GetTagItem("error.type"));

        var durations = telemetry.Of(HouseCanaryTelemetry.OperationDurationInstrument);
        Assert.Equal(
            new (string?, string?)[] { ("GetOrder", "404"), ("CreateOrder", "400") },
            durations.Select(d => (d.Tag(HouseCanaryTelemetry.OperationAttribute), d.Tag("error.type"))).ToArray());
        Assert.Empty(telemetry.Of(HouseCanaryTelemetry.OrdersCreatedInstrument));
        Assert.DoesNotContain(logs.Collector.GetSnapshot(), l => l.Id.Name == "OrderCreated");
    }

    [Fact]
    public async Task A_failure_without_an_answer_has_the_exception_type_as_error_type()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, Base + "orders/7/").Throw(new HttpRequestException("connection refused", new System.Net.Sockets.SocketException(10061)));
        using var telemetry = new ClientTelemetryListener(HouseCanaryTelemetry.SourceName);

        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Client(mock).GetOrderAsync(7));

        var span = Single(telemetry, "OrderManagerClient.GetOrder");
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(ex.GetType().FullName, span.GetTagItem("error.type"));
        Assert.Null(span.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task A_GET_retried_after_a_503_increments_retries_logs_a_warning_and_still_runs_the_users_OnRetry()
    {
        var mock = new MockHttpMessageHandler();
        int calls = 0;
        mock.When(HttpMethod.Get, Base + "orders/1234/").Respond(_ => ++calls < 2
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(ReadData("order.json")) });
        int userRetries = 0;
        using var logs = new FakeLoggerProvider();
        using var provider = Build(mock, logs, o => o.Retry.OnRetry = _ =>
        {
            Interlocked.Increment(ref userRetries);
            return ValueTask.CompletedTask;
        });
        using var telemetry = new ClientTelemetryListener(HouseCanaryTelemetry.SourceName);

        await provider.GetRequiredService<IOrderManagerClient>().GetOrderAsync(1234);

        Assert.Equal(2, calls);
        Assert.Equal(1, userRetries);
        var retry = Assert.Single(telemetry.Of(HouseCanaryTelemetry.RetriesInstrument));
        Assert.Equal(
            (1d, "{retry}", "GetOrder", "GET", "503"),
            (retry.Value, retry.Unit, retry.Tag(HouseCanaryTelemetry.OperationAttribute), retry.Tag("http.request.method"), retry.Tag("error.type")));
        var warning = Assert.Single(logs.Collector.GetSnapshot(), l => l.Level == LogLevel.Warning && l.Category == Category);
        Assert.Equal("RetryScheduled", warning.Id.Name);
        Assert.Equal("HouseCanary GetOrder (GET) attempt 1 failed (503); retrying in 00:00:00.0010000", warning.Message);

        // One operation span over both attempts, settled by the answer that counted.
        var span = Single(telemetry, "OrderManagerClient.GetOrder");
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Null(span.GetTagItem("error.type"));
    }

    [Fact]
    public async Task Spans_never_carry_the_token_nor_a_pre_signed_download_urls_path_or_query()
    {
        const string presigned = "https://hc-exports.s3.amazonaws.test/77/HC_q4.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=5ecre7519";
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, Base + "orders/").Respond(HttpStatusCode.Created, "application/json", ReadData("order.json"));
        mock.When(HttpMethod.Get, "https://hc-exports.s3.amazonaws.test/77/HC_q4.zip").Respond("application/zip", new MemoryStream([1, 2, 3]));
        using var logs = new FakeLoggerProvider();
        using var provider = Build(mock, logs);
        var client = provider.GetRequiredService<IOrderManagerClient>();
        using var telemetry = new ClientTelemetryListener(HouseCanaryTelemetry.SourceName);

        await client.CreateOrderAsync(Order);
        long bytes = await client.DownloadExportAsync(new Uri(presigned), new MemoryStream());

        Assert.Equal(3, bytes);
        var download = Single(telemetry, "OrderManagerClient.DownloadExport");
        Assert.Equal("hc-exports.s3.amazonaws.test", download.GetTagItem("server.address"));
        Assert.Equal(200, download.GetTagItem("http.response.status_code"));
        Assert.Equal(2, telemetry.Spans.Count);
        foreach (var span in telemetry.Spans)
        {
            foreach (var tag in span.TagObjects)
            {
                string text = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
                Assert.DoesNotContain("X-Amz", text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("5ecre7519", text, StringComparison.Ordinal);
                Assert.DoesNotContain("HC_q4.zip", text, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("5ecre7519", span.DisplayName, StringComparison.Ordinal);
            Assert.DoesNotContain(Token, span.StatusDescription ?? string.Empty, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Waiting_for_an_export_is_one_span_over_its_polls_and_logs_the_export_ready_at_information()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, Base + "orders/1234/export-requests/77/").Respond("application/json", ReadData("export_request.json"));
        using var logs = new FakeLoggerProvider();
        using var provider = Build(mock, logs);
        using var telemetry = new ClientTelemetryListener(HouseCanaryTelemetry.SourceName);

        await provider.GetRequiredService<IOrderManagerClient>().WaitForExportAsync(1234, 77);

        var wait = Single(telemetry, "OrderManagerClient.WaitForExport");
        var poll = Single(telemetry, "OrderManagerClient.GetExportRequest");
        Assert.Equal(wait.SpanId, poll.ParentSpanId);
        Assert.Equal(("1234", "77"), (wait.GetTagItem(HouseCanaryTelemetry.OrderIdAttribute), wait.GetTagItem("housecanary.export_request.id")));
        Assert.Equal(ActivityStatusCode.Unset, wait.Status);
        var line = Assert.Single(logs.Collector.GetSnapshot(), l => l.Id.Name == "ExportReady");
        Assert.Equal((LogLevel.Information, "HouseCanary export 77 of order 1234 is ready"), (line.Level, line.Message));
    }
}
