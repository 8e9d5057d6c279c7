using Valuation.Sandbox.Clients;

namespace Valuation.Sandbox.Clients.Tests;

public sealed class SandboxConnectionTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", "http://127.0.0.1:5080/")]
    [InlineData("http://127.0.0.1:5080/", "http://127.0.0.1:5080/")]
    [InlineData("https://sandbox.example.test/base", "https://sandbox.example.test/base/")]
    public void The_api_roots_are_resolved_below_the_printed_url(string url, string root)
    {
        var connection = new SandboxConnection(new Uri(url));

        Assert.Equal(new Uri(root), connection.BaseAddress);
        Assert.Equal(new Uri(root + "partner-api/v1/"), connection.HouseCanaryBaseAddress);
        Assert.Equal(new Uri(root + "RapiV1/"), connection.AppraisalWorksBaseAddress);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("http://127.0.0.1:5080/?token=abc")]
    public void A_url_that_cannot_be_a_sandbox_root_is_refused_without_echoing_it(string url)
    {
        var error = Assert.Throws<ArgumentException>(() => new SandboxConnection(new Uri(url)));

        Assert.Equal("baseAddress", error.ParamName);
        Assert.DoesNotContain("abc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_url_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new SandboxConnection(new Uri("partner-api/v1/", UriKind.Relative)));
    }

    [Fact]
    public async Task From_a_running_sandbox_takes_its_credentials_and_clock_and_printing_hides_the_secrets()
    {
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions
        {
            ManualClock = true,
            HouseCanary = { ApiToken = "token-secret-1", OwnerOrganizationId = 3, OwnerId = 4 },
            AppraisalWorks = { ClientId = "55", PublicKey = "pub-5", PrivateKey = "private-secret-2" },
        });

        var connection = SandboxConnection.From(sandbox);
        string printed = connection.ToString();

        Assert.Equal(sandbox.BaseAddress, connection.BaseAddress);
        Assert.Equal(("token-secret-1", 3L, 4L), (connection.ApiToken, connection.OwnerOrganizationId, connection.OwnerId));
        Assert.Equal(("55", "pub-5", "private-secret-2"), (connection.ClientId, connection.PublicKey, connection.PrivateKey));
        Assert.Same(sandbox.Clock, connection.Clock);
        Assert.DoesNotContain("token-secret-1", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("private-secret-2", printed, StringComparison.Ordinal);
        Assert.Contains("pub-5", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_the_sandbox_well_known_credentials()
    {
        var connection = new SandboxConnection(new Uri("http://127.0.0.1:5080/"));
        var houseCanary = new HouseCanarySandboxOptions();

        Assert.Equal((houseCanary.ApiToken, houseCanary.OwnerOrganizationId, houseCanary.OwnerId), (connection.ApiToken, connection.OwnerOrganizationId, connection.OwnerId));
        Assert.Equal((AppraisalWorksSandboxOptions.DefaultClientId, AppraisalWorksSandboxOptions.DefaultPublicKey, AppraisalWorksSandboxOptions.DefaultPrivateKey), (connection.ClientId, connection.PublicKey, connection.PrivateKey));
        Assert.Same(TimeProvider.System, connection.Clock);
    }
}
