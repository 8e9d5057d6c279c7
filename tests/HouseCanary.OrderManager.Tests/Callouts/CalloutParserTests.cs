using System.Text;
using HouseCanary.OrderManager.Callouts;
using static HouseCanary.OrderManager.Tests.TestSupport;

namespace HouseCanary.OrderManager.Tests.Callouts;

public class CalloutParserTests
{
    private readonly CalloutParser _parser = new();

    [Fact]
    public void The_documents_order_complete_example_parses_and_its_placeholder_report_is_a_clear_base64_error()
    {
        // Every member is asserted in Wire/ResponseWireTests; here: the placeholders are no URL and no base64.
        var message = Assert.IsType<OrderCompleteMessage>(_parser.Parse(ReadDataBytes("order_complete.json")));
        Assert.Null(message.DownloadUri);
        Assert.True(message.HasReport);
        var ex = Assert.Throws<FormatException>(() => message.DecodeReport());
        Assert.Contains("not valid base64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_report_decodes_in_chunks_through_escapes_and_line_breaks()
    {
        byte[] pdf = new byte[200_001];
        new Random(7).NextBytes(pdf);
        string base64 = Convert.ToBase64String(pdf, Base64FormattingOptions.InsertLineBreaks).Replace("/", "\\/", StringComparison.Ordinal).Replace("\r\n", "\\r\\n", StringComparison.Ordinal);
        string json = $$"""{"message_type":"order_complete","message_id":"m","order_id":1234,"order_item_id":"5678","download_url":"https://s3.test/a.pdf","report":"{{base64}}"}""";

        var message = Assert.IsType<OrderCompleteMessage>(_parser.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.Equal("1234", message.OrderId);
        Assert.Equal(new Uri("https://s3.test/a.pdf"), message.DownloadUri);
        Assert.Equal(pdf, message.DecodeReport());
        using var stream = message.OpenReportStream();
        var copy = new MemoryStream();
        byte[] small = new byte[1000];
        int n;
        while ((n = stream.Read(small, 0, small.Length)) > 0)
        {
            copy.Write(small, 0, n);
        }

        Assert.Equal(pdf, copy.ToArray());
    }

    [Fact]
    public void A_message_without_report_says_to_use_the_download_url()
    {
        var message = Assert.IsType<OrderCompleteMessage>(_parser.Parse("""{"message_type":"order_complete","message_id":"m","order_id":"1","order_item_id":"2","download_url":"https://s3.test/a.pdf"}"""u8.ToArray()));
        Assert.False(message.HasReport);
        var ex = Assert.Throws<InvalidOperationException>(() => message.OpenReportStream());
        Assert.Contains("download_url", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_message_type_keeps_its_raw_json()
    {
        var message = Assert.IsType<UnknownCalloutMessage>(_parser.Parse("""{"message_type":"order_review_needed","message_id":42,"order_id":"9","extra":{"deep":[1,2]}}"""u8.ToArray()));
        Assert.Equal("order_review_needed", message.MessageType);
        Assert.Equal("42", message.MessageId);
        Assert.Equal("9", message.OrderId);
        Assert.Equal(2, message.RawJson.GetProperty("extra").GetProperty("deep")[1].GetInt32());
    }

    [Fact]
    public void Unknown_members_of_a_known_message_are_kept()
    {
        var message = _parser.Parse("""{"message_type":"order_status_change","message_id":"m","order_id":"1","new_status":"complete","reason":"done"}"""u8.ToArray());
        Assert.Equal("done", message.AdditionalProperties!["reason"].GetString());
    }

    [Theory]
    [InlineData("{\"message_type\":\"order_status_change\",\n\"message_id\": \"m\",,}", 1L)]
    [InlineData("{\"message_type\":\"order_status_change\" \"message_id\":\"m\"}", 0L)]
    [InlineData("{\"message_type\":\"order_status_change\",\"message_id\":\"m\"} trailing", 0L)]
    public void Malformed_json_is_a_parse_error_that_says_where(string json, long line)
    {
        var ex = Assert.Throws<CalloutParseException>(() => _parser.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(line, ex.LineNumber);
        Assert.NotNull(ex.BytePositionInLine);
        Assert.Contains("line " + line, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_of_the_wrong_type_is_a_parse_error_naming_its_path()
    {
        var ex = Assert.Throws<CalloutParseException>(() => _parser.Parse("""{"message_type":"order_status_change","message_id":"m","external_integration_ids":"not-a-list"}"""u8.ToArray()));
        Assert.Equal("$.external_integration_ids", ex.Path);
    }

    [Fact]
    public void Deeply_nested_json_is_a_parse_error_not_a_crash()
    {
        string json = "{\"message_type\":\"x\",\"message_id\":\"m\",\"a\":" + new string('[', 100) + new string(']', 100) + "}";
        var ex = Assert.Throws<CalloutParseException>(() => _parser.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Contains("depth", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{"message_id":"m"}""", "$.message_type")]
    [InlineData("""{"message_type":"order_status_change"}""", "$.message_id")]
    [InlineData("""{"message_type":"order_status_change","message_id":""}""", "$.message_id")]
    [InlineData("""{"message_type":17,"message_id":"m"}""", "$.message_type")]
    [InlineData("""["message_type"]""", "$")]
    [InlineData("", "$")]
    public void Missing_or_wrong_required_members_are_parse_errors(string json, string path)
    {
        var ex = Assert.Throws<CalloutParseException>(() => _parser.Parse(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(path, ex.Path);
    }
}
