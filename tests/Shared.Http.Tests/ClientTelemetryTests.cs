using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Valuation.Http.Tests;

/// <summary>
/// The shared client telemetry over a package's own source and instruments (fresh, uniquely named ones per test, so
/// that no other test's listener can see them).
/// </summary>
public sealed class ClientTelemetryTests
{
    private static (ClientTelemetry Telemetry, ActivitySource Source, Meter Meter) Create()
    {
        string name = "Valuation.Http.Tests." + Guid.NewGuid().ToString("N");
        var source = new ActivitySource(name);
        var meter = new Meter(name);
        var telemetry = new ClientTelemetry(
            source,
            ClientTelemetry.CreateDurationHistogram(meter, name + ".operation.duration"),
            ClientTelemetry.CreateRetriesCounter(meter, name + ".retries"),
            "VendorClient",
            "Vendor",
            "Vendor.VendorClient");
        return (telemetry, source, meter);
    }

    private static ActivityListener Listen(ActivitySource source, List<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static void RunOperation(ClientTelemetry telemetry, HttpMethod method, Uri uri)
    {
        using var operation = telemetry.Start("GetOrderAsync");
        if (operation.IsRecording)
        {
            operation.SetTag("vendor.id", "1");
        }

        operation.SetRequest(method, uri);
        operation.Succeeded(200);
    }

    [Fact]
    public void With_nothing_listening_an_operation_allocates_nothing()
    {
        var (telemetry, source, meter) = Create();
        using var _ = source;
        using var __ = meter;
        var uri = new Uri("https://api.test/v1/orders/1");
        RunOperation(telemetry, HttpMethod.Get, uri);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            RunOperation(telemetry, HttpMethod.Get, uri);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Same(ClientOperation.None, telemetry.Start("GetOrder"));
    }

    [Fact]
    public void A_listened_operation_is_named_after_the_client_and_the_method_without_Async_and_keeps_only_host_and_port()
    {
        var (telemetry, source, meter) = Create();
        using var _ = source;
        using var __ = meter;
        var stopped = new List<Activity>();
        using var listener = Listen(source, stopped);

        RunOperation(telemetry, HttpMethod.Get, new Uri("https://bucket.s3.test:8443/x/y.zip?X-Amz-Signature=secret"));

        var span = Assert.Single(stopped);
        Assert.Equal("VendorClient.GetOrder", span.OperationName);
        Assert.Equal(ActivityKind.Internal, span.Kind);
        Assert.Equal(
            new Dictionary<string, object?>
            {
                ["valuation.operation.name"] = "GetOrder",
                ["vendor.id"] = "1",
                ["http.request.method"] = "GET",
                ["server.address"] = "bucket.s3.test",
                ["server.port"] = 8443,
                ["http.response.status_code"] = 200,
            },
            span.TagObjects.ToDictionary(t => t.Key, t => t.Value));
    }

    [Theory]
    [InlineData(503, "503")]
    [InlineData(404, "404")]
    [InlineData(200, "System.InvalidOperationException")]
    [InlineData(null, "System.InvalidOperationException")]
    public void A_failure_has_an_error_status_as_error_type_else_the_exception_type(int? status, string errorType)
    {
        var (telemetry, source, meter) = Create();
        using var _ = source;
        using var __ = meter;
        var stopped = new List<Activity>();
        using var listener = Listen(source, stopped);

        using (var operation = telemetry.Start("CreateOrder"))
        {
            operation.FailedWith(new InvalidOperationException("refused"), status);
        }

        var span = Assert.Single(stopped);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(errorType, span.GetTagItem("error.type"));
        Assert.Equal(status, (int?)span.GetTagItem("http.response.status_code"));
    }

    [Theory]
    [InlineData(200, null)]
    [InlineData(302, null)]
    [InlineData(400, "400")]
    [InlineData(500, "500")]
    public void An_operation_that_returns_any_answer_fails_from_400(int status, string? errorType)
    {
        var (telemetry, source, meter) = Create();
        using var _ = source;
        using var __ = meter;
        var stopped = new List<Activity>();
        using var listener = Listen(source, stopped);

        using (var operation = telemetry.Start("Send"))
        {
            operation.Completed(status);
        }

        var span = Assert.Single(stopped);
        Assert.Equal(errorType, span.GetTagItem("error.type"));
        Assert.Equal(errorType is null ? ActivityStatusCode.Unset : ActivityStatusCode.Error, span.Status);
        Assert.Equal(status, span.GetTagItem("http.response.status_code"));
    }

    [Theory]
    [InlineData("GetCommentAsync", "GetComment")]
    [InlineData("CreateOrder", "CreateOrder")]
    [InlineData("Async", "Async")]
    public void The_operation_name_drops_the_methods_Async_suffix(string member, string expected) =>
        Assert.Equal(expected, ClientTelemetry.OperationName(member));
}
