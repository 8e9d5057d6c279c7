using System.Security.Cryptography;
using System.Text;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Http;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HouseCanary.OrderManager.Callouts;
using Valuation.Webhooks;

namespace Valuation.Benchmarks;

/// <summary>
/// The package's signing and verification against the bare HMAC over the same bytes: what the packages add
/// (canonical string, base64, header parsing, constant-time compare, JSON parsing) costs this many HMACs.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CallConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class SigningBenchmarks
{
    private static readonly DateTimeOffset Now = new(2022, 4, 12, 16, 32, 25, TimeSpan.Zero);
    private const string CalloutSecret = "hc-bench-callout-secret";
    private readonly Uri _base = new("https://uat-api.arrowbasetech.com/RapiV1/");
    private readonly Uri _uri = new("https://uat-api.arrowbasetech.com/RapiV1/Orders/81B9-F16E-03D8-4C3F/Comments");
    private byte[] _awKey = null!;
    private byte[] _canonical = null!;
    private HttpMessageInvoker _signer = null!;
    private HttpRequestMessage _request = null!;
    private byte[] _calloutSecret = null!;
    private byte[] _callout = null!;
    private string _calloutSignature = null!;
    private WebhookVerifier _verifier = null!;
    private CalloutParser _parser = null!;

    [GlobalSetup]
    public void Setup()
    {
        _awKey = Encoding.UTF8.GetBytes(CannedServer.AwPrivateKey);
        _canonical = Encoding.UTF8.GetBytes(AppraisalWorksSignature.CreateCanonicalString("POST", "/Orders/81B9-F16E-03D8-4C3F/Comments", AppraisalWorksSignature.FormatTimestamp(Now)));
        var options = new AppraisalWorksOptions { BaseAddress = _base, ClientId = CannedServer.AwClientId, PublicKey = CannedServer.AwPublicKey, PrivateKey = CannedServer.AwPrivateKey };
        _signer = new HttpMessageInvoker(new HmacSigningHandler(options) { InnerHandler = new NoNetworkHandler() });
        _request = new HttpRequestMessage(HttpMethod.Post, _uri) { Content = new ByteArrayContent("""{"comment":"Hello, this is a comment."}"""u8.ToArray()) };

        _calloutSecret = Encoding.UTF8.GetBytes(CalloutSecret);
        _callout = TestData.ReadBytes("order_status_change.json");
        _calloutSignature = "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(_calloutSecret, _callout));
        _verifier = new WebhookVerifier(new CalloutOptions { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { CalloutSecret } });
        _parser = new CalloutParser();
        if (Sdk_VerifyAndParseCallout() is not OrderStatusChangeMessage { MessageId: "<unique message id>" })
        {
            throw new InvalidOperationException("The documented callout did not verify and parse.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _request.Dispose();
        _signer.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("AW sign request")]
    public byte[] Bare_HmacSha256() => HMACSHA256.HashData(_awKey, _canonical);

    [Benchmark, BenchmarkCategory("AW sign request")]
    public string Sdk_SignatureApi()
    {
        string relative = AppraisalWorksSignature.GetRelativeUrl(_base, _uri);
        string canonical = AppraisalWorksSignature.CreateCanonicalString("POST", relative, AppraisalWorksSignature.FormatTimestamp(Now));
        return AppraisalWorksSignature.FormatAuthorizationParameter(CannedServer.AwPublicKey, AppraisalWorksSignature.Sign(CannedServer.AwPrivateKey, canonical));
    }

    [Benchmark, BenchmarkCategory("AW sign request")]
    public Task<HttpResponseMessage> Sdk_SigningHandler() => _signer.SendAsync(_request, CancellationToken.None);

    [Benchmark(Baseline = true), BenchmarkCategory("HC verify+parse callout")]
    public byte[] Bare_HmacSha1() => HMACSHA1.HashData(_calloutSecret, _callout);

    [Benchmark, BenchmarkCategory("HC verify+parse callout")]
    public CalloutMessage Sdk_VerifyAndParseCallout()
    {
        string signature = _calloutSignature;
        var result = _verifier.Verify(_callout, _ => signature, null);
        if (!result.IsValid)
        {
            throw new InvalidOperationException("The callout signature did not verify.");
        }

        return _parser.Parse(_callout);
    }

    /// <summary>Answers every request with one shared response, so only the signing handler is measured.</summary>
    private sealed class NoNetworkHandler : HttpMessageHandler
    {
        private readonly Task<HttpResponseMessage> _response = Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => _response;
    }
}
