namespace Valuation.Http.Tests.Strength;

public class BaseAddressScopeStrengthTests
{
    private static readonly Uri Base = new("https://hc.test/partner-api/v1/");

    [Fact]
    public void No_URI_or_a_relative_one_is_out_of_scope()
    {
        Assert.False(BaseAddressScope.IsUnder(null, Base));
        Assert.False(BaseAddressScope.IsUnder(new Uri("orders/1/", UriKind.Relative), Base));
    }

    [Theory]
    [InlineData("https://hc.test/partner-api/v1/orders/1/", true)]
    [InlineData("https://hc.test/partner-api/v1", true)]
    [InlineData("https://hc.test/partner-api/v1evil/orders/", false)]
    [InlineData("https://hc.test/partner-api/v10/", false)]
    public void A_base_address_without_a_trailing_slash_still_scopes_by_whole_path_segments(string uri, bool expected)
    {
        Assert.Equal(expected, BaseAddressScope.IsUnder(new Uri(uri), new Uri("https://hc.test/partner-api/v1")));
    }

    [Theory]
    [InlineData("https://hc.test/partner-api/v1/..%2f..%2fadmin/")]
    [InlineData("https://hc.test/partner-api/v1/..%2F..%2Fadmin/")]
    [InlineData("https://hc.test/partner-api/v1/orders%2f1/")]
    public void A_path_with_an_encoded_slash_is_out_of_scope_as_a_server_might_decode_it(string uri)
    {
        Assert.False(BaseAddressScope.IsUnder(new Uri(uri), Base));
    }
}
