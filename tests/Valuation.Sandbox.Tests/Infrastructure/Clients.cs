using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Shared.Signing;

namespace Valuation.Sandbox.Tests.Infrastructure;

/// <summary>Raw HTTP helpers for both APIs: no client package, only HttpClient and Shared.Signing.</summary>
public sealed class Clients : IDisposable
{
    private readonly ValuationSandbox _sandbox;

    public Clients(ValuationSandbox sandbox)
    {
        _sandbox = sandbox;
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    // ---- HouseCanary ----

    public Task<HttpResponseMessage> HcAsync(HttpMethod method, string relative, string? json = null, string? token = "default")
    {
        var request = new HttpRequestMessage(method, new Uri(_sandbox.HouseCanaryBaseAddress, relative));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Token", token == "default" ? _sandbox.Credentials.HouseCanary.ApiToken : token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return Http.SendAsync(request);
    }

    public async Task<JsonNode> HcCreateAsync(string json)
    {
        using var response = await HcAsync(HttpMethod.Post, "orders/", json);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!;
    }

    // ---- AppraisalWorks ----

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Sign(string privateKey, string method, string relative, string timestamp) =>
        Hmac.ComputeBase64(HmacAlgorithm.Sha256, privateKey, $"{method},application/json,,{relative},{timestamp}");

    public HttpRequestMessage AwRequest(HttpMethod method, string relative, string? json = null, DateTimeOffset? at = null, string? privateKey = null, string? signedRelative = null)
    {
        var request = new HttpRequestMessage(method, new Uri(_sandbox.BaseAddress, "RapiV1" + relative));
        string timestamp = Timestamp(at ?? _sandbox.Clock.GetUtcNow());
        string signature = Sign(privateKey ?? _sandbox.Credentials.AppraisalWorks.PrivateKey, method.Method, signedRelative ?? relative, timestamp);
        request.Headers.TryAddWithoutValidation("Authorization", $"hmac {_sandbox.Credentials.AppraisalWorks.PublicKey}:{signature}");
        request.Headers.TryAddWithoutValidation("x-request-date", timestamp);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        return request;
    }

    public async Task<(int Status, JsonNode Body)> AwAsync(HttpMethod method, string relative, string? json = null)
    {
        using var response = await Http.SendAsync(AwRequest(method, relative, json));
        string body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(body)!);
    }

    public async Task<string> AwCreateAsync(JsonNode order)
    {
        var (status, body) = await AwAsync(HttpMethod.Post, "/Orders", order.ToJsonString());
        Assert.True(status == 200, body.ToJsonString());
        return (string)body["orderNumber"]!;
    }

    public void Dispose() => Http.Dispose();
}
