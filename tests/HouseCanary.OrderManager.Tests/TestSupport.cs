using System.Text.Json;
using HouseCanary.OrderManager;
using HouseCanary.OrderManager.Http;
using Microsoft.Extensions.Options;
using NSubstitute;
using RichardSzalay.MockHttp;

namespace HouseCanary.OrderManager.Tests;

internal static class TestSupport
{
    public const string Token = "test-token-9f8e7d";
    public const string Base = "https://hc.test/partner-api/v1/";

    public static string ReadData(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    public static byte[] ReadDataBytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    public static OrderManagerOptions Options() => new()
    {
        BaseAddress = new Uri(Base),
        ApiToken = Token,
        OwnerOrganizationId = 101,
        OwnerId = 202,
    };

    public static IOptionsMonitor<OrderManagerOptions> Monitor(OrderManagerOptions options)
    {
        var monitor = Substitute.For<IOptionsMonitor<OrderManagerOptions>>();
        monitor.CurrentValue.Returns(options);
        return monitor;
    }

    public static OrderManagerClient Client(MockHttpMessageHandler mock, OrderManagerOptions? options = null, TimeProvider? time = null)
    {
        var monitor = Monitor(options ?? Options());
        var http = new HttpClient(new TokenAuthenticationHandler(monitor) { InnerHandler = mock });
        return new OrderManagerClient(http, monitor, time);
    }

    public static void AssertJsonEqual(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        AssertElementEqual(e.RootElement, a.RootElement, "$");
    }

    private static void AssertElementEqual(JsonElement expected, JsonElement actual, string path)
    {
        Assert.True(expected.ValueKind == actual.ValueKind, $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}");
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
                var actualNames = actual.EnumerateObject().Select(p => p.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
                Assert.True(expectedNames.SequenceEqual(actualNames), $"{path}: members [{string.Join(",", expectedNames)}] vs [{string.Join(",", actualNames)}]");
                foreach (var property in expected.EnumerateObject())
                {
                    AssertElementEqual(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                }

                break;
            case JsonValueKind.Array:
                Assert.True(expected.GetArrayLength() == actual.GetArrayLength(), $"{path}: array length");
                for (int i = 0; i < expected.GetArrayLength(); i++)
                {
                    AssertElementEqual(expected[i], actual[i], $"{path}[{i}]");
                }

                break;
            default:
                Assert.True(expected.GetRawText() == actual.GetRawText(), $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}");
                break;
        }
    }
}
