using System.Text;
using HouseCanary.OrderManager.Callouts;

namespace HouseCanary.OrderManager.Tests.Strength;

/// <summary>
/// What a callout handler receives, and what a malformed callout is refused with: where the problem is (path, line,
/// byte), the member that decides the message type, and how a message prints in a log.
/// </summary>
public class CalloutStrengthTests
{
    private static readonly CalloutParser Parser = new();

    private static CalloutMessage Parse(string json) => Parser.Parse(Encoding.UTF8.GetBytes(json));

    private static CalloutParseException Refused(string json) => Assert.Throws<CalloutParseException>(() => Parse(json));

    [Theory]
    [InlineData(" ")]
    [InlineData("\r\n\t ")]
    public void A_body_of_white_space_is_refused_as_empty_at_its_start(string body)
    {
        var ex = Refused(body);
        Assert.Equal("$", ex.Path);
        Assert.Equal(0, ex.LineNumber);
        Assert.Equal(0, ex.BytePositionInLine);
        Assert.Null(ex.InnerException);
    }

    [Fact]
    public void The_top_level_message_type_decides_even_after_a_member_holding_an_object_or_array()
    {
        var message = Parse("""{"meta":{"message_type":"order_complete","x":[1,{"y":2}]},"list":[{"message_type":"order_complete"}],"message_type":"order_status_change","message_id":"m","order_id":"1","new_status":"complete"}""");

        var change = Assert.IsType<OrderStatusChangeMessage>(message);
        Assert.Equal("complete", change.NewStatus);
    }

    [Fact]
    public void Invalid_json_before_the_message_type_is_a_json_error_that_says_where()
    {
        var ex = Refused("{\"a\": 1,\n  \"b\": tru, \"message_type\": \"order_status_change\", \"message_id\": \"m\"}");

        Assert.Equal("$", ex.Path);
        Assert.Equal(1, ex.LineNumber);
        Assert.NotNull(ex.BytePositionInLine);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex.InnerException);
        Assert.StartsWith("The callout body is not valid JSON (path $, line 1, byte ", ex.Message, StringComparison.Ordinal);
        Assert.NotEqual(0, ex.BytePositionInLine);
        Assert.Contains($"line 1, byte {ex.BytePositionInLine})", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_of_the_wrong_type_names_the_message_type_path_and_line()
    {
        var ex = Refused("{\"message_type\":\"order_complete\",\"message_id\":\"m\",\n\"order_id\":\"1\",\"order_item_id\":\"2\",\n\"download_url\":[1]}");

        Assert.Equal("$.download_url", ex.Path);
        Assert.Equal(2, ex.LineNumber);
        Assert.StartsWith("The OrderCompleteMessage callout has an invalid member (", ex.Message, StringComparison.Ordinal);
        Assert.Contains("path $.download_url", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"message_type":"order_\ud800status_change","message_id":"m"}""")]
    [InlineData("""{"message_type":"future_kind","message_id":"\ud800","order_id":"1"}""")]
    public void A_string_that_is_not_valid_unicode_is_a_parse_error_not_a_crash(string json)
    {
        var ex = Refused(json);
        Assert.Equal("$", ex.Path);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Contains("not valid Unicode", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_message_keeps_its_customer_order_id_and_a_numeric_order_id()
    {
        var message = Assert.IsType<UnknownCalloutMessage>(Parse("""{"message_type":"future_kind","message_id":"m","order_id":1234,"customer_order_id":"po-7"}"""));

        Assert.Equal("po-7", message.CustomerOrderId);
        Assert.Equal(new HouseCanaryId(1234), message.OrderId);
    }

    [Theory]
    [InlineData("https://s3.test/a.pdf?X-Amz-Signature=1", true)]
    [InlineData("http://sandbox.test/a.pdf", true)]
    [InlineData("ftp://s3.test/a.pdf", false)]
    [InlineData("file:///etc/passwd", false)]
    [InlineData("/relative/a.pdf", false)]
    [InlineData(null, false)]
    public void Only_an_absolute_http_or_https_download_url_is_offered_for_download(string? url, bool offered)
    {
        var message = new OrderCompleteMessage { DownloadUrl = url };
        Assert.Equal(offered ? new Uri(url!) : null, message.DownloadUri);
    }

    [Theory]
    [InlineData("AA")]
    [InlineData("A")]
    [InlineData("AAA")]
    public void A_report_too_short_for_one_base64_block_is_a_format_error(string report)
    {
        var message = new OrderCompleteMessage { ReportBase64 = Encoding.ASCII.GetBytes(report) };
        Assert.Throws<FormatException>(() => message.DecodeReport());
        Assert.Equal([0], new OrderCompleteMessage { ReportBase64 = "AA=="u8.ToArray() }.DecodeReport());
    }

    [Fact]
    public void An_order_complete_message_prints_every_integration_id_and_closes_its_braces()
    {
        var message = new OrderCompleteMessage
        {
            MessageType = CalloutMessageTypes.OrderComplete,
            MessageId = "m-1",
            OrderId = 1234,
            OrderItemId = 5678,
            ExternalIntegrationIds = ["ext-1", "ext-2"],
        };

        string text = message.ToString();

        Assert.StartsWith("OrderCompleteMessage { MessageType = order_complete, MessageId = m-1, OrderId = 1234", text, StringComparison.Ordinal);
        Assert.EndsWith(", Report = <0 base64 bytes>, ExternalIntegrationIds = [ext-1, ext-2] }", text, StringComparison.Ordinal);
        Assert.EndsWith("ExternalIntegrationIds = [] }", (message with { ExternalIntegrationIds = null }).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_built_in_code_has_no_type_until_one_is_set()
    {
        Assert.Equal(string.Empty, new OrderCompleteMessage().MessageType);
        Assert.Equal(string.Empty, new UnknownCalloutMessage().MessageType);
    }

    [Fact]
    public void An_unknown_message_prints_the_size_of_its_json_and_closes_its_braces()
    {
        const string Json = """{"message_type":"future_kind","message_id":"m-2"}""";
        var message = Assert.IsType<UnknownCalloutMessage>(Parse(Json));

        Assert.EndsWith($", RawJson = <{Json.Length} chars> }}", message.ToString(), StringComparison.Ordinal);
        Assert.EndsWith(", RawJson = <0 chars> }", new UnknownCalloutMessage { MessageType = "x" }.ToString(), StringComparison.Ordinal);
    }
}
