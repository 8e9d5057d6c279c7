namespace Valuation.Http.Tests.Strength;

public class UrlRedactionStrengthTests
{
    [Theory]
    [InlineData("https://bucket.s3.amazonaws.com:8443/items/x.pdf?X-Amz-Signature=abc123&X-Amz-Credential=AKIA", "https://bucket.s3.amazonaws.com:8443/items/x.pdf?<redacted>")]
    [InlineData("https://files.test/items/x.pdf", "https://files.test/items/x.pdf")]
    [InlineData("https://user:hunter2@files.test/items/x.pdf", "https://files.test/items/x.pdf")]
    public void A_URL_is_printed_without_its_query_or_user_info(string url, string expected)
    {
        Assert.Equal(expected, UrlRedaction.Redact(new Uri(url)));
        Assert.Equal(expected, UrlRedaction.Redact(url));
    }

    [Fact]
    public void A_relative_URL_is_not_printed()
    {
        Assert.Equal("<relative URL>", UrlRedaction.Redact(new Uri("items/x.pdf?sig=abc", UriKind.Relative)));
    }

    [Fact]
    public void Text_that_is_not_an_absolute_URL_is_described_by_its_length_only()
    {
        Assert.Equal("<not an absolute URL, 17 chars>", UrlRedaction.Redact("items/x.pdf?s=abc"));
    }

    [Fact]
    public void A_missing_URL_prints_as_null()
    {
        Assert.Equal("null", UrlRedaction.Redact((Uri?)null));
        Assert.Equal("null", UrlRedaction.Redact((string?)null));
    }
}
