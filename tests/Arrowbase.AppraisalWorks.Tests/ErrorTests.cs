using System.Net;
using Arrowbase.AppraisalWorks.Postbacks;
using Arrowbase.AppraisalWorks.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests;

public class ErrorTests
{
    private const string Url = "https://uat-api.arrowbasetech.com/RapiV1/Orders/A-1/Hold";

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.NotImplemented)]
    public async Task An_error_status_maps_to_one_exception_with_status_and_the_misspelled_description(HttpStatusCode status)
    {
        var f = new ClientFixture();
        f.Expect(HttpMethod.Put, Url, """{"isSuccess":false,"descripton":"Order not found.","datetime":"2022-04-04 16:58:31Z"}""", status);

        var ex = await Assert.ThrowsAsync<AppraisalWorksException>(() => f.Client.PlaceOnHoldAsync("A-1", "r"));

        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("Order not found.", ex.Description);
        Assert.False(ex.IsSuccess);
        Assert.Equal("2022-04-04 16:58:31Z", ex.Timestamp!.Value.Raw);
        Assert.Contains("Order not found.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_standard_response_example_reads_its_misspelled_description()
    {
        var f = new ClientFixture();
        f.Expect(HttpMethod.Put, Url, TestData.Read("standard-response.json"));
        var response = await f.Client.PlaceOnHoldAsync("A-1", "r");
        Assert.Equal("Not present if the Request call succeeded.", response.Description);
        Assert.True(response.IsSuccess);
    }

    [Fact]
    public async Task A_401_explains_the_signature_was_rejected_and_never_echoes_a_key()
    {
        var f = new ClientFixture();
        f.Expect(HttpMethod.Put, Url, $$"""{"isSuccess":false,"description":"bad signature","datetime":"2022-04-04 16:58:31Z"}""", HttpStatusCode.Unauthorized);

        var ex = await Assert.ThrowsAsync<AppraisalWorksException>(() => f.Client.PlaceOnHoldAsync("A-1", "r"));

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("signature", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Keys.PrivateKey, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Keys.PublicKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_200_with_isSuccess_false_is_an_error()
    {
        var f = new ClientFixture();
        f.Expect(HttpMethod.Put, Url, """{"isSuccess":false,"description":"Order is cancelled.","datetime":"2022-04-04 16:58:31Z"}""");
        var ex = await Assert.ThrowsAsync<AppraisalWorksException>(() => f.Client.PlaceOnHoldAsync("A-1", "r"));
        Assert.Equal(HttpStatusCode.OK, ex.StatusCode);
        Assert.Equal("Order is cancelled.", ex.Description);
    }

    [Fact]
    public async Task A_non_json_error_body_still_gives_the_status()
    {
        var f = new ClientFixture();
        f.Expect(HttpMethod.Put, Url, "<html>gateway</html>", HttpStatusCode.BadGateway);
        var ex = await Assert.ThrowsAsync<AppraisalWorksException>(() => f.Client.PlaceOnHoldAsync("A-1", "r"));
        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Null(ex.Description);
    }

    [Fact]
    public async Task A_malformed_success_body_is_a_clear_read_error()
    {
        var f = new ClientFixture();
        f.Expect(HttpMethod.Get, "https://uat-api.arrowbasetech.com/RapiV1/Orders/A-1/Assignment/2", """{"distance":"far","isSuccess":true}""");
        var ex = await Assert.ThrowsAsync<AppraisalWorksException>(() => f.Client.GetAssignmentAsync("A-1", 2));
        Assert.Contains("could not be read", ex.Message, StringComparison.Ordinal);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException);
    }

    [Fact]
    public async Task An_oversized_response_is_refused()
    {
        var options = Keys.Options();
        options.MaxResponseBytes = 4096;
        var f = new ClientFixture(options: options);
        f.Expect(HttpMethod.Get, "https://uat-api.arrowbasetech.com/RapiV1/Orders/A-1/Comments/2", "{\"comment\":\"" + new string('x', 10_000) + "\"}");
        var ex = await Assert.ThrowsAsync<AppraisalWorksException>(() => f.Client.GetCommentAsync("A-1", 2));
        Assert.Contains("more than the cap of 4096", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Valuation.Http.OutboundFailureKind.ResponseTooLarge, ex.FailureKind);
    }

    [Fact]
    public void Options_ToString_redacts_the_private_key()
    {
        var options = Keys.Options();
        var postbacks = new PostbackOptions { BasicPassword = "pw-secret" };
        postbacks.Tokens.Add("tok-secret");
        Assert.DoesNotContain(Keys.PrivateKey, options.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("tok-secret", postbacks.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pw-secret", postbacks.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Options_validation_lists_every_problem_without_echoing_values()
    {
        var options = new AppraisalWorksOptions { BaseAddress = new Uri("http://example.com/"), PublicKey = "has:colon", PrivateKey = "", AttemptTimeout = TimeSpan.Zero };

        var result = new AppraisalWorksOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, m => m.Contains("BaseAddress", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, m => m.Contains("ClientId", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, m => m.Contains("PublicKey", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, m => m.Contains("PrivateKey", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, m => m.Contains("AttemptTimeout", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Failures!, m => m.Contains("has:colon", StringComparison.Ordinal));
        var postbacks = new PostbackOptions { Scheme = WebhookAuthenticationScheme.HeaderToken }.Validate();
        Assert.Contains(postbacks, m => m.Contains("AppraisalWorks:Postbacks:Tokens", StringComparison.Ordinal));
    }
}
