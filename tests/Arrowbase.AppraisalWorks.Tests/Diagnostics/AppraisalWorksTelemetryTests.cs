using System.Diagnostics;
using Arrowbase.AppraisalWorks.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Valuation.Http;
using Valuation.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests.Diagnostics;

/// <summary>
/// The operation helper the endpoint methods call: its span (name, kind, the OpenTelemetry attributes, the outcome)
/// and its measurements (duration on a fake clock, orders created, retries), read with ActivityListener and
/// MeterListener.
/// </summary>
[Collection(ClientTelemetryTests.Name)]
public sealed class AppraisalWorksTelemetryTests
{
    [Fact]
    public void A_successful_operation_is_an_internal_span_with_its_ids_and_a_duration_without_error_type()
    {
        using var telemetry = new ClientTelemetryListener(AppraisalWorksTelemetry.SourceName);
        var time = new FakeTimeProvider();

        using (var op = AppraisalWorksTelemetry.StartOperation("CreateOrder", "0987-0bbc-fe36-9AC9", time))
        {
            op.SetServer(new Uri("https://rapi.appraisalworks.example:8443/RapiV1/?key=never"));
            op.SetTag(AppraisalWorksTelemetry.DetailIdAttribute, 2002L);
            time.Advance(TimeSpan.FromSeconds(1.5));
            op.Succeeded(201);
        }

        var span = Assert.Single(telemetry.Spans);
        Assert.Equal((AppraisalWorksTelemetry.SourceName, "AppraisalWorksClient.CreateOrder", ActivityKind.Internal), (span.Source.Name, span.DisplayName, span.Kind));
        Assert.Equal(telemetry.Root.SpanId, span.ParentSpanId);
        Assert.Equal(("CreateOrder", "0987-0bbc-fe36-9AC9", 2002L), (span.GetTagItem(AppraisalWorksTelemetry.OperationAttribute), span.GetTagItem(AppraisalWorksTelemetry.TransactionUidAttribute), span.GetTagItem(AppraisalWorksTelemetry.DetailIdAttribute)));
        Assert.Equal(("rapi.appraisalworks.example", 8443, 201), (span.GetTagItem("server.address"), span.GetTagItem("server.port"), span.GetTagItem("http.response.status_code")));
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Null(span.GetTagItem("error.type"));
        Assert.DoesNotContain(span.TagObjects, t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture)!.Contains("never", StringComparison.Ordinal));

        var duration = Assert.Single(telemetry.Of(AppraisalWorksTelemetry.OperationDurationInstrument));
        Assert.Equal((1.5, "s", "CreateOrder", null), (duration.Value, duration.Unit, duration.Tag(AppraisalWorksTelemetry.OperationAttribute), duration.Tag("error.type")));
    }

    [Fact]
    public void A_failure_with_a_status_code_has_that_code_as_error_type()
    {
        using var telemetry = new ClientTelemetryListener(AppraisalWorksTelemetry.SourceName);

        using (var op = AppraisalWorksTelemetry.StartOperation("GetComment", "0000-0000-0000-0000"))
        {
            op.Failed(new AppraisalWorksException("not found"), 404);
            op.Succeeded();
        }

        var span = Assert.Single(telemetry.Spans);
        Assert.Equal((ActivityStatusCode.Error, "404", 404), (span.Status, span.GetTagItem("error.type"), span.GetTagItem("http.response.status_code")));
        Assert.Equal("404", Assert.Single(telemetry.Of(AppraisalWorksTelemetry.OperationDurationInstrument)).Tag("error.type"));
    }

    [Fact]
    public void A_failure_without_an_answer_has_the_exception_type_as_error_type()
    {
        using var telemetry = new ClientTelemetryListener(AppraisalWorksTelemetry.SourceName);

        using (var op = AppraisalWorksTelemetry.StartOperation("GetDocument"))
        {
            op.Failed(new HttpRequestException("connection refused"));
        }

        var span = Assert.Single(telemetry.Spans);
        Assert.Equal((ActivityStatusCode.Error, "System.Net.Http.HttpRequestException"), (span.Status, span.GetTagItem("error.type")));
        Assert.Null(span.GetTagItem(AppraisalWorksTelemetry.TransactionUidAttribute));
    }

    [Fact]
    public void An_operation_disposed_unsettled_counts_as_a_failure()
    {
        using var telemetry = new ClientTelemetryListener(AppraisalWorksTelemetry.SourceName);

        using (AppraisalWorksTelemetry.StartOperation("PlaceOnHold"))
        {
        }

        Assert.Equal("_OTHER", Assert.Single(telemetry.Spans).GetTagItem("error.type"));
        Assert.Equal("_OTHER", Assert.Single(telemetry.Of(AppraisalWorksTelemetry.OperationDurationInstrument)).Tag("error.type"));
    }

    [Fact]
    public void Orders_created_and_retries_are_counted_with_their_attributes()
    {
        using var telemetry = new ClientTelemetryListener(AppraisalWorksTelemetry.SourceName);

        AppraisalWorksTelemetry.RecordOrderCreated();
        AppraisalWorksTelemetry.RecordOrderCreated();
        AppraisalWorksTelemetry.RecordRetry("GetComment", "GET", "503");
        AppraisalWorksTelemetry.RecordRetry(null, "POST", "System.Net.Http.HttpRequestException");

        var created = telemetry.Of(AppraisalWorksTelemetry.OrdersCreatedInstrument);
        Assert.Equal(2, created.Count);
        Assert.All(created, m => Assert.Equal((1d, "{order}"), (m.Value, m.Unit)));
        var retries = telemetry.Of(AppraisalWorksTelemetry.RetriesInstrument);
        Assert.Equal(2, retries.Count);
        Assert.Equal(("GET", "503", "GetComment"), (retries[0].Tag("http.request.method"), retries[0].Tag("error.type"), retries[0].Tag(AppraisalWorksTelemetry.OperationAttribute)));
        Assert.Equal(("POST", "System.Net.Http.HttpRequestException", null), (retries[1].Tag("http.request.method"), retries[1].Tag("error.type"), retries[1].Tag(AppraisalWorksTelemetry.OperationAttribute)));
    }

    [Fact]
    public void With_nothing_listening_an_operation_is_the_shared_one_that_does_nothing()
    {
        using var op = AppraisalWorksTelemetry.StartOperation("CreateOrder", "1");

        Assert.Same(ClientOperation.None, op);
        Assert.Null(op.Activity);
        op.SetTag("a", "b");
        op.Failed(new InvalidOperationException());
    }

    [Fact]
    public void The_log_lines_say_what_happened_at_information_and_a_retry_at_warning()
    {
        var logger = new FakeLogger();

        AppraisalWorksLog.OrderCreated(logger, "0987-0bbc-fe36-9AC9");
        AppraisalWorksLog.ReportFetched(logger, "0987-0bbc-fe36-9AC9", 3);
        ClientLog.RetryScheduled(logger, "AppraisalWorks", "GetComment", "GET", 1, "503", TimeSpan.FromSeconds(2));

        var lines = logger.Collector.GetSnapshot();
        Assert.Equal([LogLevel.Information, LogLevel.Information, LogLevel.Warning], lines.Select(l => l.Level));
        Assert.Equal("AppraisalWorks order 0987-0bbc-fe36-9AC9 created", lines[0].Message);
        Assert.Equal("AppraisalWorks completed report of order 0987-0bbc-fe36-9AC9 fetched (3 document(s))", lines[1].Message);
        Assert.Equal("AppraisalWorks GetComment (GET) attempt 1 failed (503); retrying in 00:00:02", lines[2].Message);
    }
}
