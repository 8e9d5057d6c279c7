using System.Buffers;
using System.Net;
using System.Text;
using Arrowbase.AppraisalWorks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Valuation.Benchmarks;

/// <summary>
/// An in-process Kestrel server on 127.0.0.1:0 answering canned responses from the vendors' documents. It checks the
/// HouseCanary token and verifies every AppraisalWorks signature (as the sandbox does), reads and discards request
/// bodies through a pooled buffer, and generates the large Completed response in chunks so that it holds no copy.
/// </summary>
public sealed class CannedServer : IAsyncDisposable
{
    public const string HouseCanaryToken = "hc-bench-token-5f0c2a7e";
    public const string AwPublicKey = "aw-bench-public-3b9d";
    public const string AwPrivateKey = "6f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b";
    public const string AwClientId = "4564";

    /// <summary>Size of each document in the Completed response (20 MiB).</summary>
    public const int CompletedDocumentSize = 20 * 1024 * 1024;

    /// <summary>Number of documents in the Completed response.</summary>
    public const int CompletedDocumentCount = 3;

    private const int Block = 48 * 1024; // a multiple of 3: its base64 concatenates cleanly
    private static readonly byte[] HcAuthorization = Encoding.ASCII.GetBytes("Token " + HouseCanaryToken);

    private readonly WebApplication _app;
    private readonly byte[] _order = TestData.ReadBytes("order.json");
    private readonly byte[] _awOrderResponse = TestData.ReadBytes("order-response.json");
    private readonly byte[] _awEnvelope = TestData.ReadBytes("standard-response.json");
    private readonly byte[] _blockBase64;
    private readonly byte[] _tailBase64;
    private readonly long _completedLength;
    private long _lastRequestBodyBytes;

    private CannedServer(WebApplication app)
    {
        _app = app;
        var block = new byte[Block];
        PatternStream.Fill(block, 0);
        _blockBase64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(block));
        var tail = new byte[CompletedDocumentSize % Block];
        PatternStream.Fill(tail, CompletedDocumentSize - tail.Length);
        _tailBase64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(tail));
        long documentChars = (long)(CompletedDocumentSize / Block) * _blockBase64.Length + _tailBase64.Length;
        _completedLength = CompletedPrefix.Length + CompletedSuffix.Length
            + (CompletedDocumentCount * (DocumentHead(0).Length + documentChars + DocumentTail.Length)) + (CompletedDocumentCount - 1);
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri Root { get; private set; } = null!;

    /// <summary>HouseCanary's API root on this server.</summary>
    public Uri HouseCanaryBase => new(Root, "partner-api/v1/");

    /// <summary>AppraisalWorks' API root on this server.</summary>
    public Uri AppraisalWorksBase => new(Root, "RapiV1/");

    /// <summary>Bytes of the last request body read (to check that an upload really went over the wire).</summary>
    public long LastRequestBodyBytes => Interlocked.Read(ref _lastRequestBodyBytes);

    private static ReadOnlySpan<byte> CompletedPrefix => """{"property":{"assessorsParcelIdentifier":"1234","stories":"2","yearBuilt":"1992","totalRooms":"8"},"valuationResults":{"value":100000.00,"valuationDate":"2021-11-03 11:01 AM EST","appraiserName":"Jane Appraiser","appraiserLicenseNumber":"tst-12345"},"embeddedFile":["""u8;

    private static ReadOnlySpan<byte> CompletedSuffix => """],"isSuccess":true,"datetime":"2022-04-04 16:58:31Z"}"""u8;

    private static ReadOnlySpan<byte> DocumentTail => "\"}"u8;

    public static async Task<CannedServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null; // a 100 MB document travels as ~137 MB of base64
        });
        var app = builder.Build();
        var server = new CannedServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Root = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static byte[] DocumentHead(int index) =>
        Encoding.ASCII.GetBytes("{\"typeID\":\"2000\",\"name\":\"doc" + index.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + ".pdf\",\"description\":\"Appraisal PDF\",\"document\":\"");

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        string path = request.Path.Value ?? string.Empty;
        if (path.StartsWith("/partner-api/v1/", StringComparison.Ordinal))
        {
            if (!Encoding.ASCII.GetBytes(request.Headers.Authorization.ToString()).AsSpan().SequenceEqual(HcAuthorization))
            {
                await WriteAsync(response, 401, """{"detail":"Invalid token."}"""u8.ToArray()).ConfigureAwait(false);
                return;
            }

            await DrainAsync(request).ConfigureAwait(false);
            await WriteAsync(response, HttpMethods.IsPost(request.Method) ? 201 : 200, _order).ConfigureAwait(false);
            return;
        }

        if (path.StartsWith("/RapiV1/", StringComparison.Ordinal))
        {
            string relative = path["/RapiV1".Length..] + request.QueryString.Value;
            string timestamp = request.Headers["x-request-date"].ToString();
            if (timestamp.Length == 0
                || !AppraisalWorksSignature.TryParseAuthorization(request.Headers.Authorization.ToString(), out string publicKey, out string signature)
                || publicKey != AwPublicKey
                || !AppraisalWorksSignature.Verify(AwPrivateKey, AppraisalWorksSignature.CreateCanonicalString(request.Method, relative, timestamp), signature).IsValid)
            {
                await WriteAsync(response, 401, """{"isSuccess":false,"description":"Invalid signature."}"""u8.ToArray()).ConfigureAwait(false);
                return;
            }

            await DrainAsync(request).ConfigureAwait(false);
            if (HttpMethods.IsGet(request.Method) && path.EndsWith("/Completed", StringComparison.Ordinal))
            {
                await WriteCompletedAsync(response).ConfigureAwait(false);
            }
            else if (path == "/RapiV1/Orders")
            {
                await WriteAsync(response, 200, _awOrderResponse).ConfigureAwait(false);
            }
            else
            {
                await WriteAsync(response, 200, _awEnvelope).ConfigureAwait(false);
            }

            return;
        }

        response.StatusCode = 404;
    }

    private async Task DrainAsync(HttpRequest request)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await request.Body.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                total += read;
            }

            Interlocked.Exchange(ref _lastRequestBodyBytes, total);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Task WriteAsync(HttpResponse response, int status, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, 0, body.Length);
    }

    private async Task WriteCompletedAsync(HttpResponse response)
    {
        response.StatusCode = 200;
        response.ContentType = "application/json";
        response.ContentLength = _completedLength;
        var body = response.Body;
        await body.WriteAsync(CompletedPrefix.ToArray()).ConfigureAwait(false);
        for (int i = 0; i < CompletedDocumentCount; i++)
        {
            if (i > 0)
            {
                await body.WriteAsync(","u8.ToArray()).ConfigureAwait(false);
            }

            await body.WriteAsync(DocumentHead(i)).ConfigureAwait(false);
            for (int b = 0; b < CompletedDocumentSize / Block; b++)
            {
                await body.WriteAsync(_blockBase64).ConfigureAwait(false);
            }

            await body.WriteAsync(_tailBase64).ConfigureAwait(false);
            await body.WriteAsync(DocumentTail.ToArray()).ConfigureAwait(false);
        }

        await body.WriteAsync(CompletedSuffix.ToArray()).ConfigureAwait(false);
    }
}
