using System.Net;
using System.Text;
using HouseCanary.OrderManager.Models;
using RichardSzalay.MockHttp;
using static HouseCanary.OrderManager.Tests.TestSupport;

namespace HouseCanary.OrderManager.Tests;

public class OrderManagerClientTests
{
    private static CreateOrderRequest WireExampleRequest() => new()
    {
        Name = "Q4 portfolio",
        CustomerOrderId = "LOS-1",
        Items =
        [
            new CreateOrderItem
            {
                Address = "123 Main St", Unit = "4B", City = "Austin", State = "TX", Zipcode = "78701",
                CustomerItemId = "loan-1", ExternalIntegrationId = "ext-1",
            },
        ],
    };

    [Fact]
    public async Task CreateOrder_posts_the_documented_body_with_the_token_and_owner_ids_from_options()
    {
        var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.Expect(HttpMethod.Post, Base + "orders/")
            .WithHeaders("Authorization", "Token " + Token)
            .With(r => r.Content!.Headers.ContentType!.ToString() == "application/json")
            .Respond(async r =>
            {
                body = await r.Content!.ReadAsStringAsync();
                return new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(ReadData("order.json"), Encoding.UTF8, "application/json") };
            });

        var order = await Client(mock).CreateOrderAsync(WireExampleRequest());

        mock.VerifyNoOutstandingExpectation();
        AssertJsonEqual(ReadData("create_order_request.json"), body!);
        Assert.Equal(1234, order.Id);
        Assert.Equal(OrderStatus.New, order.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 17, 4, 5, TimeSpan.Zero), order.CreatedDate);
        Assert.Null(order.ActualDeliveryDate);
        Assert.Equal(2, order.ItemCount);
    }

    [Fact]
    public async Task CreateOrder_omits_null_optional_members_and_uses_per_call_owner_ids()
    {
        var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.When(HttpMethod.Post, Base + "orders/").Respond(async r =>
        {
            body = await r.Content!.ReadAsStringAsync();
            return new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(ReadData("order.json")) };
        });

        await Client(mock).CreateOrderAsync(new CreateOrderRequest
        {
            Name = "n",
            OwnerOrganizationId = 7,
            OwnerId = 8,
            Items = [new CreateOrderItem { Address = "1 A St", Zipcode = "78701" }],
        });

        AssertJsonEqual("""{"order_type":"valueReport","name":"n","owner_organization_id":7,"owner_id":8,"items":[{"address":"1 A St","zipcode":"78701"}]}""", body!);
    }

    [Fact]
    public async Task CreateOrder_sends_additional_members_for_fields_the_model_does_not_name()
    {
        var mock = new MockHttpMessageHandler();
        string? body = null;
        mock.When(HttpMethod.Post, Base + "orders/").Respond(async r =>
        {
            body = await r.Content!.ReadAsStringAsync();
            return new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(ReadData("order.json")) };
        });
        using var priority = System.Text.Json.JsonDocument.Parse("\"rush\"");

        await Client(mock).CreateOrderAsync(new CreateOrderRequest
        {
            Name = "n",
            Items = [new CreateOrderItem { Address = "1 A St", Zipcode = "78701" }],
            AdditionalProperties = new Dictionary<string, System.Text.Json.JsonElement> { ["priority"] = priority.RootElement.Clone() },
        });

        AssertJsonEqual("""{"order_type":"valueReport","name":"n","owner_organization_id":101,"owner_id":202,"items":[{"address":"1 A St","zipcode":"78701"}],"priority":"rush"}""", body!);
    }

    [Theory]
    [InlineData("agileInsights")]
    [InlineData("ValueReport")]
    [InlineData("valuereport")]
    [InlineData("valueReport ")]
    public async Task CreateOrder_refuses_any_order_type_but_valueReport_and_sends_nothing(string orderType)
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(HttpStatusCode.Created, "application/json", ReadData("order.json"));

        var ex = await Assert.ThrowsAsync<OrderValidationException>(() => Client(mock).CreateOrderAsync(new CreateOrderRequest
        {
            OrderType = orderType,
            Name = "n",
            Items = [new CreateOrderItem { Address = "1 A St", Zipcode = "78701" }],
        }));

        var problem = Assert.Single(ex.Problems);
        Assert.StartsWith($"order_type '{orderType}' is not supported", problem, StringComparison.Ordinal);
        Assert.Contains("valueReport", problem, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(any));
    }

    [Fact]
    public async Task CreateOrder_reports_every_problem_at_once_and_sends_nothing()
    {
        var mock = new MockHttpMessageHandler();
        var options = Options();
        options.OwnerId = null;
        var client = Client(mock, options);

        var ex = await Assert.ThrowsAsync<OrderValidationException>(() => client.CreateOrderAsync(new CreateOrderRequest
        {
            OrderType = "",
            Name = " ",
            Items =
            [
                new CreateOrderItem { Address = "1 A St", Zipcode = "78701" },
                new CreateOrderItem { City = "Austin" },
                new CreateOrderItem { Address = "2 B St", State = "TX" },
            ],
        }));

        Assert.Contains(ex.Problems, p => p.StartsWith("order_type", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("name", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("owner_id", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("items[1].address", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("items[1]: state is required", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("items[2]: city is required", StringComparison.Ordinal));
        Assert.DoesNotContain(ex.Problems, p => p.StartsWith("items[0]", StringComparison.Ordinal));
        Assert.Equal(6, ex.Problems.Count);
        Assert.Equal(0, mock.GetMatchCount(mock.Fallback.Respond(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task CreateOrder_accepts_city_and_state_without_zipcode()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, Base + "orders/").Respond(HttpStatusCode.Created, "application/json", ReadData("order.json"));
        var order = await Client(mock).CreateOrderAsync(new CreateOrderRequest { Name = "n", Items = [new CreateOrderItem { Address = "1 A", City = "Austin", State = "TX" }] });
        Assert.Equal(1234, order.Id);
    }

    [Fact]
    public async Task A_400_maps_detail_and_nested_field_errors_and_the_request_id()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Post, Base + "orders/").Respond(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent("""{"name":["This field is required."],"items":[{},{"address":["This field is required."]}]}""", Encoding.UTF8, "application/json"),
            };
            response.Headers.Add("X-Request-Id", "req-42");
            return response;
        });

        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Client(mock).CreateOrderAsync(WireExampleRequest()));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(["This field is required."], ex.FieldErrors["name"]);
        Assert.Equal(["This field is required."], ex.FieldErrors["items[1].address"]);
        Assert.Equal(2, ex.FieldErrors.Count);
        Assert.Equal("req-42", ex.RequestId);
        Assert.Contains("items[1].address", ex.Message, StringComparison.Ordinal);
        Assert.Contains("\"items\"", ex.ErrorBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_says_the_token_was_rejected_without_echoing_it()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(Base + "orders/5/").Respond(HttpStatusCode.Unauthorized, "application/json", """{"detail":"Invalid token."}""");

        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Client(mock).GetOrderAsync(5));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("Invalid token.", ex.Detail);
        Assert.Contains("rejected the API token", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_json_error_body_is_kept_raw_and_capped()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(Base + "orders/5/").Respond(HttpStatusCode.BadGateway, "text/html", new string('x', 100_000));

        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Client(mock).GetOrderAsync(5));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Null(ex.Detail);
        Assert.Equal(OrderManagerException.MaxErrorBodyChars, ex.ErrorBody!.Length);
    }

    [Fact]
    public async Task GetOrder_reads_the_order_and_keeps_unknown_members()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, Base + "orders/1234/").WithHeaders("Authorization", "Token " + Token)
            .Respond("application/json", """{"id":"1234","name":"x","status":"on_hold","owner_id":202,"actual_delivery_date":"2026-11-23","brand_new":{"a":1}}""");

        var order = await Client(mock).GetOrderAsync(1234);

        Assert.Equal(1234, order.Id);
        Assert.Equal("on_hold", order.Status);
        Assert.Equal(new DateOnly(2026, 11, 23), HouseCanaryTimeZone.DateOf(order.ActualDeliveryDate!.Value));
        Assert.Equal(1, order.AdditionalProperties!["brand_new"].GetProperty("a").GetInt32());
    }

    [Fact]
    public async Task A_malformed_success_body_is_a_typed_error_that_says_where()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(Base + "orders/1/").Respond("application/json", """{"id": [1]}""");
        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Client(mock).GetOrderAsync(1));
        Assert.Contains("$.id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetOrderItems_follows_next_across_pages()
    {
        var mock = new MockHttpMessageHandler();
        string item = ReadData("item.json");
        mock.Expect(Base + "orders/1234/items/").WithExactQueryString("page_size=1")
            .WithHeaders("Authorization", "Token " + Token)
            .Respond("application/json", $$"""{"count":2,"next":"{{Base}}orders/1234/items/?page=2&page_size=1","previous":null,"results":[{{item}}]}""");
        mock.Expect(Base + "orders/1234/items/").WithExactQueryString("page=2&page_size=1")
            .WithHeaders("Authorization", "Token " + Token)
            .Respond("application/json", $$"""{"count":2,"next":null,"previous":"x","results":[{{item.Replace("5678", "5679", StringComparison.Ordinal)}}]}""");

        var items = new List<OrderItem>();
        await foreach (var i in Client(mock).GetOrderItemsAsync(1234, pageSize: 1))
        {
            items.Add(i);
        }

        mock.VerifyNoOutstandingExpectation();
        Assert.Equal([new HouseCanaryId(5678), new HouseCanaryId(5679)], items.Select(i => i.Id));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 3, 4, 5, TimeSpan.Zero), items[0].CompletionDate);
        Assert.Equal("value_report", Assert.Single(items[0].AvailableDownloadables!).Key);
        Assert.Equal("loan-1", items[0].CustomerItemId);
    }

    [Fact]
    public async Task GetOrderItems_accepts_a_bare_array()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(Base + "orders/1234/items/").Respond("application/json", "[" + ReadData("item.json") + "]");
        var items = new List<OrderItem>();
        await foreach (var i in Client(mock).GetOrderItemsAsync(1234))
        {
            items.Add(i);
        }

        Assert.Equal(5678, Assert.Single(items).Id);
    }

    [Theory]
    [InlineData("http://hc.test/partner-api/v1/orders/1/items/?page=2")] // DRF behind a TLS-terminating proxy
    [InlineData("http://10.0.0.7:8000/partner-api/v1/orders/1/items/?page=2")] // the app server's own address
    [InlineData("https://evil.test/partner-api/v1/orders/1/items/?page=2")] // a foreign host is never contacted
    [InlineData("?page=2")] // relative to the current page, not to the base address
    [InlineData("/partner-api/v1/orders/1/items/?page=2")]
    public async Task GetOrderItems_follows_next_on_the_configured_https_host_whatever_scheme_or_host_the_link_names(string nextLink)
    {
        var mock = new MockHttpMessageHandler();
        string item = ReadData("item.json");
        mock.Expect(HttpMethod.Get, Base + "orders/1/items/").WithExactQueryString("")
            .Respond("application/json", $$"""{"count":2,"next":"{{nextLink}}","results":[{{item}}]}""");
        mock.Expect(HttpMethod.Get, Base + "orders/1/items/").WithExactQueryString("page=2").WithHeaders("Authorization", "Token " + Token)
            .Respond("application/json", $$"""{"count":2,"next":null,"results":[{{item.Replace("5678", "5679", StringComparison.Ordinal)}}]}""");
        var elsewhere = mock.When("*").Respond(HttpStatusCode.NotFound);

        var ids = new List<HouseCanaryId>();
        await foreach (var i in Client(mock).GetOrderItemsAsync(1))
        {
            ids.Add(i.Id);
        }

        mock.VerifyNoOutstandingExpectation();
        Assert.Equal([new HouseCanaryId(5678), new HouseCanaryId(5679)], ids);
        Assert.Equal(0, mock.GetMatchCount(elsewhere));
    }

    [Theory]
    [InlineData("https://hc.test/admin/orders/?page=2")]
    [InlineData("https://evil.test/steal?page=2")]
    [InlineData("../../../../admin/?page=2")]
    [InlineData("ftp://hc.test/partner-api/v1/orders/1/items/?page=2")]
    public async Task GetOrderItems_refuses_a_next_link_whose_path_leaves_the_base_path(string nextLink)
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(Base + "orders/1/items/").Respond("application/json", $$"""{"count":2,"next":"{{nextLink}}","results":[]}""");
        var other = mock.When("*").Respond("application/json", "[]");

        var ex = await Assert.ThrowsAsync<OrderManagerException>(async () =>
        {
            await foreach (var unused in Client(mock).GetOrderItemsAsync(1))
            {
            }
        });

        Assert.Contains("not followed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(other));
    }

    [Fact]
    public async Task GetOrderItems_stops_after_MaxPages_of_endless_new_pages_with_a_typed_error()
    {
        var mock = new MockHttpMessageHandler();
        int served = 0;
        mock.When(HttpMethod.Get, Base + "orders/1/items/*").Respond(request =>
        {
            int page = Interlocked.Increment(ref served);
            var response = new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"next":"{{Base}}orders/1/items/?page={{page + 1}}","results":[{"id":{{page}},"status":"complete"}]}""", System.Text.Encoding.UTF8, "application/json"),
            };
            return response;
        });
        var options = Options();
        options.MaxPages = 5;
        int seen = 0;

        var ex = await Assert.ThrowsAsync<OrderManagerException>(async () =>
        {
            await foreach (var unused in Client(mock, options).GetOrderItemsAsync(1))
            {
                seen++;
            }
        });

        Assert.Equal(Valuation.Http.OutboundFailureKind.TooManyPages, ex.FailureKind);
        Assert.Contains("MaxPages (5)", ex.Message, StringComparison.Ordinal);
        Assert.Equal(5, served);
        Assert.Equal(5, seen);
    }

    [Fact]
    public async Task GetOrderItems_ends_on_a_page_that_brings_no_new_item()
    {
        var mock = new MockHttpMessageHandler();
        int served = 0;
        mock.When(HttpMethod.Get, Base + "orders/1/items/*").Respond(request =>
        {
            // Every page has a fresh next link but the same two items: paging must not go on forever.
            int page = Interlocked.Increment(ref served);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"next":"{{Base}}orders/1/items/?page={{page + 1}}","results":[{"id":7,"status":"complete"},{"id":8,"status":"complete"}]}""", System.Text.Encoding.UTF8, "application/json"),
            };
        });
        var ids = new List<long>();

        await foreach (var item in Client(mock).GetOrderItemsAsync(1))
        {
            ids.Add(item.Id.TryGetInt64(out long id) ? id : -1);
        }

        Assert.Equal([7L, 8L], ids);
        Assert.Equal(2, served);
    }

    [Fact]
    public async Task DownloadItemPdf_streams_the_bytes_and_reports_progress()
    {
        byte[] pdf = new byte[300_000];
        new Random(1).NextBytes(pdf);
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, Base + "orders/1234/items/5678/pdfdownload/value_report")
            .WithHeaders("Authorization", "Token " + Token)
            .Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(pdf) });
        var reports = new List<long>();
        var destination = new MemoryStream();

        long written = await Client(mock).DownloadItemPdfAsync(1234, 5678, "value_report", destination, new SyncProgress(reports));

        Assert.Equal(pdf.Length, written);
        Assert.Equal(pdf, destination.ToArray());
        Assert.True(reports.Count > 1, "progress is reported per chunk");
        Assert.Equal(pdf.Length, reports[^1]);
    }

    [Fact]
    public async Task CreateExport_posts_an_empty_body_with_exclude_json()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Post, Base + "orders/1234/export/zip").WithExactQueryString("exclude_json=true")
            .WithHeaders("Authorization", "Token " + Token)
            .With(r => r.Content is { Headers.ContentLength: 0 })
            .Respond(HttpStatusCode.Created, "application/json", ReadData("export_request.json"));

        var export = await Client(mock).CreateExportAsync(1234, excludeJson: true);

        mock.VerifyNoOutstandingExpectation();
        Assert.Equal(77, export.Id);
        Assert.Equal(ExportStatus.Complete, export.Status);
        Assert.Equal(100, export.PercentComplete);
        Assert.StartsWith("https://hc-exports.s3.amazonaws.test/77/HC_q4-portfolio_2026-11-23.zip?", export.ExportedData!.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetExportRequest_reads_a_pending_export_without_data()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, Base + "orders/1234/export-requests/77/").WithHeaders("Authorization", "Token " + Token)
            .Respond("application/json", """{"id":77,"order_id":1234,"format":"zip","exclude_json":false,"status":"in_progress","percent_complete":40,"exported_data":null}""");

        var export = await Client(mock).GetExportRequestAsync(1234, 77);

        Assert.Equal(ExportStatus.InProgress, export.Status);
        Assert.Equal(40, export.PercentComplete);
        Assert.Null(export.ExportedData);
    }

    [Fact]
    public async Task WaitForExport_polls_on_the_injected_clock_until_complete()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var mock = new MockHttpMessageHandler();
        int polls = 0;
        mock.When(HttpMethod.Get, Base + "orders/1234/export-requests/77/").Respond(_ =>
        {
            string status = ++polls < 3 ? "in_progress" : "complete";
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent($$"""{"id":77,"order_id":1234,"status":"{{status}}","percent_complete":{{polls * 40}},"exported_data":{{(status == "complete" ? "\"https://s3.test/x.zip\"" : "null")}}}"""),
            };
        });

        var pending = Client(mock, time: time).WaitForExportAsync(1234, 77, TimeSpan.FromSeconds(5), TimeSpan.FromHours(1));
        for (int i = 0; i < 500 && !pending.IsCompleted; i++)
        {
            await Task.Yield();
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(5);
        }

        var export = await pending;
        Assert.Equal(3, polls);
        Assert.Equal(new Uri("https://s3.test/x.zip"), export.ExportedData);
    }

    [Fact]
    public async Task WaitForExport_throws_when_the_export_failed()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(HttpMethod.Get, Base + "orders/1/export-requests/2/").Respond("application/json", """{"id":2,"status":"failed"}""");
        var ex = await Assert.ThrowsAsync<ExportWaitException>(() => Client(mock).WaitForExportAsync(1, 2));
        Assert.Contains("failed", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.TimedOut);
        Assert.Equal("failed", ex.Export!.Status);
    }

    [Theory]
    [InlineData("https://s3.amazonaws.test/bucket/HC_x.zip?X-Amz-Signature=abc")]
    [InlineData("https://hc.test/downloads/exports/x.zip")]
    [InlineData("https://hc.test:8443/partner-api/v1/orders/1/")]
    public async Task Downloads_outside_the_base_address_never_carry_the_token(string url)
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, url).With(r => r.Headers.Authorization is null).Respond("application/zip", "PK");
        var destination = new MemoryStream();

        await Client(mock).DownloadExportAsync(new Uri(url), destination);

        mock.VerifyNoOutstandingExpectation();
        Assert.Equal("PK"u8.ToArray(), destination.ToArray());
    }

    [Theory]
    [InlineData("http://hc.test/partner-api/v1/orders/1/", "plain http")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "plain http")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://[fd00:ec2::254]/latest/", "unique-local")]
    [InlineData("https://10.1.2.3/x.zip", "private")]
    [InlineData("https://localhost:2375/containers/json", "loopback")]
    [InlineData("https://[::ffff:127.0.0.1]/x", "loopback")]
    public async Task A_download_url_outside_the_policy_is_refused_and_nothing_is_sent(string url, string reason)
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/zip", "PK");

        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Client(mock).DownloadAsync(new Uri(url), new MemoryStream()));

        Assert.Equal(Valuation.Http.OutboundFailureKind.DownloadUrlRefused, ex.FailureKind);
        Assert.False(ex.MayHaveBeenApplied);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(any));
    }

    [Fact]
    public async Task A_private_download_host_is_fetched_when_the_options_allow_it()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, "https://10.1.2.3/x.zip").Respond("application/zip", "PK");
        var options = Options();
        options.AllowPrivateNetworkDownloadHosts = true;
        var destination = new MemoryStream();

        await Client(mock, options).DownloadAsync(new Uri("https://10.1.2.3/x.zip"), destination);

        mock.VerifyNoOutstandingExpectation();
        Assert.Equal("PK"u8.ToArray(), destination.ToArray());
    }

    [Fact]
    public async Task A_failed_download_is_a_typed_error()
    {
        var mock = new MockHttpMessageHandler();
        mock.When("https://s3.test/x.pdf").Respond(HttpStatusCode.Forbidden, "application/xml", "<Error><Code>AccessDenied</Code></Error>");
        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Client(mock).DownloadAsync(new Uri("https://s3.test/x.pdf"), new MemoryStream()));
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Contains("s3.test", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.Forbidden)]
    public async Task A_refused_presigned_download_does_not_blame_the_API_token_nor_keep_the_signature_body(HttpStatusCode status)
    {
        const string s3Body = "<Error><Code>SignatureDoesNotMatch</Code><StringToSign>AWS4-HMAC-SHA256 20261123T000000Z</StringToSign><SignatureProvided>abc123sig</SignatureProvided></Error>";
        var mock = new MockHttpMessageHandler();
        mock.When("https://bucket.s3.test/x.pdf").Respond(status, "application/xml", s3Body);

        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Client(mock).DownloadAsync(new Uri("https://bucket.s3.test/x.pdf?X-Amz-Signature=abc123sig"), new MemoryStream()));

        Assert.Equal(status, ex.StatusCode);
        Assert.DoesNotContain("API token", ex.Message.Replace("No API token is sent", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("rejected", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pre-signed link", ex.Message, StringComparison.Ordinal);
        Assert.Null(ex.ErrorBody);
        Assert.DoesNotContain("abc123sig", ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("StringToSign", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_on_an_API_download_still_says_the_token_was_rejected()
    {
        var mock = new MockHttpMessageHandler();
        mock.When(Base + "orders/1/items/2/pdfdownload/value_report").Respond(HttpStatusCode.Unauthorized, "application/json", """{"detail":"Invalid token."}""");
        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Client(mock).DownloadItemPdfAsync(1, 2, "value_report", new MemoryStream()));
        Assert.Contains("rejected the API token", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Invalid token.", ex.Detail);
    }

    [Fact]
    public async Task SendAsync_reaches_a_relative_path_with_the_token()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(HttpMethod.Get, Base + "orders/1/notes/").WithExactQueryString("a=b").WithHeaders("Authorization", "Token " + Token).Respond(HttpStatusCode.NoContent);

        using var response = await Client(mock).SendAsync(HttpMethod.Get, "orders/1/notes/?a=b");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        mock.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [InlineData("https://evil.test/x")]
    [InlineData("//evil.test/x")]
    [InlineData("/orders/1/")]
    [InlineData("../v2/orders/")]
    [InlineData("orders/../../admin/")]
    [InlineData("%2e%2e/admin/")]
    [InlineData("orders\\..\\x")]
    [InlineData("javascript:alert(1)")]
    public async Task SendAsync_rejects_paths_that_escape_the_base(string path)
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond(HttpStatusCode.OK);
        await Assert.ThrowsAsync<ArgumentException>(() => Client(mock).SendAsync(HttpMethod.Get, path));
        Assert.Equal(0, mock.GetMatchCount(any));
    }

    private sealed class SyncProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
