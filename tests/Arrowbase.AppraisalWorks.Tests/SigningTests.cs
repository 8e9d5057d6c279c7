using RichardSzalay.MockHttp;
using System.Net;
using Arrowbase.AppraisalWorks.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests;

public class SigningTests
{
    [Theory]
    [InlineData("POST", "/Orders", "POST,application/json,,/Orders,2022-04-12 16:32:25Z")]
    [InlineData("GET", "/Orders/8189-F16E-03D8-4C3F/Comments/3702215", "GET,application/json,,/Orders/8189-F16E-03D8-4C3F/Comments/3702215,2022-04-12 16:32:25Z")]
    public void Canonical_strings_match_the_documents_examples_and_sign_like_HMACSHA256(string method, string relative, string documented)
    {
        string timestamp = AppraisalWorksSignature.FormatTimestamp(new DateTimeOffset(2022, 4, 12, 16, 32, 25, TimeSpan.Zero));
        string canonical = AppraisalWorksSignature.CreateCanonicalString(method.ToLowerInvariant(), relative, timestamp);

        Assert.Equal(documented, canonical);
        Assert.Equal(Keys.Expected(documented), AppraisalWorksSignature.Sign(Keys.PrivateKey, canonical));
    }

    [Fact]
    public void Timestamp_is_utc_in_the_documented_form_even_for_an_offset_time()
    {
        var local = new DateTimeOffset(2022, 4, 12, 12, 32, 25, TimeSpan.FromHours(-4));
        Assert.Equal("2022-04-12 16:32:25Z", AppraisalWorksSignature.FormatTimestamp(local));
    }

    [Theory]
    [InlineData("https://uat-api.arrowbasetech.com/RapiV1/", "https://uat-api.arrowbasetech.com/RapiV1/Orders", "/Orders")]
    [InlineData("https://uat-api.arrowbasetech.com/RapiV1", "https://uat-api.arrowbasetech.com/RapiV1/Orders", "/Orders")]
    [InlineData("https://uat-api.arrowbasetech.com/RapiV1/", "https://uat-api.arrowbasetech.com/RapiV1/Orders/A-1/Comments/3?x=1&y=2", "/Orders/A-1/Comments/3?x=1&y=2")]
    [InlineData("https://api.example.com/", "https://api.example.com/Orders", "/Orders")]
    [InlineData("https://api.example.com", "https://api.example.com/Orders/A/Hold", "/Orders/A/Hold")]
    public void Relative_url_is_the_path_below_the_base_address_with_its_query(string baseAddress, string request, string expected) =>
        Assert.Equal(expected, AppraisalWorksSignature.GetRelativeUrl(new Uri(baseAddress), new Uri(request)));

    [Fact]
    public void A_request_outside_the_base_address_is_not_signed() =>
        Assert.Throws<ArgumentException>(() => AppraisalWorksSignature.GetRelativeUrl(new Uri("https://h/RapiV1/"), new Uri("https://h/RapiV10/Orders")));

    [Theory]
    [InlineData("https://uat-api.arrowbasetech.com/RapiV1/")]
    [InlineData("https://uat-api.arrowbasetech.com/RapiV1")]
    public async Task Client_signs_with_the_relative_url_whether_or_not_the_base_address_ends_with_a_slash(string baseAddress)
    {
        var f = new ClientFixture(baseAddress);
        f.Expect(HttpMethod.Get, "https://uat-api.arrowbasetech.com/RapiV1/Orders/8189-F16E-03D8-4C3F/Comments/3702215",
            """{"comment":"c","isSuccess":true,"datetime":"2022-04-04 16:58:31Z"}""");

        await f.Client.GetCommentAsync("8189-F16E-03D8-4C3F", 3702215);

        var r = Assert.Single(f.Requests);
        Assert.Equal("2022-04-12 16:32:25Z", r.RequestDate);
        Assert.Equal($"hmac {Keys.PublicKey}:{Keys.Expected("GET,application/json,,/Orders/8189-F16E-03D8-4C3F/Comments/3702215,2022-04-12 16:32:25Z")}", r.Authorization);
    }

    [Fact]
    public async Task A_query_string_is_part_of_the_signed_relative_url()
    {
        var options = Keys.Options();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2022, 4, 12, 16, 32, 25, TimeSpan.Zero));
        Captured? seen = null;
        var mock = new RichardSzalay.MockHttp.MockHttpMessageHandler();
        mock.When("*").Respond(async req => { seen = await ClientFixture.CaptureAsync(req); return new HttpResponseMessage(HttpStatusCode.OK); });
        using var handler = new Http.HmacSigningHandler(options, time) { InnerHandler = mock };
        using var http = new HttpClient(handler);

        await http.GetAsync(new Uri("https://uat-api.arrowbasetech.com/RapiV1/Orders?status=open&page=2"));

        Assert.NotNull(seen);
        seen.AssertSigned("/Orders?status=open&page=2");
    }

    [Fact]
    public async Task Headers_are_replaced_not_appended_when_the_same_request_is_signed_again()
    {
        var options = Keys.Options();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2022, 4, 12, 16, 32, 25, TimeSpan.Zero));
        var seen = new List<Captured>();
        var mock = new RichardSzalay.MockHttp.MockHttpMessageHandler();
        mock.When("*").Respond(async req => { seen.Add(await ClientFixture.CaptureAsync(req)); return new HttpResponseMessage(HttpStatusCode.OK); });
        using var handler = new Http.HmacSigningHandler(options, time) { InnerHandler = mock };
        using var invoker = new HttpMessageInvoker(handler);
        using var request = new HttpRequestMessage(HttpMethod.Put, "https://uat-api.arrowbasetech.com/RapiV1/Orders/A/Hold")
        {
            Content = new StringContent("""{"reason":"r"}"""),
        };

        await invoker.SendAsync(request, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(3));
        await invoker.SendAsync(request, CancellationToken.None);

        Assert.Equal(2, seen.Count);
        Assert.Equal("2022-04-12 16:32:25Z", seen[0].RequestDate);
        Assert.Equal("2022-04-12 16:32:28Z", seen[1].RequestDate); // one value, the new one
        seen[1].AssertSigned("/Orders/A/Hold");
        Assert.NotEqual(seen[0].Authorization, seen[1].Authorization);
        Assert.Equal("application/json", seen[1].ContentType); // charset removed
    }
}

public class SignatureVerificationTests
{
    [Fact]
    public void A_server_can_parse_and_verify_what_the_client_signs()
    {
        const string canonical = "POST,application/json,,/Orders,2022-04-12 16:32:25Z";
        string header = "hmac " + AppraisalWorksSignature.FormatAuthorizationParameter(Keys.PublicKey, AppraisalWorksSignature.Sign(Keys.PrivateKey, canonical));

        Assert.True(AppraisalWorksSignature.TryParseAuthorization(header, out string publicKey, out string signature));
        Assert.Equal(Keys.PublicKey, publicKey);
        Assert.True(AppraisalWorksSignature.Verify(Keys.PrivateKey, canonical, signature).IsValid);
        Assert.False(AppraisalWorksSignature.Verify(Keys.PrivateKey, canonical.Replace("POST", "GET", StringComparison.Ordinal), signature).IsValid);
        Assert.False(AppraisalWorksSignature.Verify("other-key", canonical, signature).IsValid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic abc")]
    [InlineData("hmac nocolon")]
    [InlineData("hmac :sig")]
    [InlineData("hmac key:")]
    public void Malformed_authorization_headers_are_not_parsed(string? header) =>
        Assert.False(AppraisalWorksSignature.TryParseAuthorization(header, out _, out _));
}
