using Microsoft.Extensions.Options;
using static HouseCanary.OrderManager.Tests.TestSupport;

namespace HouseCanary.OrderManager.Tests.Strength;

/// <summary>
/// Which HouseCanary settings start-up accepts and which it refuses, each refusal naming the setting (and never the
/// token): the base address (absolute, https or loopback http, no query, fragment or user info), the owner ids, the
/// transport limits and the page cap.
/// </summary>
public class OptionsValidatorStrengthTests
{
    private static ValidateOptionsResult Validate(Action<OrderManagerOptions> change)
    {
        var options = Options();
        change(options);
        return new OrderManagerOptionsValidator().Validate(null, options);
    }

    private static void AssertAccepted(Action<OrderManagerOptions> change)
    {
        var result = Validate(change);
        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.False(result.Failed);
    }

    private static string AssertRefused(Action<OrderManagerOptions> change, string setting)
    {
        var result = Validate(change);
        Assert.True(result.Failed);
        string failure = Assert.Single(result.Failures!);
        Assert.StartsWith("HouseCanary:" + setting + " ", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, failure, StringComparison.Ordinal);
        return failure;
    }

    [Fact]
    public void The_test_options_and_the_demo_environment_are_accepted()
    {
        AssertAccepted(_ => { });
        AssertAccepted(o => o.BaseAddress = OrderManagerOptions.DemoBaseAddress);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080/partner-api/v1/")]
    [InlineData("http://localhost:5080/partner-api/v1/")]
    [InlineData("http://[::1]:5080/")]
    [InlineData("https://10.0.0.5/partner-api/v1/")]
    public void Plain_http_is_accepted_only_for_a_loopback_sandbox(string address)
    {
        AssertAccepted(o => o.BaseAddress = new Uri(address));
    }

    [Theory]
    [InlineData("http://order-manager-api.housecanary.com/partner-api/v1/")]
    [InlineData("http://10.0.0.5/partner-api/v1/")]
    [InlineData("ftp://localhost/partner-api/v1/")]
    [InlineData("ws://127.0.0.1:5080/")]
    public void Any_other_scheme_or_a_remote_plain_http_host_is_refused(string address)
    {
        string failure = AssertRefused(o => o.BaseAddress = new Uri(address), "BaseAddress");
        Assert.Contains("https", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_or_missing_base_address_is_refused_as_not_absolute()
    {
        Assert.Contains("absolute URI", AssertRefused(o => o.BaseAddress = new Uri("partner-api/v1/", UriKind.Relative), "BaseAddress"), StringComparison.Ordinal);
        Assert.Contains("absolute URI", AssertRefused(o => o.BaseAddress = null!, "BaseAddress"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://hc.test/partner-api/v1/?owner=1")]
    [InlineData("https://hc.test/partner-api/v1/#top")]
    [InlineData("https://user:pass@hc.test/partner-api/v1/")]
    [InlineData("https://user@hc.test/partner-api/v1/")]
    public void A_base_address_with_a_query_fragment_or_user_info_is_refused(string address)
    {
        string failure = AssertRefused(o => o.BaseAddress = new Uri(address), "BaseAddress");
        Assert.Contains("query string, fragment or user info", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("pass", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void An_owner_organization_id_or_owner_id_that_is_not_positive_is_refused(long id)
    {
        Assert.Contains("positive integer", AssertRefused(o => o.OwnerOrganizationId = id, "OwnerOrganizationId"), StringComparison.Ordinal);
        Assert.Contains("positive integer", AssertRefused(o => o.OwnerId = id, "OwnerId"), StringComparison.Ordinal);
    }

    [Fact]
    public void Owner_ids_may_be_left_unset_or_be_1()
    {
        AssertAccepted(o => (o.OwnerOrganizationId, o.OwnerId) = (null, null));
        AssertAccepted(o => (o.OwnerOrganizationId, o.OwnerId) = (1, 1));
    }

    [Fact]
    public void The_transport_limits_are_checked_and_named_under_the_HouseCanary_section()
    {
        AssertRefused(o => o.AttemptTimeout = TimeSpan.Zero, "AttemptTimeout");
        AssertRefused(o => o.MaxRetryAttempts = 11, "MaxRetryAttempts");
        AssertRefused(o => o.MaxResponseBytes = 100, "MaxResponseBytes");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1_000_000)]
    public void A_page_cap_from_1_to_a_million_is_accepted(int maxPages)
    {
        AssertAccepted(o => o.MaxPages = maxPages);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public void A_page_cap_outside_1_to_a_million_is_refused(int maxPages)
    {
        AssertRefused(o => o.MaxPages = maxPages, "MaxPages");
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = Validate(o =>
        {
            o.BaseAddress = new Uri("http://hc.test/");
            o.ApiToken = null;
            o.OwnerId = 0;
            o.MaxPages = 0;
        });

        Assert.True(result.Failed);
        Assert.Equal(["BaseAddress", "ApiToken", "OwnerId", "MaxPages"], result.Failures!.Select(f => f[("HouseCanary:".Length)..f.IndexOf(' ', StringComparison.Ordinal)]));
    }
}
