using Arrowbase.AppraisalWorks.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests.Strength;

/// <summary>
/// The signing rules a server verifies with: which Authorization headers parse (and into what), which relative
/// URL is signed, and that a canonical string is refused when a part is missing.
/// </summary>
public class SignatureStrengthTests
{
    [Theory]
    [InlineData("hmac pub-1:c2ln", "pub-1", "c2ln")]
    [InlineData("HMAC pub-1:c2ln", "pub-1", "c2ln")]
    [InlineData("  hmac   pub-1:c2ln  ", "pub-1", "c2ln")]
    [InlineData("hmac pub-1:c2ln:more", "pub-1", "c2ln:more")]
    [InlineData("hmac p:s", "p", "s")]
    public void A_well_formed_header_gives_its_key_and_signature(string header, string publicKey, string signature)
    {
        Assert.True(AppraisalWorksSignature.TryParseAuthorization(header, out string key, out string sig));
        Assert.Equal(publicKey, key);
        Assert.Equal(signature, sig);
    }

    [Theory]
    [InlineData("   ")]
    [InlineData("hmac")]
    [InlineData("hmacpub-1:c2ln")]
    [InlineData(" pub-1:c2ln")]
    [InlineData("hmacx pub-1:c2ln")]
    [InlineData("hma pub-1:c2ln")]
    [InlineData("hmac :")]
    public void A_header_without_the_scheme_a_key_or_a_signature_gives_neither(string header)
    {
        Assert.False(AppraisalWorksSignature.TryParseAuthorization(header, out string key, out string sig));
        Assert.Equal(string.Empty, key);
        Assert.Equal(string.Empty, sig);
    }

    [Fact]
    public void A_header_of_4096_characters_parses_and_a_longer_one_is_refused_unread()
    {
        string atLimit = "hmac pub-1:" + new string('A', 4096 - "hmac pub-1:".Length);
        Assert.True(AppraisalWorksSignature.TryParseAuthorization(atLimit, out _, out _));
        Assert.False(AppraisalWorksSignature.TryParseAuthorization(atLimit + "A", out string key, out _));
        Assert.Equal(string.Empty, key);
    }

    [Theory]
    [InlineData("https://h/RapiV1/", "https://h/RapiV1", "/")]
    [InlineData("https://h/RapiV1/", "https://h/RapiV1/", "/")]
    [InlineData("https://h/RapiV1/", "https://h/rapiv1/Orders", "/Orders")]
    [InlineData("https://h/", "https://h/Orders?a=1&b=2", "/Orders?a=1&b=2")]
    [InlineData("https://h", "https://h/Orders/U-1/Hold", "/Orders/U-1/Hold")]
    [InlineData("https://h/RapiV1//", "https://h/RapiV1/Orders", "/Orders")]
    public void The_signed_url_is_the_path_below_the_base_with_its_query(string baseAddress, string request, string relativeUrl) =>
        Assert.Equal(relativeUrl, AppraisalWorksSignature.GetRelativeUrl(new Uri(baseAddress), new Uri(request)));

    [Fact]
    public void A_relative_base_address_is_taken_as_its_path()
    {
        Assert.Equal("/Orders", AppraisalWorksSignature.GetRelativeUrl(new Uri("/RapiV1/", UriKind.Relative), new Uri("https://h/RapiV1/Orders")));
        Assert.Equal("/RapiV1/Orders", AppraisalWorksSignature.GetRelativeUrl(new Uri("", UriKind.Relative), new Uri("https://h/RapiV1/Orders")));
    }

    [Theory]
    [InlineData("https://h/RapiV1/", "https://h/Other/Orders")]
    [InlineData("https://h/RapiV1/", "https://h/")]
    [InlineData("https://h/RapiV1/", "https://h/RapiV1x")]
    public void A_request_outside_the_base_is_not_signed(string baseAddress, string request)
    {
        var ex = Assert.Throws<ArgumentException>(() => AppraisalWorksSignature.GetRelativeUrl(new Uri(baseAddress), new Uri(request)));
        Assert.Equal("requestUri", ex.ParamName);
    }

    [Fact]
    public void A_relative_request_uri_is_not_signed()
    {
        var ex = Assert.Throws<ArgumentException>(() => AppraisalWorksSignature.GetRelativeUrl(new Uri("https://h/RapiV1/"), new Uri("/RapiV1/Orders", UriKind.Relative)));
        Assert.Equal("requestUri", ex.ParamName);
    }

    [Fact]
    public void The_canonical_string_is_the_documents_five_parts_with_the_method_upper_cased()
    {
        Assert.Equal("GET,application/json,,/Orders/U-1/Hold/5,2022-04-12 16:32:25Z", AppraisalWorksSignature.CreateCanonicalString("get", "/Orders/U-1/Hold/5", "2022-04-12 16:32:25Z"));
    }

    [Theory]
    [InlineData("", "/Orders", "t", "method")]
    [InlineData("GET", "", "t", "relativePathAndQuery")]
    [InlineData("GET", "/Orders", "", "timestamp")]
    public void A_canonical_string_with_a_part_missing_is_refused(string method, string relative, string timestamp, string param)
    {
        var ex = Assert.ThrowsAny<ArgumentException>(() => AppraisalWorksSignature.CreateCanonicalString(method, relative, timestamp));
        Assert.Equal(param, ex.ParamName);
    }

    [Fact]
    public void An_empty_private_key_signs_and_verifies_nothing()
    {
        Assert.Equal("privateKey", Assert.ThrowsAny<ArgumentException>(() => AppraisalWorksSignature.Sign("", "GET,application/json,,/Orders,t")).ParamName);
        Assert.Equal("privateKey", Assert.ThrowsAny<ArgumentException>(() => AppraisalWorksSignature.Verify("", "GET,application/json,,/Orders,t", "c2ln")).ParamName);
    }

    [Fact]
    public void A_signature_is_the_base64_hmac_of_the_canonical_string_and_verifies_only_for_it()
    {
        const string Canonical = "GET,application/json,,/Orders/U-1/Hold/5,2022-04-12 16:32:25Z";
        string signature = AppraisalWorksSignature.Sign(Keys.PrivateKey, Canonical);

        Assert.Equal(Keys.Expected(Canonical), signature);
        Assert.True(AppraisalWorksSignature.Verify(Keys.PrivateKey, Canonical, signature).IsValid);
        Assert.False(AppraisalWorksSignature.Verify(Keys.PrivateKey, Canonical, null).IsValid);
        Assert.False(AppraisalWorksSignature.Verify(Keys.PrivateKey, Canonical + " ", signature).IsValid);
        Assert.Equal("pub-1:" + signature, AppraisalWorksSignature.FormatAuthorizationParameter("pub-1", signature));
    }

    [Fact]
    public void The_timestamp_is_utc_to_the_second()
    {
        var instant = new DateTimeOffset(2022, 4, 12, 12, 32, 25, 987, TimeSpan.FromHours(-4));
        Assert.Equal("2022-04-12 16:32:25Z", AppraisalWorksSignature.FormatTimestamp(instant));
    }
}
