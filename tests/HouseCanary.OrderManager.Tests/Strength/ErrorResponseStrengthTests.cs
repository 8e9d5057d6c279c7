using System.Net;
using System.Text;
using HouseCanary.OrderManager.Models;
using RichardSzalay.MockHttp;
using Valuation.Http;
using static HouseCanary.OrderManager.Tests.TestSupport;

namespace HouseCanary.OrderManager.Tests.Strength;

/// <summary>
/// What a caller gets when HouseCanary or a download host answers with an error: an <see cref="OrderManagerException"/>
/// whose typed properties (status, detail, field errors, request id, failure kind, may-have-been-applied) hold what
/// the server said, and whose message, the line a developer reads in a log, names the status, the operation, the
/// detail and field errors, the request id and the hint to check a possibly applied request, never the token.
/// </summary>
public class ErrorResponseStrengthTests
{
    private const string S3Url = "https://bucket.s3.test/reports/x.pdf?X-Amz-Signature=sig-0a1b2c3d";

    private static readonly CreateOrderRequest NewOrder = new() { Name = "n", Items = [new CreateOrderItem { Address = "1 A", City = "Austin", State = "TX" }] };

    private static OrderManagerClient Answering(HttpStatusCode status, string? body, string? reason = null, params (string Name, string Value)[] headers)
    {
        var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(_ =>
        {
            var response = new HttpResponseMessage(status);
            if (body is not null)
            {
                response.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            if (reason is not null)
            {
                response.ReasonPhrase = reason;
            }

            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }

            return response;
        });
        var options = Options();
        options.MaxRetryAttempts = 0;
        return Client(mock, options);
    }

    private static Task<OrderManagerException> GetOrderFails(HttpStatusCode status, string? body, string? reason = null, params (string Name, string Value)[] headers) =>
        Assert.ThrowsAsync<OrderManagerException>(() => Answering(status, body, reason, headers).GetOrderAsync(5));

    private static Task<OrderManagerException> DownloadFails(HttpStatusCode status, string? reason = null, params (string Name, string Value)[] headers) =>
        Assert.ThrowsAsync<OrderManagerException>(() => Answering(status, "<Error><Code>Whatever</Code></Error>", reason, headers).DownloadAsync(new Uri(S3Url), new MemoryStream()));

    private static void AssertNoSecret(OrderManagerException ex)
    {
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sig-0a1b2c3d", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_400_message_names_the_status_operation_detail_every_field_error_and_the_request_id()
    {
        const string Body = """{"detail":"Order is invalid.","name":["This field is required.","Ensure this field has no more than 100 characters."],"non_field_errors":"Owner 202 is not authorized."}""";
        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Answering(HttpStatusCode.BadRequest, Body, null, ("X-Request-Id", "req-7")).CreateOrderAsync(NewOrder));

        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal(OutboundFailureKind.ErrorResponse, ex.FailureKind);
        Assert.False(ex.MayHaveBeenApplied);
        Assert.Equal("Order is invalid.", ex.Detail);
        Assert.Equal(["This field is required.", "Ensure this field has no more than 100 characters."], ex.FieldErrors["name"]);
        Assert.Equal(["Owner 202 is not authorized."], ex.FieldErrors["non_field_errors"]);
        Assert.Equal(2, ex.FieldErrors.Count);
        Assert.Equal("req-7", ex.RequestId);
        Assert.Equal(Body, ex.ErrorBody);

        Assert.StartsWith("HouseCanary answered 400 Bad Request for CreateOrder (POST ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(" Order is invalid.", ex.Message, StringComparison.Ordinal);
        Assert.Contains(" name: This field is required. Ensure this field has no more than 100 characters.", ex.Message, StringComparison.Ordinal);
        Assert.Contains(" non_field_errors: Owner 202 is not authorized.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(request id req-7)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("may have been applied", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex);
    }

    [Fact]
    public async Task An_error_without_detail_fields_or_request_id_says_just_the_status_and_operation()
    {
        var ex = await GetOrderFails(HttpStatusCode.NotFound, """{"code":404}""");

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Null(ex.Detail);
        Assert.Empty(ex.FieldErrors);
        Assert.Null(ex.RequestId);
        Assert.StartsWith("HouseCanary answered 404 Not Found for GetOrder (GET https://hc.test/partner-api/v1/orders/5/)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("request id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_message_carries_the_reason_phrase_the_server_gave()
    {
        var ex = await GetOrderFails(HttpStatusCode.ServiceUnavailable, null, "Down For Maintenance");

        Assert.Contains("503 Down For Maintenance", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_POST_answered_with_a_5xx_may_have_been_applied_and_the_message_says_to_check_first(HttpStatusCode status)
    {
        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Answering(status, """{"detail":"Server error."}""").CreateOrderAsync(NewOrder));

        Assert.Equal(status, ex.StatusCode);
        Assert.True(ex.MayHaveBeenApplied);
        Assert.Equal(OutboundFailureKind.ErrorResponse, ex.FailureKind);
        Assert.Contains($"HouseCanary answered {(int)status} ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Server error.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("may have been applied", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex);
    }

    [Fact]
    public async Task A_GET_answered_with_a_5xx_was_not_applied_and_has_no_such_hint()
    {
        var ex = await GetOrderFails(HttpStatusCode.InternalServerError, """{"detail":"Server error."}""");

        Assert.False(ex.MayHaveBeenApplied);
        Assert.Equal(OutboundFailureKind.ErrorResponse, ex.FailureKind);
        Assert.DoesNotContain("may have been applied", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("X-Request-Id")]
    [InlineData("Request-Id")]
    [InlineData("X-Correlation-Id")]
    [InlineData("X-Amzn-RequestId")]
    [InlineData("X-Amz-Request-Id")]
    public async Task The_request_id_is_read_from_each_header_a_gateway_may_use(string header)
    {
        var ex = await GetOrderFails(HttpStatusCode.BadRequest, """{"detail":"Bad."}""", null, (header, "id-" + header.Length));

        Assert.Equal("id-" + header.Length, ex.RequestId);
        Assert.Contains($"(request id id-{header.Length})", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_request_id_is_cut_to_a_prefix()
    {
        string id = "r" + new string('7', 299);
        var ex = await GetOrderFails(HttpStatusCode.BadRequest, null, null, ("X-Request-Id", id));

        Assert.NotNull(ex.RequestId);
        Assert.True(ex.RequestId.Length < id.Length, $"kept {ex.RequestId.Length} characters");
        Assert.True(ex.RequestId.Length >= 64, $"kept {ex.RequestId.Length} characters");
        Assert.StartsWith(ex.RequestId, id, StringComparison.Ordinal);
        Assert.DoesNotContain(id, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""["This order can no longer be changed.","Contact support."]""", "This order can no longer be changed. Contact support.")]
    [InlineData("""["Only one.",3,{"a":"b"}]""", "Only one.")]
    [InlineData("\"Not allowed.\"", "Not allowed.")]
    public async Task A_list_or_string_error_body_is_the_detail(string body, string detail)
    {
        var ex = await GetOrderFails(HttpStatusCode.Conflict, body);

        Assert.Equal(detail, ex.Detail);
        Assert.Empty(ex.FieldErrors);
        Assert.Contains("409 Conflict for GetOrder (GET ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(" " + detail, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[1,{\"a\":\"b\"}]")]
    [InlineData("42")]
    public async Task A_body_with_no_text_in_it_has_no_detail(string body)
    {
        var ex = await GetOrderFails(HttpStatusCode.Conflict, body);

        Assert.Null(ex.Detail);
        Assert.Empty(ex.FieldErrors);
        Assert.EndsWith("409 Conflict for GetOrder (GET https://hc.test/partner-api/v1/orders/5/).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_list_mixing_messages_and_objects_keeps_each_under_its_index()
    {
        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Answering(HttpStatusCode.BadRequest, """{"items":["Too many items.",{"address":["This field is required."]}]}""").CreateOrderAsync(NewOrder));

        Assert.Equal(["Too many items."], ex.FieldErrors["items[0]"]);
        Assert.Equal(["This field is required."], ex.FieldErrors["items[1].address"]);
        Assert.Equal(2, ex.FieldErrors.Count);
        Assert.Contains(" items[0]: Too many items.", ex.Message, StringComparison.Ordinal);
        Assert.Contains(" items[1].address: This field is required.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_list_is_no_field_error_and_a_non_string_detail_is_a_field()
    {
        var ex = await Assert.ThrowsAsync<OrderManagerException>(() => Answering(HttpStatusCode.BadRequest, """{"name":[],"detail":["Two","parts."],"items":[{},{"zipcode":["Invalid."]}]}""").CreateOrderAsync(NewOrder));

        Assert.Null(ex.Detail);
        Assert.Equal(["Two", "parts."], ex.FieldErrors["detail"]);
        Assert.Equal(["Invalid."], ex.FieldErrors["items[1].zipcode"]);
        Assert.Equal(2, ex.FieldErrors.Count);
        Assert.DoesNotContain("name:", ex.Message, StringComparison.Ordinal);
        Assert.Contains(" detail: Two parts.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "Not Found")]
    [InlineData(HttpStatusCode.InternalServerError, "We encountered an internal error")]
    public async Task A_download_host_error_names_the_host_status_and_request_id_and_does_not_blame_the_link(HttpStatusCode status, string reason)
    {
        var ex = await DownloadFails(status, reason, ("x-amz-request-id", "S3REQ9"));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(OutboundFailureKind.ErrorResponse, ex.FailureKind);
        Assert.False(ex.MayHaveBeenApplied);
        Assert.Equal("S3REQ9", ex.RequestId);
        Assert.Null(ex.ErrorBody);
        Assert.StartsWith($"The download host bucket.s3.test answered {(int)status} {reason} for ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(request id S3REQ9)", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("expired", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "Request has expired")]
    [InlineData(HttpStatusCode.Unauthorized, "Unauthorized")]
    public async Task A_refused_download_link_says_so_with_the_hosts_reason_and_was_not_applied(HttpStatusCode status, string reason)
    {
        var ex = await DownloadFails(status, reason);

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(OutboundFailureKind.ErrorResponse, ex.FailureKind);
        Assert.False(ex.MayHaveBeenApplied);
        Assert.Null(ex.RequestId);
        Assert.StartsWith("The download host bucket.s3.test refused ", ex.Message, StringComparison.Ordinal);
        Assert.Contains($" with {(int)status} {reason}; the pre-signed link may have expired", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("request id", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex);
    }
}
