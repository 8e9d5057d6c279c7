namespace Valuation.Http.Tests;

public class BaseAddressScopeTests
{
    [Theory]
    [InlineData("https://hc.test/partner-api/v1/orders/1/", true)]
    [InlineData("https://HC.TEST/partner-api/v1/orders/1/?page=2", true)]
    [InlineData("https://hc.test/partner-api/v1/", true)]
    [InlineData("https://hc.test/partner-api/v1", true)]
    [InlineData("https://hc.test/partner-api/v1evil/orders/", false)]
    [InlineData("https://hc.test/partner-api/v2/orders/", false)]
    [InlineData("https://hc.test/partner-api/v1/../v2/orders/", false)]
    [InlineData("https://hc.test/partner-api/v1/%2e%2e/v2/", false)]
    [InlineData("https://hc.test.evil.example/partner-api/v1/", false)]
    [InlineData("https://user@hc.test/partner-api/v1/", false)]
    [InlineData("http://hc.test/partner-api/v1/", false)]
    [InlineData("https://hc.test:444/partner-api/v1/", false)]
    public void Only_uris_under_the_base_address_are_in_scope(string uri, bool expected)
    {
        Assert.Equal(expected, BaseAddressScope.IsUnder(new Uri(uri), new Uri("https://hc.test/partner-api/v1/")));
    }
}
