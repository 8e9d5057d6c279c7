using System.Net;
using Arrowbase.AppraisalWorks.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Arrowbase.AppraisalWorks.Tests.Support;
using RichardSzalay.MockHttp;

namespace Arrowbase.AppraisalWorks.Tests.Strength;

/// <summary>
/// What the signing handler puts on the wire: which keys (of which named options), which clock, which
/// Content-Type, and what it refuses to sign at all.
/// </summary>
public class SigningHandlerStrengthTests
{
    private static readonly DateTimeOffset Now = new(2022, 4, 12, 16, 32, 25, TimeSpan.Zero);

    [Fact]
    public async Task The_monitored_handler_signs_with_the_named_options_current_keys_and_its_clock()
    {
        var named = Keys.Options();
        var other = Keys.Options();
        other.PublicKey = "pub-other";
        other.PrivateKey = "another-private-key";
        var monitor = Substitute.For<IOptionsMonitor<AppraisalWorksOptions>>();
        monitor.Get("tenant-a").Returns(named);
        monitor.CurrentValue.Returns(other);

        var seen = await SendThrough(new HmacSigningHandler(monitor, new FakeTimeProvider(Now), "tenant-a"), Get());

        Assert.Equal("2022-04-12 16:32:25Z", seen.RequestDate);
        seen.AssertSigned("/Orders/A");
    }

    [Fact]
    public async Task The_monitored_handler_without_a_name_signs_with_the_current_value_read_at_each_send()
    {
        var first = Keys.Options();
        var rotated = Keys.Options();
        rotated.PrivateKey = "rotated-private-key";
        var monitor = Substitute.For<IOptionsMonitor<AppraisalWorksOptions>>();
        monitor.CurrentValue.Returns(first, rotated);
        var time = new FakeTimeProvider(Now);
        var captured = new List<Captured>();
        var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(async r => { captured.Add(await ClientFixture.CaptureAsync(r)); return new HttpResponseMessage(HttpStatusCode.OK); });
        using var invoker = new HttpMessageInvoker(new HmacSigningHandler(monitor, time) { InnerHandler = mock });

        await invoker.SendAsync(Get(), CancellationToken.None);
        await invoker.SendAsync(Get(), CancellationToken.None);

        captured[0].AssertSigned("/Orders/A");
        string canonical = $"GET,application/json,,/Orders/A,{captured[1].RequestDate}";
        Assert.Equal($"hmac {Keys.PublicKey}:{Keys.Expected(canonical, "rotated-private-key")}", captured[1].Authorization);
    }

    [Fact]
    public async Task A_bodiless_GET_says_application_json_unless_ContentTypeOnGet_is_off()
    {
        var off = Keys.Options();
        off.ContentTypeOnGet = false;

        var on = await SendThrough(new HmacSigningHandler(Keys.Options(), new FakeTimeProvider(Now)), Get());
        using var request = Get();
        var without = await SendThrough(new HmacSigningHandler(off, new FakeTimeProvider(Now)), request);

        Assert.Equal("application/json", on.ContentType);
        Assert.Empty(on.Body);
        Assert.Null(without.ContentType);
        Assert.Null(request.Content);
        without.AssertSigned("/Orders/A"); // the signed string still says application/json
    }

    [Fact]
    public async Task A_body_of_another_media_type_is_sent_as_application_json_the_type_that_was_signed()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "https://uat-api.arrowbasetech.com/RapiV1/Orders")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"),
        };

        var seen = await SendThrough(new HmacSigningHandler(Keys.Options(), new FakeTimeProvider(Now)), request);

        Assert.Equal("application/json", seen.ContentType);
        seen.AssertSigned("/Orders");
    }

    [Fact]
    public async Task The_fixed_options_handler_without_a_clock_signs_with_the_system_clock()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        var seen = await SendThrough(new HmacSigningHandler(Keys.Options()), Get());

        var signed = DateTimeOffset.ParseExact(seen.RequestDate!, "yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.InRange(signed, before, DateTimeOffset.UtcNow.AddSeconds(1));
        seen.AssertSigned("/Orders/A");
    }

    [Theory]
    [InlineData("", Keys.PrivateKey)]
    [InlineData(Keys.PublicKey, "")]
    public async Task Without_both_keys_nothing_is_signed_or_sent(string publicKey, string privateKey)
    {
        var options = Keys.Options();
        options.PublicKey = publicKey;
        options.PrivateKey = privateKey;
        var mock = new MockHttpMessageHandler();
        var sent = mock.When("*").Respond(HttpStatusCode.OK);
        using var invoker = new HttpMessageInvoker(new HmacSigningHandler(options, new FakeTimeProvider(Now)) { InnerHandler = mock });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => invoker.SendAsync(Get(), CancellationToken.None));

        Assert.Equal(0, mock.GetMatchCount(sent));
        Assert.DoesNotContain(Keys.PrivateKey, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_with_a_relative_uri_or_a_relative_base_address_is_not_signed()
    {
        var relativeBase = Keys.Options();
        relativeBase.BaseAddress = new Uri("/RapiV1/", UriKind.Relative);
        var mock = new MockHttpMessageHandler();
        var sent = mock.When("*").Respond(HttpStatusCode.OK);
        using var fixedBase = new HttpMessageInvoker(new HmacSigningHandler(Keys.Options(), new FakeTimeProvider(Now)) { InnerHandler = mock });
        using var relative = new HttpMessageInvoker(new HmacSigningHandler(relativeBase, new FakeTimeProvider(Now)) { InnerHandler = mock });

        var relativeRequest = await Assert.ThrowsAsync<InvalidOperationException>(() => fixedBase.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri("Orders/A", UriKind.Relative)), CancellationToken.None));
        var byRelativeBase = await Assert.ThrowsAsync<InvalidOperationException>(() => relative.SendAsync(Get(), CancellationToken.None));

        Assert.StartsWith("Refusing to sign a request to a relative URI", relativeRequest.Message, StringComparison.Ordinal);
        Assert.StartsWith("Refusing to sign a request to https://uat-api.arrowbasetech.com", byRelativeBase.Message, StringComparison.Ordinal);
        Assert.Contains("https://uat-api.arrowbasetech.com", relativeRequest.Message, StringComparison.Ordinal); // the base it may sign for
        Assert.Contains("AppraisalWorks:BaseAddress (not an absolute URI)", byRelativeBase.Message, StringComparison.Ordinal);
        Assert.Equal(0, mock.GetMatchCount(sent));
    }

    private static HttpRequestMessage Get() => new(HttpMethod.Get, "https://uat-api.arrowbasetech.com/RapiV1/Orders/A");

    private static async Task<Captured> SendThrough(HmacSigningHandler handler, HttpRequestMessage request)
    {
        Captured? seen = null;
        var mock = new MockHttpMessageHandler();
        mock.When("*").Respond(async r => { seen = await ClientFixture.CaptureAsync(r); return new HttpResponseMessage(HttpStatusCode.OK); });
        handler.InnerHandler = mock;
        using var invoker = new HttpMessageInvoker(handler);
        using var response = await invoker.SendAsync(request, CancellationToken.None);
        return seen!;
    }
}
