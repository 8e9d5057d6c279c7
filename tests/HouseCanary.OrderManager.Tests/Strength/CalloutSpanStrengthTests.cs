using System.Diagnostics;
using System.Globalization;
using HouseCanary.OrderManager.Callouts;
using HouseCanary.OrderManager.Tests.Diagnostics;
using Valuation.Webhooks.Diagnostics;
using Valuation.Tests.Support;

namespace HouseCanary.OrderManager.Tests.Strength;

/// <summary>
/// The span a user's tracing sees for a processed callout (an <see cref="ActivityListener"/> on the webhook
/// engine's source, as OpenTelemetry would listen): the callout's message id, order id and, for item callouts, the
/// item id, its message type, and never the pre-signed download_url or the report.
/// </summary>
public class CalloutSpanStrengthTests
{
    private const string Secret = "span-test-secret";
    private const string Signature = "sig-5f4e3d2c1b";
    private const string DownloadUrl = "https://bucket.s3.test/reports/r.pdf?X-Amz-Signature=" + Signature;

    private static readonly CalloutOptions Options = new() { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { Secret } };

    private static async Task<Activity> ProcessedSpanAsync(CalloutMessage message)
    {
        using var telemetry = new ClientTelemetryListener(WebhookTelemetry.SourceName);
        var processor = new CalloutProcessor(Options, new NoOpHandler(), new InMemoryMessageDeduplicationStore());

        var result = await processor.ProcessAsync(new CalloutSigner(Options).CreateRequest(message));

        Assert.True(result.IsSuccess, result.Reason);
        return Assert.Single(telemetry.Spans);
    }

    private static string? Tag(Activity span, string name) => span.GetTagItem(name) as string;

    private static void AssertNoTagCarries(Activity span, params string[] texts)
    {
        foreach (var tag in span.TagObjects)
        {
            string value = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? string.Empty;
            foreach (string text in texts)
            {
                Assert.DoesNotContain(text, value, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task An_order_complete_span_carries_the_message_order_and_item_ids_but_not_the_download_url_or_report()
    {
        var span = await ProcessedSpanAsync(new OrderCompleteMessage
        {
            MessageType = CalloutMessageTypes.OrderComplete,
            MessageId = "msg-complete-1",
            OrderId = 1234,
            OrderItemId = 5678,
            DownloadUrl = DownloadUrl,
            ReportBase64 = "JVBERi0xLjQK"u8.ToArray(),
        });

        Assert.Equal("msg-complete-1", Tag(span, "messaging.message.id"));
        Assert.Equal("1234", Tag(span, "housecanary.order.id"));
        Assert.Equal("5678", Tag(span, "housecanary.order_item.id"));
        Assert.Equal(CalloutMessageTypes.OrderComplete, Tag(span, WebhookTelemetry.MessageTypeAttribute));
        AssertNoTagCarries(span, Signature, "bucket.s3.test", "X-Amz", "JVBERi0xLjQK");
    }

    [Fact]
    public async Task An_order_item_status_change_span_carries_the_item_id()
    {
        var span = await ProcessedSpanAsync(new OrderItemStatusChangeMessage
        {
            MessageType = CalloutMessageTypes.OrderItemStatusChange,
            MessageId = "msg-item-1",
            OrderId = 77,
            OrderItemId = 88,
            NewStatus = "accepted",
        });

        Assert.Equal("msg-item-1", Tag(span, "messaging.message.id"));
        Assert.Equal("77", Tag(span, "housecanary.order.id"));
        Assert.Equal("88", Tag(span, "housecanary.order_item.id"));
        Assert.Equal(CalloutMessageTypes.OrderItemStatusChange, Tag(span, WebhookTelemetry.MessageTypeAttribute));
    }

    [Fact]
    public async Task An_order_status_change_span_has_the_order_id_and_no_item_id()
    {
        var span = await ProcessedSpanAsync(new OrderStatusChangeMessage
        {
            MessageType = CalloutMessageTypes.OrderStatusChange,
            MessageId = "msg-order-1",
            OrderId = 4321,
            NewStatus = "complete",
        });

        Assert.Equal("msg-order-1", Tag(span, "messaging.message.id"));
        Assert.Equal("4321", Tag(span, "housecanary.order.id"));
        Assert.Null(span.GetTagItem("housecanary.order_item.id"));
        Assert.Equal(CalloutMessageTypes.OrderStatusChange, Tag(span, WebhookTelemetry.MessageTypeAttribute));
    }

    [Fact]
    public async Task An_unknown_callout_span_has_its_message_id_and_no_order_or_item_id_when_it_names_none()
    {
        using var telemetry = new ClientTelemetryListener(WebhookTelemetry.SourceName);
        var processor = new CalloutProcessor(Options, new NoOpHandler(), new InMemoryMessageDeduplicationStore());

        var result = await processor.ProcessAsync(new CalloutSigner(Options).CreateRequest("""{"message_type":"brand_new","message_id":"msg-new-1"}"""u8.ToArray()));

        Assert.Equal(WebhookOutcome.Unknown, result.Outcome);
        var span = Assert.Single(telemetry.Spans);
        Assert.Equal("msg-new-1", Tag(span, "messaging.message.id"));
        Assert.Null(span.GetTagItem("housecanary.order.id"));
        Assert.Null(span.GetTagItem("housecanary.order_item.id"));
        Assert.Equal("brand_new", Tag(span, WebhookTelemetry.MessageTypeAttribute));
    }

    private sealed class NoOpHandler : CalloutHandler
    {
    }
}
