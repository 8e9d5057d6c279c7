namespace Valuation.Http.Tests.Strength;

public class DownloadUrlPolicyStrengthTests
{
    private static readonly Uri Production = new("https://api.test/partner-api/v1/");

    [Theory]
    [InlineData("https://[::ffff:127.0.0.2]/x", "loopback")] // System.Uri itself does not call this one loopback
    [InlineData("https://224.0.0.1/x", "multicast")]
    [InlineData("https://239.255.255.250/x", "multicast")]
    [InlineData("https://240.0.0.1/x", "reserved")]
    [InlineData("https://[::]/x", "unspecified")]
    [InlineData("https://[fec0::1]/x", "site-local")]
    [InlineData("https://[ff02::1]/x", "multicast")]
    public void A_private_or_special_IP_literal_is_refused_naming_its_range(string url, string range)
    {
        string? why = DownloadUrlPolicy.Refusal(new Uri(url), Production, allowPrivateNetwork: false);

        Assert.NotNull(why);
        Assert.Contains(range, why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://223.255.255.254/x")]
    [InlineData("https://[2606:4700::1111]/x")]
    public void A_public_IP_literal_next_to_a_special_range_is_fetched(string url)
    {
        Assert.Null(DownloadUrlPolicy.Refusal(new Uri(url), Production, allowPrivateNetwork: false));
    }

    [Fact]
    public void A_relative_URL_is_refused_as_not_absolute()
    {
        string? why = DownloadUrlPolicy.Refusal(new Uri("/downloads/x.pdf", UriKind.Relative), Production, allowPrivateNetwork: false);

        Assert.NotNull(why);
        Assert.Contains("absolute", why, StringComparison.Ordinal);
    }
}
