using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Valuation.Benchmarks;

// The floor: what a careful developer writes by hand with HttpClient and System.Text.Json (source generated).
// HouseCanary gets its own minimal models; AppraisalWorks' order is too large to re-type, so the floor and Refit
// serialize the SDK's public models with the SDK's public JsonSerializerContext (the same bytes on the wire).

/// <summary>The HouseCanary create-order request, as a hand-written client would model it.</summary>
public sealed class HcCreateOrder
{
    [JsonPropertyName("order_type")] public string OrderType { get; set; } = "valueReport";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("customer_order_id")] public string? CustomerOrderId { get; set; }
    [JsonPropertyName("owner_organization_id")] public long OwnerOrganizationId { get; set; }
    [JsonPropertyName("owner_id")] public long OwnerId { get; set; }
    [JsonPropertyName("items")] public List<HcCreateOrderItem> Items { get; set; } = [];
}

/// <summary>One item of <see cref="HcCreateOrder"/>.</summary>
public sealed class HcCreateOrderItem
{
    [JsonPropertyName("address")] public string? Address { get; set; }
    [JsonPropertyName("unit")] public string? Unit { get; set; }
    [JsonPropertyName("city")] public string? City { get; set; }
    [JsonPropertyName("state")] public string? State { get; set; }
    [JsonPropertyName("zipcode")] public string? Zipcode { get; set; }
    [JsonPropertyName("customer_item_id")] public string? CustomerItemId { get; set; }
    [JsonPropertyName("external_integration_id")] public string? ExternalIntegrationId { get; set; }
}

/// <summary>The HouseCanary Order object.</summary>
public sealed class HcOrder
{
    [JsonPropertyName("id")] public long Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("order_type")] public string? OrderType { get; set; }
    [JsonPropertyName("status")] public string? Status { get; set; }
    [JsonPropertyName("customer_order_id")] public string? CustomerOrderId { get; set; }
    [JsonPropertyName("owner_organization_id")] public long? OwnerOrganizationId { get; set; }
    [JsonPropertyName("owner_id")] public long? OwnerId { get; set; }
    [JsonPropertyName("created_date")] public DateTimeOffset? CreatedDate { get; set; }
    [JsonPropertyName("actual_delivery_date")] public DateTimeOffset? ActualDeliveryDate { get; set; }
    [JsonPropertyName("item_count")] public int? ItemCount { get; set; }
}

/// <summary>The naive AppraisalWorks document upload body: the whole base64 as one string.</summary>
public sealed class NaiveDocumentRequest
{
    [JsonPropertyName("embeddedFile")] public NaiveEmbeddedFile? EmbeddedFile { get; set; }
}

/// <summary>An embedded file whose <c>document</c> is one base64 string.</summary>
public sealed class NaiveEmbeddedFile
{
    [JsonPropertyName("typeID")] public string? TypeId { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("document")] public string? Document { get; set; }
}

/// <summary>The naive Completed report: documents as base64 strings.</summary>
public sealed class NaiveCompleted
{
    [JsonPropertyName("embeddedFile")] public List<NaiveEmbeddedFile>? EmbeddedFile { get; set; }
    [JsonPropertyName("isSuccess")] public bool? IsSuccess { get; set; }
    [JsonPropertyName("datetime")] public string? DateTime { get; set; }
}

/// <summary>The floor's source-generated JSON metadata.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HcCreateOrder))]
[JsonSerializable(typeof(HcOrder))]
[JsonSerializable(typeof(NaiveDocumentRequest))]
[JsonSerializable(typeof(NaiveCompleted))]
[JsonSerializable(typeof(Dictionary<string, string>))]
public sealed partial class FloorJsonContext : JsonSerializerContext;

/// <summary>The wire work of authentication, written by hand: a token header, or the AppraisalWorks HMAC.</summary>
public static class FloorAuth
{
    private static readonly string HcToken = "Token " + CannedServer.HouseCanaryToken;
    private static readonly byte[] AwKey = Encoding.UTF8.GetBytes(CannedServer.AwPrivateKey);
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public static void AddHouseCanaryToken(HttpRequestMessage request) =>
        request.Headers.TryAddWithoutValidation("Authorization", HcToken);

    /// <summary>
    /// Signs with <c>VERB,application/json,,RELATIVE-URL,yyyy-MM-dd HH:mm:ssZ</c>, HMAC-SHA256 keyed with the private
    /// key, and sets <c>x-request-date</c>, <c>Authorization: hmac {public}:{base64}</c> and the exact content type.
    /// </summary>
    public static void SignAppraisalWorks(HttpRequestMessage request)
    {
        string relative = request.RequestUri!.PathAndQuery["/RapiV1".Length..];
        string timestamp = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string canonical = request.Method.Method + ",application/json,," + relative + "," + timestamp;
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(AwKey, Encoding.UTF8.GetBytes(canonical), mac);
        request.Headers.Remove("x-request-date");
        request.Headers.TryAddWithoutValidation("x-request-date", timestamp);
        request.Headers.TryAddWithoutValidation("Authorization", "hmac " + CannedServer.AwPublicKey + ":" + Convert.ToBase64String(mac));
        if (request.Content is not null)
        {
            request.Content.Headers.ContentType = Json;
        }
    }
}

/// <summary>The same authentication as the floor, as a handler for Refit (Refit's documented way to add auth).</summary>
public sealed class FloorAuthHandler(bool appraisalWorks) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (appraisalWorks)
        {
            request.Headers.Remove("Authorization");
            FloorAuth.SignAppraisalWorks(request);
        }
        else
        {
            request.Headers.Remove("Authorization");
            FloorAuth.AddHouseCanaryToken(request);
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>The floor's auth as a handler without its own transport, for a pipeline built by IHttpClientFactory.</summary>
public sealed class FloorAuthStep(bool appraisalWorks) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove("Authorization");
        if (appraisalWorks)
        {
            FloorAuth.SignAppraisalWorks(request);
        }
        else
        {
            FloorAuth.AddHouseCanaryToken(request);
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// What a user builds instead of the SDK with the same protection: IHttpClientFactory's named clients behind the
/// standard resilience handler (its defaults), one for the floor (auth inline) and one for Refit (auth as a handler
/// inside the resilience handler, so that each attempt is authenticated).
/// </summary>
public static class ResilientFloor
{
    public static ServiceProvider Build(Uri apiBase, Uri root, bool appraisalWorks)
    {
        var services = new ServiceCollection();
        services.AddHttpClient("floor", c => c.BaseAddress = apiBase).AddStandardResilienceHandler();
        services.AddHttpClient("refit", c => c.BaseAddress = root).AddStandardResilienceHandler();
        services.AddHttpClient("refit").AddHttpMessageHandler(() => new FloorAuthStep(appraisalWorks));
        return services.BuildServiceProvider();
    }
}
