namespace Valuation.Http.Tests;

public class DownloadUrlPolicyTests
{
    private static readonly Uri Production = new("https://api.test/partner-api/v1/");
    private static readonly Uri Sandbox = new("http://127.0.0.1:5000/partner-api/v1/");

    [Theory]
    [InlineData("https://s3.amazonaws.com/bucket/x.pdf?X-Amz-Signature=abc", null)]
    [InlineData("https://8.8.8.8/x", null)]
    [InlineData("https://[2001:4860::8888]/x", null)]
    [InlineData("http://s3.amazonaws.com/bucket/x.pdf", "plain http")]
    [InlineData("ftp://files.test/x", "scheme")]
    [InlineData("https://user:pw@files.test/x", "user info")]
    [InlineData("https://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("https://[fe80::1]/x", "link-local")]
    [InlineData("https://[fd00:ec2::254]/latest/", "unique-local")]
    [InlineData("https://10.0.0.5/x", "private")]
    [InlineData("https://172.16.0.1/x", "private")]
    [InlineData("https://172.31.255.255/x", "private")]
    [InlineData("https://192.168.1.1/x", "private")]
    [InlineData("https://100.64.0.1/x", "shared")]
    [InlineData("https://0.0.0.0/x", "unspecified")]
    [InlineData("https://127.0.0.1/x", "loopback")]
    [InlineData("https://localhost:2375/containers/json", "loopback")]
    [InlineData("https://[::1]/x", "loopback")]
    [InlineData("https://[::ffff:169.254.169.254]/x", "link-local")]
    [InlineData("https://172.32.0.1/x", null)]
    public void Against_a_production_base_address(string url, string? refusedFor)
    {
        string? why = DownloadUrlPolicy.Refusal(new Uri(url), Production, allowPrivateNetwork: false);
        if (refusedFor is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.NotNull(why);
            Assert.Contains(refusedFor, why, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("https://169.254.169.254/x")]
    [InlineData("https://10.0.0.5/x")]
    [InlineData("https://localhost/x")]
    public void The_option_allows_private_network_hosts_over_https(string url) =>
        Assert.Null(DownloadUrlPolicy.Refusal(new Uri(url), Production, allowPrivateNetwork: true));

    [Fact]
    public void The_option_never_allows_plain_http_to_a_non_loopback_host() =>
        Assert.NotNull(DownloadUrlPolicy.Refusal(new Uri("http://10.0.0.5/x"), Production, allowPrivateNetwork: true));

    [Theory]
    [InlineData("http://127.0.0.1:5000/downloads/items/t/x.pdf", null)]
    [InlineData("http://localhost:5000/downloads/items/t/x.pdf", null)]
    [InlineData("http://10.0.0.5/x", "plain http")]
    [InlineData("https://169.254.169.254/x", "link-local")]
    public void A_loopback_sandbox_may_serve_plain_http_from_loopback_only(string url, string? refusedFor)
    {
        string? why = DownloadUrlPolicy.Refusal(new Uri(url), Sandbox, allowPrivateNetwork: false);
        if (refusedFor is null)
        {
            Assert.Null(why);
        }
        else
        {
            Assert.Contains(refusedFor, why, StringComparison.Ordinal);
        }
    }
}
