using System.Net;
using System.Text;
using HouseCanary.OrderManager.Callouts;
using HouseCanary.OrderManager.Http;
using HouseCanary.OrderManager.Models;
using Valuation.Tests.Wire;
using static HouseCanary.OrderManager.Tests.TestSupport;

namespace HouseCanary.OrderManager.Tests.Wire;

/// <summary>
/// Every answer and callout payload the document shows or public-evidence.md records, read through the client or
/// the parser, with each of its members asserted by name and value (TestData/README.md says where each comes from).
/// </summary>
public class ResponseWireTests
{
    private static OrderManagerClient Answering(string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        var wire = new RecordingHandler(_ => new HttpResponseMessage(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") });
        var monitor = Monitor(Options());
        return new OrderManagerClient(new HttpClient(new TokenAuthenticationHandler(monitor) { InnerHandler = wire }), monitor);
    }

    private static async Task<List<OrderItem>> Items(string json)
    {
        var items = new List<OrderItem>();
        await foreach (var item in Answering(json).GetOrderItemsAsync(1234))
        {
            items.Add(item);
        }

        return items;
    }

    [Fact]
    public async Task The_order_answer_reads_every_member()
    {
        var order = await Answering(ReadData("order.json")).GetOrderAsync(1234);

        Assert.Equal(new HouseCanaryId(1234), order.Id);
        Assert.Equal("Q4 portfolio", order.Name);
        Assert.Equal("valueReport", order.OrderType);
        Assert.Equal("new", order.Status);
        Assert.Equal("LOS-1", order.CustomerOrderId);
        Assert.Equal(101, order.OwnerOrganizationId);
        Assert.Equal(202, order.OwnerId);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 17, 4, 5, TimeSpan.Zero), order.CreatedDate);
        Assert.Null(order.ActualDeliveryDate);
        Assert.Equal(2, order.ItemCount);
        Assert.Equal(0.2m, order.FsdThreshold);
        Assert.Null(order.AdditionalProperties);
    }

    [Fact]
    public async Task The_201_answer_to_create_order_reads_the_order_and_its_item_ids()
    {
        var order = await Answering(ReadData("order_created.json"), HttpStatusCode.Created).CreateOrderAsync(new CreateOrderRequest
        {
            Name = "Q4 portfolio",
            Items = [new CreateOrderItem { Address = "123 Main St", Zipcode = "78701" }],
        });

        Assert.Equal(new HouseCanaryId(1234), order.Id);
        var item = Assert.Single(order.Items!);
        Assert.Equal(new HouseCanaryId(5678), item.Id);
        Assert.Equal("new", item.Status);
        Assert.Equal("loan-1", item.CustomerItemId);
        Assert.Equal("ext-1", item.ExternalIntegrationId);
        Assert.Null(item.AvailableDownloadables);
        Assert.Null(item.ReportKey);
    }

    [Fact]
    public async Task An_item_reads_every_member_and_its_downloadables_as_objects_with_a_key()
    {
        var item = Assert.Single(await Items("[" + ReadData("item.json") + "]"));

        Assert.Equal(new HouseCanaryId(5678), item.Id);
        Assert.Equal(new HouseCanaryId(1234), item.OrderId);
        Assert.Equal("123 Main St", item.Address);
        Assert.Equal("4B", item.Unit);
        Assert.Equal("Austin", item.City);
        Assert.Equal("TX", item.State);
        Assert.Equal("78701", item.Zipcode);
        Assert.Equal("loan-1", item.CustomerItemId);
        Assert.Equal("ext-1", item.ExternalIntegrationId);
        Assert.Equal("complete", item.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 3, 4, 5, TimeSpan.Zero), item.CompletionDate);
        Assert.Equal(412000m, item.EstimatedValue);
        Assert.Equal(412000m, item.PropertyValue!.PriceMean);
        Assert.Equal(0.08m, item.PropertyValue.Fsd);
        Assert.Equal(380000m, item.PropertyValue.PriceLwr);
        Assert.Equal(444000m, item.PropertyValue.PriceUpr);
        Assert.Equal("value_report", Assert.Single(item.AvailableDownloadables!).Key);
        Assert.Equal("value_report", item.ReportKey);
        Assert.Null(item.AdditionalProperties);
    }

    [Fact]
    public async Task A_downloadable_keeps_its_other_members_and_plain_strings_read_as_keys()
    {
        var objects = Assert.Single(await Items("""[{"id":1,"available_downloadables":[{"key":"agile_insights","name":"Agile Insights","size":1234}]}]"""));
        var strings = Assert.Single(await Items("""[{"id":1,"available_downloadables":["value_report","json"]}]"""));
        var numbers = Assert.Single(await Items("""[{"id":1,"available_downloadables":[{"key":7}]}]"""));

        var downloadable = Assert.Single(objects.AvailableDownloadables!);
        Assert.Equal("agile_insights", downloadable.Key);
        Assert.Equal("Agile Insights", downloadable.AdditionalProperties!["name"].GetString());
        Assert.Equal(1234, downloadable.AdditionalProperties["size"].GetInt32());
        Assert.Equal(["value_report", "json"], strings.AvailableDownloadables!.Select(d => d.Key));
        Assert.Equal("value_report", strings.ReportKey);
        Assert.Equal("7", numbers.ReportKey);
    }

    [Fact]
    public async Task A_value_range_is_kept_as_sent_whatever_its_shape()
    {
        var range = Assert.Single(await Items("""[{"id":1,"value_range":{"low":380000,"high":444000}}]"""));
        var pair = Assert.Single(await Items("""[{"id":1,"value_range":[380000,444000]}]"""));

        Assert.Equal(444000, range.ValueRange!.Value.GetProperty("high").GetInt32());
        Assert.Equal(380000, pair.ValueRange!.Value[0].GetInt32());
    }

    [Theory]
    [InlineData("""[{"id":5678}]""")]
    [InlineData("""{"count":1,"next":null,"previous":null,"results":[{"id":5678}]}""")]
    [InlineData("""{"items":[{"id":5678}]}""")]
    public async Task The_item_list_is_read_as_a_bare_array_a_results_page_or_an_items_object(string json)
    {
        Assert.Equal(new HouseCanaryId(5678), Assert.Single(await Items(json)).Id);
    }

    [Fact]
    public async Task An_item_list_object_with_neither_results_nor_items_is_an_error_not_an_empty_list()
    {
        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Items("""{"count":1,"data":[{"id":5678}]}"""));
        Assert.Contains("neither 'results' nor 'items'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_request_reads_every_member()
    {
        var export = await Answering(ReadData("export_request.json")).GetExportRequestAsync(1234, 77);

        Assert.Equal(new HouseCanaryId(77), export.Id);
        Assert.Equal(new HouseCanaryId(1234), export.OrderId);
        Assert.Equal("zip", export.Format);
        Assert.False(export.ExcludeJson);
        Assert.Equal("complete", export.Status);
        Assert.Equal(100, export.PercentComplete);
        Assert.Equal("https://order-manager-api-demo.housecanary.com/partner-api/v1/orders/1234/export-requests/77/", export.CheckStatusUrl);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 21, 10, 0, TimeSpan.Zero), export.CompletedAt);
        Assert.Equal(
            "https://hc-exports.s3.amazonaws.test/77/HC_q4-portfolio_2026-11-23.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc123",
            export.ExportedData!.AbsoluteUri);
        Assert.Null(export.AdditionalProperties);
    }

    [Fact]
    public void The_documents_order_status_change_reads_every_member()
    {
        var message = Assert.IsType<OrderStatusChangeMessage>(new CalloutParser().Parse(ReadDataBytes("order_status_change.json")));

        Assert.Equal("order_status_change", message.MessageType);
        Assert.Equal("<unique message id>", message.MessageId);
        Assert.Equal(new HouseCanaryId("<order id>"), message.OrderId);
        Assert.Equal("<customer order id>", message.CustomerOrderId);
        Assert.Equal("<status>", message.NewStatus);
        Assert.Equal(["id_0", "id_1"], message.ExternalIntegrationIds!);
        Assert.Null(message.AdditionalProperties);
    }

    [Fact]
    public void The_documents_order_item_status_change_reads_every_member()
    {
        var message = Assert.IsType<OrderItemStatusChangeMessage>(new CalloutParser().Parse(ReadDataBytes("order_item_status_change.json")));

        Assert.Equal("order_item_status_change", message.MessageType);
        Assert.Equal("<unique message id>", message.MessageId);
        Assert.Equal(new HouseCanaryId("<order id>"), message.OrderId);
        Assert.Equal("<customer order id>", message.CustomerOrderId);
        Assert.Equal(new HouseCanaryId("<order item id>"), message.OrderItemId);
        Assert.Equal("<customerorder item id>", message.CustomerItemId);
        Assert.Equal("<status>", message.NewStatus);
        Assert.Equal("<integration partner id>", message.ExternalIntegrationId);
        Assert.Empty(message.ValidationFailures);
        Assert.Null(message.AdditionalProperties);
    }

    [Fact]
    public void The_documents_order_complete_reads_every_member()
    {
        var message = Assert.IsType<OrderCompleteMessage>(new CalloutParser().Parse(ReadDataBytes("order_complete.json")));

        Assert.Equal("order_complete", message.MessageType);
        Assert.Equal("<unique message id>", message.MessageId);
        Assert.Equal(new HouseCanaryId("<order id>"), message.OrderId);
        Assert.Equal("<customer order id>", message.CustomerOrderId);
        Assert.Equal(new HouseCanaryId("<order item id>"), message.OrderItemId);
        Assert.Equal("<customerorder item id>", message.CustomerItemId);
        Assert.Equal("<url>", message.DownloadUrl);
        Assert.Equal("encoded report blob", Encoding.UTF8.GetString(message.ReportBase64.Span));
        Assert.Equal(["id_0", "id_1"], message.ExternalIntegrationIds!);
        Assert.Null(message.AdditionalProperties);
    }

    [Fact]
    public void Callout_ids_sent_as_integers_read_as_the_same_ids_and_external_ids_may_be_numbers()
    {
        var quoted = new CalloutParser().Parse("""{"message_type":"order_complete","message_id":"m","order_id":"1234","order_item_id":"5678","external_integration_ids":["ext-1","77"]}"""u8.ToArray());
        var numbers = Assert.IsType<OrderCompleteMessage>(new CalloutParser().Parse("""{"message_type":"order_complete","message_id":"m","order_id":1234,"order_item_id":5678,"external_integration_ids":["ext-1",77,null]}"""u8.ToArray()));

        Assert.Equal(quoted.OrderId, numbers.OrderId);
        Assert.Equal(((OrderCompleteMessage)quoted).OrderItemId, numbers.OrderItemId);
        Assert.Equal(["ext-1", "77", null], numbers.ExternalIntegrationIds!);
        Assert.True(numbers.OrderId.TryGetInt64(out long orderId));
        Assert.Equal(1234, orderId);
    }

    [Theory]
    [InlineData("""{"message_type":"order_status_change","message_id":"m","new_status":"complete"}""", "$.order_id")]
    [InlineData("""{"message_type":"order_item_status_change","message_id":"m","order_id":"1","new_status":"accepted"}""", "$.order_item_id")]
    [InlineData("""{"message_type":"order_complete","message_id":"m","order_id":"1","order_item_id":""}""", "$.order_item_id")]
    public void A_documented_callout_without_its_ids_is_a_parse_error_naming_the_member(string json, string path)
    {
        var ex = Assert.Throws<CalloutParseException>(() => new CalloutParser().Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void The_signer_writes_the_three_documented_callouts_exactly_as_the_document_shows_them()
    {
        var statusChange = new OrderStatusChangeMessage
        {
            MessageType = "order_status_change", MessageId = "<unique message id>", OrderId = "<order id>", CustomerOrderId = "<customer order id>",
            NewStatus = "<status>", ExternalIntegrationIds = ["id_0", "id_1"],
        };
        var itemChange = new OrderItemStatusChangeMessage
        {
            MessageType = "order_item_status_change", MessageId = "<unique message id>", OrderId = "<order id>", CustomerOrderId = "<customer order id>",
            OrderItemId = "<order item id>", CustomerItemId = "<customerorder item id>", NewStatus = "<status>", ExternalIntegrationId = "<integration partner id>",
        };
        var complete = new OrderCompleteMessage
        {
            MessageType = "order_complete", MessageId = "<unique message id>", OrderId = "<order id>", CustomerOrderId = "<customer order id>",
            OrderItemId = "<order item id>", CustomerItemId = "<customerorder item id>", DownloadUrl = "<url>", ReportBase64 = "encoded report blob"u8.ToArray(),
            ExternalIntegrationIds = ["id_0", "id_1"],
        };

        WireJson.AssertSame(ReadData("order_status_change.json"), Encoding.UTF8.GetString(CalloutSigner.Serialize(statusChange)));
        WireJson.AssertSame(ReadData("order_item_status_change.json"), Encoding.UTF8.GetString(CalloutSigner.Serialize(itemChange)));
        WireJson.AssertSame(ReadData("order_complete.json"), Encoding.UTF8.GetString(CalloutSigner.Serialize(complete)));
    }

    [Fact]
    public void The_signer_quotes_integer_ids_as_the_document_does()
    {
        byte[] body = CalloutSigner.Serialize(new OrderItemStatusChangeMessage
        {
            MessageType = CalloutMessageTypes.OrderItemStatusChange, MessageId = "m-1", OrderId = 1234, OrderItemId = 5678, NewStatus = "accepted",
        });

        WireJson.AssertSame(
            """{"message_type":"order_item_status_change","message_id":"m-1","order_id":"1234","order_item_id":"5678","new_status":"accepted"}""",
            Encoding.UTF8.GetString(body));
    }
}
