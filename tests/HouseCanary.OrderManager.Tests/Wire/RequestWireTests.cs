using System.Net;
using System.Text;
using HouseCanary.OrderManager.Http;
using HouseCanary.OrderManager.Models;
using Valuation.Tests.Wire;
using static HouseCanary.OrderManager.Tests.TestSupport;

namespace HouseCanary.OrderManager.Tests.Wire;

/// <summary>
/// Every request of the Partner API as the SDK puts it on the wire: method, exact URL, headers and the exact JSON
/// text, compared with fixtures written from the document's field list and public-evidence.md (TestData/README.md).
/// Requests are built from typed values in code, never by reading a fixture into the SDK's models.
/// </summary>
public class RequestWireTests
{
    private static (OrderManagerClient Client, RecordingHandler Wire) Recorded(string responseJson = "{}", HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json")
    {
        var wire = new RecordingHandler(_ => new HttpResponseMessage(status) { Content = new StringContent(responseJson, Encoding.UTF8, mediaType) });
        var monitor = Monitor(Options());
        var http = new HttpClient(new TokenAuthenticationHandler(monitor) { InnerHandler = wire });
        return (new OrderManagerClient(http, monitor), wire);
    }

    [Fact]
    public async Task Create_order_sends_the_documented_members_in_snake_case_with_owner_ids_as_numbers_and_absent_members_omitted()
    {
        var (client, wire) = Recorded(ReadData("order_created.json"), HttpStatusCode.Created);

        await client.CreateOrderAsync(new CreateOrderRequest
        {
            Name = "Q4 portfolio",
            CustomerOrderId = "LOS-1",
            Items =
            [
                new CreateOrderItem { Address = "123 Main St", Unit = "4B", Zipcode = "78701", CustomerItemId = "loan-1", ExternalIntegrationId = "ext-1" },
                new CreateOrderItem { Address = "9 Elm St", City = "Austin", State = "TX" },
            ],
        });

        var request = Assert.Single(wire.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(Base + "orders/", request.Url);
        Assert.Equal("Token " + Token, request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Equal("application/json", request.ContentHeader("Content-Type"));
        WireJson.AssertSame(ReadData("Wire/create_order_request.json"), request.BodyText);
    }

    [Fact]
    public async Task Get_order_is_a_bodiless_GET_of_the_order_with_a_trailing_slash()
    {
        var (client, wire) = Recorded(ReadData("order.json"));

        await client.GetOrderAsync(1234);

        var request = Assert.Single(wire.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal(Base + "orders/1234/", request.Url);
        Assert.Equal("Token " + Token, request.Header("Authorization"));
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task A_quoted_callout_id_and_an_integer_id_name_the_same_order_on_the_wire()
    {
        var (client, wire) = Recorded(ReadData("order.json"));
        var callout = new HouseCanary.OrderManager.Callouts.CalloutParser().Parse(
            """{"message_type":"order_status_change","message_id":"m","order_id":"1234","new_status":"complete"}"""u8.ToArray());

        await client.GetOrderAsync(callout.OrderId);
        await client.GetOrderAsync(1234);

        Assert.Equal([Base + "orders/1234/", Base + "orders/1234/"], wire.Requests.Select(r => r.Url));
    }

    [Fact]
    public async Task Get_items_asks_for_the_items_page_and_the_page_size_when_given()
    {
        var (client, wire) = Recorded("[]");

        await foreach (var unused in client.GetOrderItemsAsync(1234))
        {
        }

        await foreach (var unused in client.GetOrderItemsAsync(1234, pageSize: 50))
        {
        }

        Assert.Equal([Base + "orders/1234/items/", Base + "orders/1234/items/?page_size=50"], wire.Requests.Select(r => r.Url));
        Assert.All(wire.Requests, r =>
        {
            Assert.Equal("GET", r.Method);
            Assert.Equal("application/json", r.Header("Accept"));
            Assert.Null(r.Body);
        });
    }

    [Fact]
    public async Task The_item_pdf_takes_its_key_from_the_items_downloadables_and_asks_for_application_pdf()
    {
        var (client, wire) = Recorded("%PDF-1.4", mediaType: "application/pdf");
        var item = System.Text.Json.JsonSerializer.Deserialize(
            """{"id":5678,"available_downloadables":[{"key":"agile_insights","label":"Agile Insights"},{"key":"other"}]}""",
            HouseCanary.OrderManager.Json.OrderManagerJsonContext.Default.OrderItem)!;

        await client.DownloadItemPdfAsync(1234, item, new MemoryStream());

        var request = Assert.Single(wire.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal(Base + "orders/1234/items/5678/pdfdownload/agile_insights", request.Url);
        Assert.Equal("application/pdf", request.Header("Accept"));
        Assert.Equal("Token " + Token, request.Header("Authorization"));
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task An_item_without_downloadables_sends_nothing_and_says_why()
    {
        var (client, wire) = Recorded();

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.DownloadItemPdfAsync(1234, new OrderItem { Id = 5678, Status = "reportpending" }, new MemoryStream()));

        Assert.Empty(wire.Requests);
        Assert.Contains("available_downloadables", ex.Message, StringComparison.Ordinal);
        Assert.Contains("reportpending", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "orders/1234/export/zip?exclude_json=false")]
    [InlineData(true, "orders/1234/export/zip?exclude_json=true")]
    public async Task Create_export_posts_to_the_live_docs_path_with_no_slash_before_the_query_and_an_empty_body(bool excludeJson, string path)
    {
        var (client, wire) = Recorded(ReadData("export_request.json"), HttpStatusCode.Created);

        await client.CreateExportAsync(1234, ExportFormats.Zip, excludeJson);

        var request = Assert.Single(wire.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal(Base + path, request.Url);
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Equal("Token " + Token, request.Header("Authorization"));
        Assert.Equal([], request.Body!);
        Assert.Null(request.ContentHeader("Content-Type"));
    }

    [Fact]
    public async Task Get_export_request_is_a_bodiless_GET_of_the_export_request()
    {
        var (client, wire) = Recorded(ReadData("export_request.json"));

        await client.GetExportRequestAsync(1234, 77);

        var request = Assert.Single(wire.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal(Base + "orders/1234/export-requests/77/", request.Url);
        Assert.Equal("application/json", request.Header("Accept"));
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task The_presigned_export_download_is_fetched_as_given_and_without_the_api_token()
    {
        var (client, wire) = Recorded("PK", mediaType: "application/zip");
        var url = new Uri("https://hc-exports.s3.amazonaws.test/77/HC_q4-portfolio_2026-11-23.zip?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc123");

        await client.DownloadExportAsync(url, new MemoryStream());

        var request = Assert.Single(wire.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal(url.AbsoluteUri, request.Url);
        Assert.Null(request.Header("Authorization"));
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task Ids_are_escaped_as_one_path_segment()
    {
        var (client, wire) = Recorded(ReadData("order.json"));

        await client.GetOrderAsync("a/b c");

        Assert.Equal(Base + "orders/a%2Fb%20c/", Assert.Single(wire.Requests).Url);
    }

    [Fact]
    public async Task The_empty_id_is_refused_before_anything_is_sent()
    {
        var (client, wire) = Recorded();

        await Assert.ThrowsAsync<ArgumentException>(() => client.GetOrderAsync(default));

        Assert.Empty(wire.Requests);
    }
}
