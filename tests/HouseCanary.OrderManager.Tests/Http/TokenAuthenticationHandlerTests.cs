using System.Net.Http.Headers;
using HouseCanary.OrderManager.Http;
using RichardSzalay.MockHttp;
using static HouseCanary.OrderManager.Tests.TestSupport;

namespace HouseCanary.OrderManager.Tests.Http;

public class TokenAuthenticationHandlerTests
{
    [Fact]
    public async Task The_token_replaces_any_existing_authorization_on_an_in_scope_request()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect(Base + "orders/1/").WithHeaders("Authorization", "Token " + Token).Respond("application/json", "{}");
        using var http = new HttpClient(new TokenAuthenticationHandler(Monitor(Options())) { InnerHandler = mock });
        using var request = new HttpRequestMessage(HttpMethod.Get, Base + "orders/1/");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", "stale");

        using var response = await http.SendAsync(request);

        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task A_token_header_is_stripped_from_a_request_leaving_the_api_host()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect("https://s3.test/file").With(r => r.Headers.Authorization is null).Respond("application/pdf", "x");
        using var http = new HttpClient(new TokenAuthenticationHandler(Monitor(Options())) { InnerHandler = mock });
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://s3.test/file");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", Token);

        using var response = await http.SendAsync(request);

        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task A_missing_token_fails_without_sending()
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", "{}");
        var options = Options();
        options.ApiToken = null;
        using var http = new HttpClient(new TokenAuthenticationHandler(Monitor(options)) { InnerHandler = mock });

        await Assert.ThrowsAsync<InvalidOperationException>(() => http.GetAsync(Base + "orders/1/"));
        Assert.Equal(0, mock.GetMatchCount(any));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_blank_token_fails_without_sending(string token)
    {
        var mock = new MockHttpMessageHandler();
        var any = mock.When("*").Respond("application/json", "{}");
        var options = Options();
        options.ApiToken = token;
        using var http = new HttpClient(new TokenAuthenticationHandler(Monitor(options)) { InnerHandler = mock });

        await Assert.ThrowsAsync<InvalidOperationException>(() => http.GetAsync(Base + "orders/1/"));
        Assert.Equal(0, mock.GetMatchCount(any));
    }

    [Theory]
    [InlineData("token")]
    [InlineData("TOKEN")]
    public async Task A_token_header_in_any_case_is_stripped_from_a_request_leaving_the_api_host(string scheme)
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect("https://s3.test/file").With(r => r.Headers.Authorization is null).Respond("application/pdf", "x");
        using var http = new HttpClient(new TokenAuthenticationHandler(Monitor(Options())) { InnerHandler = mock });
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://s3.test/file");
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, Token);

        using var response = await http.SendAsync(request);

        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task Another_scheme_on_a_request_leaving_the_api_host_is_the_callers_and_is_left_alone()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect("https://files.test/report.pdf").WithHeaders("Authorization", "Bearer caller-own").Respond("application/pdf", "x");
        using var http = new HttpClient(new TokenAuthenticationHandler(Monitor(Options())) { InnerHandler = mock });
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://files.test/report.pdf");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "caller-own");

        using var response = await http.SendAsync(request);

        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task A_request_leaving_the_api_host_is_sent_without_a_token_even_when_none_is_configured()
    {
        var mock = new MockHttpMessageHandler();
        mock.Expect("https://s3.test/file").With(r => r.Headers.Authorization is null).Respond("application/pdf", "x");
        var options = Options();
        options.ApiToken = null;
        using var http = new HttpClient(new TokenAuthenticationHandler(Monitor(options)) { InnerHandler = mock });

        using var response = await http.GetAsync("https://s3.test/file");

        mock.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public void A_base_address_without_trailing_slash_is_normalized()
    {
        var options = new OrderManagerOptions { BaseAddress = new Uri("https://hc.test/partner-api/v1") };
        Assert.Equal(new Uri(Base), options.GetNormalizedBaseAddress());
        Assert.Equal(new Uri("https://order-manager-api-demo.housecanary.com/partner-api/v1/"), new OrderManagerOptions().BaseAddress);
    }
}
