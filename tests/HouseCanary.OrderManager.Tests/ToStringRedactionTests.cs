using System.Text.Json;
using HouseCanary.OrderManager.Callouts;
using HouseCanary.OrderManager.Json;
using HouseCanary.OrderManager.Models;

namespace HouseCanary.OrderManager.Tests;

public class ToStringRedactionTests
{
    private const string Signature = "X-Amz-Signature=deadbeefcafe";
    private const string PresignedUrl = "https://bucket.s3.test/reports/r.pdf?X-Amz-Credential=AKIAEXAMPLE&" + Signature;

    [Fact]
    public void An_order_complete_message_prints_its_download_url_without_the_signature_nor_the_report()
    {
        string report = Convert.ToBase64String(new byte[3000]);
        var message = new OrderCompleteMessage
        {
            MessageType = CalloutMessageTypes.OrderComplete,
            MessageId = "m-1",
            OrderItemId = "5678",
            DownloadUrl = PresignedUrl,
            ReportBase64 = System.Text.Encoding.ASCII.GetBytes(report),
        };

        string text = message.ToString();

        Assert.Contains("https://bucket.s3.test/reports/r.pdf?<redacted>", text, StringComparison.Ordinal);
        Assert.Contains("m-1", text, StringComparison.Ordinal);
        Assert.Contains("5678", text, StringComparison.Ordinal);
        Assert.Contains("4000 base64 bytes", text, StringComparison.Ordinal);
        Assert.DoesNotContain("deadbeefcafe", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAEXAMPLE", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AAAAAAAA", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parsed_order_complete_example_prints_no_signature()
    {
        string json = TestSupport.ReadData("order_complete.json").Replace("\"download_url\"", "\"ignored\"", StringComparison.Ordinal);
        json = json.TrimEnd().TrimEnd('}') + ", \"download_url\": \"" + PresignedUrl + "\"}";
        var message = Assert.IsType<OrderCompleteMessage>(new CalloutParser().Parse(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.DoesNotContain("deadbeefcafe", message.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_message_does_not_print_its_raw_json()
    {
        var message = new CalloutParser().Parse(System.Text.Encoding.UTF8.GetBytes("""{"message_type":"new_kind","message_id":"m-2","link":"https://x.test/a?sig=deadbeefcafe"}"""));

        string text = Assert.IsType<UnknownCalloutMessage>(message).ToString();

        Assert.Contains("m-2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("deadbeefcafe", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_request_prints_its_exported_data_without_the_signature()
    {
        var export = JsonSerializer.Deserialize(
            $$"""{"id":77,"order_id":1234,"format":"zip","status":"complete","percent_complete":100,"exported_data":"https://user:pw@bucket.s3.test/HC_x.zip?{{Signature}}"}""",
            OrderManagerJsonContext.Default.ExportRequest)!;

        string text = export.ToString();

        Assert.Contains("https://bucket.s3.test/HC_x.zip?<redacted>", text, StringComparison.Ordinal);
        Assert.Contains("Id = 77", text, StringComparison.Ordinal);
        Assert.Contains("complete", text, StringComparison.Ordinal);
        Assert.DoesNotContain("deadbeefcafe", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pw", text, StringComparison.Ordinal);
        Assert.Equal(new Uri("https://user:pw@bucket.s3.test/HC_x.zip?" + Signature), export.ExportedData);
    }
}
