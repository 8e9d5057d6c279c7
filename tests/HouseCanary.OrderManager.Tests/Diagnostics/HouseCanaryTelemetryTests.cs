using System.Diagnostics;
using HouseCanary.OrderManager.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Valuation.Http;
using Valuation.Tests.Support;

namespace HouseCanary.OrderManager.Tests.Diagnostics;

/// <summary>
/// The operation helper the endpoint methods call: its span (name, kind, the OpenTelemetry attributes, the outcome)
/// and its measurements (duration on a fake clock, orders created, retries), read with ActivityListener and
/// MeterListener.
/// </summary>
[Collection(ClientTelemetryTests.Name)]
public sealed class HouseCanaryTelemetryTests
{
    [Fact]
    public void A_successful_operation_is_an_internal_span_with_its_ids_and_a_duration_without_error_type()
    {
        using var telemetry = new ClientTelemetryListener(HouseCanaryTelemetry.SourceName);
        var time = new FakeTimeProvider();

        using (var op = HouseCanaryTelemetry.StartOperation("CreateOrder", "1001", time))
        {
            op.SetServer(new Uri("https://api.housecanary.example:8443/ordermanager/v1/?token=never"));
            op.SetTag(HouseCanaryTelemetry.OrderItemIdAttribute, "2002");
            time.Advance(TimeSpan.FromSeconds(1.5));
            op.Succeeded(201);
        }

        var span = Assert.Single(telemetry.Spans);
        Assert.Equal((HouseCanaryTelemetry.SourceName, "OrderManagerClient.CreateOrder", ActivityKind.Internal), (span.Source.Name, span.DisplayName, span.Kind));
        Assert.Equal(telemetry.Root.SpanId, span.ParentSpanId);
        Assert.Equal(("CreateOrder", "1001", "2002"), (span.GetTagItem(HouseCanaryTelemetry.OperationAttribute), span.GetTagItem(HouseCanaryTelemetry.OrderIdAttribute), span.GetTagItem(HouseCanaryTelemetry.OrderItemIdAttribute)));
        Assert.Equal(("api.housecanary.example", 8443, 201), (span.GetTagItem("server.address"), span.GetTagItem("server.port"), span.GetTagItem("http.response.status_code")));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Null(span.GetTagItem("error.type"));
        Assert.DoesNotContain(span.TagObjects, t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture)!.Contains("never", StringComparison.Ordinal));

        var duration = Assert.Single(telemetry.Of(HouseCanaryTelemetry.OperationDurationInstrument));
        Assert.Equal((1.5, "s", "CreateOrder", null), (duration.Value, duration.Unit, duration.Tag(HouseCanaryTelemetry.OperationAttribute), duration.Tag("error.type")));
    }

    [Fact]
    public void A_failure_with_a_status_code_has_that_code_as_error_type()
    {
        using var telemetry = new ClientTelemetryListener(HouseCanaryTelemetry.SourceName);

        using (var op = HouseCanaryTelemetry.StartOperation("GetOrder", "404404"))
        {
            op.Failed(new OrderManagerException("not found"), 404);
            op.Succeeded();
        }

        var span = Assert.Single(telemetry.Spans);
        Assert.Equal((ActivityStatusCode.Error, "404", 404), (span.Status, span.GetTagItem("error.type"), span.GetTagItem("http.response.status_code")));
        Assert.Equal("404", Assert.Single(telemetry.Of(HouseCanaryTelemetry.OperationDurationInstrument)).Tag("error.type"));
    }

    [Fact]
    public void A_failure_without_an_answer_has_the_exception_type_as_error_type()
    {
        using var telemetry = new ClientTelemetryListener(HouseCanaryTelemetry.SourceName);

        using (var op = HouseCanaryTelemetry.StartOperation("DownloadItemPdf"))
        {
            op.Failed(new HttpRequestException("connection refused"));
        }

        var span = Assert.Single(telemetry.Spans);
        Assert.Equal((ActivityStatusCode.Error, "System.Net.Http.HttpRequestException"), (span.Status, span.GetTagItem("error.type")));
        Assert.Null(span.GetTagItem(HouseCanaryTelemetry.OrderIdAttribute));
    }

    [Fact]
    public void An_operation_disposed_unsettled_counts_as_a_failure()
    {
        using var telemetry = new ClientTelemetryListener(HouseCanaryTelemetry.SourceName);

        using (HouseCanaryTelemetry.StartOperation("CreateExport"))
        {
        }

        Assert.Equal("_OTHER", Assert.Single(telemetry.Spans).GetTagItem("error.type"));
        Assert.Equal("_OTHER", Assert.Single(telemetry.Of(HouseCanaryTelemetry.OperationDurationInstrument)).Tag("error.type"));
    }

    [Fact]
    public void Orders_created_and_retries_are_counted_with_their_attributes()
    {
        using var telemetry = new ClientTelemetryListener(HouseCanaryTelemetry.SourceName);

        HouseCanaryTelemetry.RecordOrderCreated();
        HouseCanaryTelemetry.RecordOrderCreated();
        HouseCanaryTelemetry.RecordRetry("GetOrder", "GET", "503");
        HouseCanaryTelemetry.RecordRetry(null, "POST", "System.Net.Http.HttpRequestException");

        var created = telemetry.Of(HouseCanaryTelemetry.OrdersCreatedInstrument);
        Assert.Equal(2, created.Count);
        Assert.All(created, m => Assert.Equal((1d, "{order}"), (m.Value, m.Unit)));
        var retries = telemetry.Of(HouseCanaryTelemetry.RetriesInstrument);
        Assert.Equal(2, retries.Count);
        Assert.Equal(("GET", "503", "GetOrder"), (retries[0].Tag("http.request.method"), retries[0].Tag("error.type"), retries[0].Tag(HouseCanaryTelemetry.OperationAttribute)));
        Assert.Equal(("POST", "System.Net.Http.HttpRequestException", null), (retries[1].Tag("http.request.method"), retries[1].Tag("error.type"), retries[1].Tag(HouseCanaryTelemetry.OperationAttribute)));
    }

    [Fact]
    public void With_nothing_listening_an_operation_is_the_shared_one_that_does_nothing()
    {
        using var op = HouseCanaryTelemetry.StartOperation("CreateOrder", "1");

        Assert.Same(ClientOperation.None, op);
        Assert.Null(op.Activity);
        op.SetTag("a", "b");
        op.Failed(new InvalidOperationException());
    }

    [Fact]
    public void The_log_lines_say_what_happened_at_information_and_a_retry_at_warning()
    {
        var logger = new FakeLogger();

        OrderManagerLog.OrderCreated(logger, "1001", 2);
        OrderManagerLog.ExportReady(logger, "1001", "77");
        ClientLog.RetryScheduled(logger, "HouseCanary", "GetOrder", "GET", 1, "503", TimeSpan.FromSeconds(2));

        var lines = logger.Collector.GetSnapshot();
        Assert.Equal([LogLevel.Information, LogLevel.Information, LogLevel.Warning], lines.Select(l => l.Level));
        Assert.Equal("HouseCanary order 1001 created (2 item(s))", lines[0].Message);
        Assert.Equal("HouseCanary export 77 of order 1001 is ready", lines[1].Message);
        Assert.Equal("HouseCanary GetOrder (GET) attempt 1 failed (503); retrying in 00:00:02", lines[2].Message);
    }
}
