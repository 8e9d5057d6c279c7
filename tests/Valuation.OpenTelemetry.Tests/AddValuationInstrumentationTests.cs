using System.Diagnostics;
using System.Diagnostics.Metrics;
using Arrowbase.AppraisalWorks.Diagnostics;
using HouseCanary.OrderManager.Callouts;
using HouseCanary.OrderManager.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Valuation.OpenTelemetry;
using Valuation.Webhooks;
using Valuation.Webhooks.Diagnostics;

namespace Valuation.OpenTelemetry.Tests;

/// <summary>
/// The one-liner, read with the OpenTelemetry SDK and its in-memory exporter: a real callout through the webhook
/// engine is exported as a span and as metrics, and the names it adds are the packages' own constants.
/// </summary>
public sealed class AddValuationInstrumentationTests
{
    [Fact]
    public void The_names_are_the_packages_own_source_and_meter_names()
    {
        Assert.Equal(
            [WebhookTelemetry.SourceName, HouseCanaryTelemetry.SourceName, AppraisalWorksTelemetry.SourceName],
            ValuationInstrumentation.Names);
        Assert.Equal(["Valuation.Webhooks", "HouseCanary.OrderManager", "Arrowbase.AppraisalWorks"], ValuationInstrumentation.Names);
    }

    [Fact]
    public async Task A_processed_callout_is_exported_as_a_span_and_counted()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using (var tracing = Sdk.CreateTracerProviderBuilder().AddValuationInstrumentation().AddInMemoryExporter(spans).Build())
        using (var meters = Sdk.CreateMeterProviderBuilder().AddValuationInstrumentation().AddInMemoryExporter(metrics).Build())
        {
            var options = new CalloutOptions { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { "otel-secret" } };
            var processor = new CalloutProcessor(options, new NoCallouts());
            var message = new OrderStatusChangeMessage { MessageType = CalloutMessageTypes.OrderStatusChange, MessageId = "otel-" + Guid.NewGuid().ToString("N"), OrderId = "31", NewStatus = "complete" };

            var result = await processor.ProcessAsync(new CalloutSigner(options).CreateRequest(message));

            Assert.Equal(WebhookOutcome.Processed, result.Outcome);
            tracing.ForceFlush();
            meters.ForceFlush();
        }

        var span = Assert.Single(spans, s => (string?)s.GetTagItem("messaging.message.id") is { } id && id.StartsWith("otel-", StringComparison.Ordinal));
        Assert.Equal(("process housecanary-callouts", ActivityKind.Consumer, "processed"), (span.DisplayName, span.Kind, span.GetTagItem(WebhookTelemetry.OutcomeAttribute)));
        // Cumulative: the provider's last export (at its disposal) holds the totals.
        var processed = metrics.Last(m => m.Name == WebhookTelemetry.ProcessedInstrument);
        Assert.Equal(WebhookTelemetry.SourceName, processed.MeterName);
        long total = 0;
        foreach (ref readonly var point in processed.GetMetricPoints())
        {
            total += point.GetSumLong();
        }

        Assert.Equal(1, total);
        Assert.Contains(metrics, m => m.Name == WebhookTelemetry.HandlerDurationInstrument && m.Unit == "s");
    }

    [Fact]
    public void The_clients_sources_and_meters_are_listened_to()
    {
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddValuationInstrumentation().AddInMemoryExporter(spans).Build();
        using var meters = Sdk.CreateMeterProviderBuilder().AddValuationInstrumentation().AddInMemoryExporter(metrics).Build();

        // Sources and meters with the clients' names, as the clients create them (their helpers are internal).
        using var houseCanary = new ActivitySource(HouseCanaryTelemetry.SourceName);
        using var appraisalWorks = new ActivitySource(AppraisalWorksTelemetry.SourceName);
        using var meter = new Meter(AppraisalWorksTelemetry.SourceName);
        meter.CreateCounter<long>("test.counter").Add(1);
        meters.ForceFlush();

        Assert.True(houseCanary.HasListeners());
        Assert.True(appraisalWorks.HasListeners());
        Assert.Contains(metrics, m => m.Name == "test.counter" && m.MeterName == AppraisalWorksTelemetry.SourceName);
    }

    private sealed class NoCallouts : CalloutHandler;
}
