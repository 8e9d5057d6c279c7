using System.Collections.Concurrent;
using System.Text;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager;
using HouseCanary.OrderManager.Callouts;
using HouseCanary.OrderManager.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Reliability.Tests.Support;
using Shared.Signing;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;
using Valuation.Sandbox;

namespace Reliability.Tests;

/// <summary>
/// A full tour of both packages against the sandbox (orders, actions, callouts and postbacks received over HTTP and
/// processed, downloads) and their failure paths, with every log record captured at Trace level in every category:
/// no token, private key, password or callout secret appears in a log message, an exception (inner ones included)
/// or a ToString() of options, clients, requests and results.
/// </summary>
[Trait("Category", "Secrets")]
public sealed class SecretsTests
{
    private const string HcToken = "hc-LIVE-token-7d1f9a3c";
    private const string HcWrongToken = "hc-WRONG-token-0e2b44aa";
    private const string AwPrivateKey = "aw-PRIVATE-key-51c0e9b2";
    private const string AwWrongPrivateKey = "aw-WRONG-private-93ad10f7";
    private const string CalloutSecret = "hc-CALLOUT-secret-6be3";
    private const string CalloutWrongSecret = "hc-CALLOUT-wrong-secret-2f8a";
    private const string CalloutPassword = "hc-BASIC-password-c41d";
    private const string CalloutToken = "hc-HEADER-token-88e0";
    private const string PostbackToken = "aw-POSTBACK-token-19fe";
    private const string PostbackPassword = "aw-POSTBACK-password-3a7c";

    private static readonly string[] Secrets =
    [
        HcToken, HcWrongToken, AwPrivateKey, AwWrongPrivateKey, CalloutSecret, CalloutWrongSecret, CalloutPassword, CalloutToken,
        PostbackToken, PostbackPassword,
        Convert.ToBase64String(Encoding.UTF8.GetBytes("housecanary:" + CalloutPassword)),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("arrowbase:" + PostbackPassword)),
    ];

    private readonly FakeLogCollector _logs = new();
    private readonly List<string> _texts = [];

    [Fact]
    public async Task The_tour_and_its_failure_paths_never_reveal_a_secret()
    {
        var calloutResults = new ConcurrentQueue<WebhookResult<CalloutMessage>>();
        var postbackResults = new ConcurrentQueue<WebhookResult<PostbackEvent>>();
        ServiceProvider? receiverServices = null;

        // The receiver: real Kestrel on 127.0.0.1, handing raw requests to the packages' processors.
        var web = WebApplication.CreateSlimBuilder();
        // The receiver's own web stack is the user's, not the packages': ASP.NET Core logs each request URL at
        // Information, query string included, which is why docs/reliability.md advises against query-string tokens.
        web.Logging.ClearProviders();
        web.WebHost.UseUrls("http://127.0.0.1:0");
        await using var receiver = web.Build();
        receiver.Run(async context =>
        {
            await using var scope = receiverServices!.CreateAsyncScope();
            string? Header(string name) => context.Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null;
            int status;
            if (context.Request.Path == "/hc")
            {
                var result = await scope.ServiceProvider.GetRequiredService<CalloutProcessor>().ProcessAsync(
                    new WebhookRequest(context.Request.Body, context.Request.ContentLength, Header, context.Request.QueryString.Value), context.RequestAborted);
                calloutResults.Enqueue(result);
                status = result.StatusCode;
            }
            else
            {
                var result = await scope.ServiceProvider.GetRequiredService<PostbackProcessor>().ProcessAsync(new WebhookRequest(context.Request.Body, context.Request.ContentLength, Header, context.Request.QueryString.Value), context.RequestAborted);
                postbackResults.Enqueue(result);
                status = result.StatusCode;
            }

            context.Response.StatusCode = status;
        });
        await receiver.StartAsync();
        var receiverUrl = new Uri(receiver.Urls.First());

        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions
        {
            Seed = 11,
            StepInterval = TimeSpan.FromMilliseconds(60),
            ConfigureLogging = b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)),
            HouseCanary =
            {
                ApiToken = HcToken,
                CalloutUrl = new Uri(receiverUrl, "/hc"),
                CalloutAuthentication = CalloutAuthentication.Signature,
                CalloutSignatureSecret = CalloutSecret,
            },
            AppraisalWorks =
            {
                PrivateKey = AwPrivateKey,
                PostbackUrl = new Uri(receiverUrl, "/aw?token=" + PostbackToken),
                AppraisalPdfSize = 8 * 1024,
            },
        });

        receiverServices = BuildServices(sandbox, HcToken, AwPrivateKey);
        await using var _ = receiverServices;
        var hc = receiverServices.GetRequiredService<IOrderManagerClient>();
        var aw = receiverServices.GetRequiredService<IAppraisalWorksClient>();
        var hcHandler = receiverServices.GetRequiredService<TourCallouts>();
        var awHandler = receiverServices.GetRequiredService<TourPostbacks>();

        // ---- HouseCanary: order, items, callouts to completion, PDF, export ----
        var order = await hc.CreateOrderAsync(new CreateOrderRequest { Name = "Secrets tour", Items = [new CreateOrderItem { Address = "1 Main St", Zipcode = "78701" }] });
        await Eventually(() => !hcHandler.Completed.IsEmpty && hcHandler.Statuses.Contains("complete"), "the HouseCanary order to complete through callouts");
        var items = new List<OrderItem>();
        await foreach (var item in hc.GetOrderItemsAsync(order.Id))
        {
            items.Add(item);
        }

        Assert.True(await hc.DownloadItemPdfAsync(order.Id, items[0].Id, "value_report", new MemoryStream()) > 0);
        var export = await hc.CreateExportAsync(order.Id);
        export = await hc.WaitForExportAsync(order.Id, export.Id, TimeSpan.FromMilliseconds(50));
        Assert.True(await hc.DownloadExportAsync(export.ExportedData!, new MemoryStream()) > 0);
        Assert.True(hcHandler.ReportBytes > 0);

        // ---- AppraisalWorks: order, actions, postbacks fetched with signed GETs to completion ----
        string uid = "SECRETS-TOUR-1";
        await aw.CreateOrderAsync(TestData.AppraisalWorksOrder(uid));
        await aw.AddCommentAsync(uid, "Tour comment");
        await aw.AddDocumentAsync(uid, Arrowbase.AppraisalWorks.Appendices.DocumentTypes.ClientAppraisalSupportDocument, "tour.pdf", "Tour", new MemoryStream(new byte[2048]));
        await aw.PlaceOnHoldAsync(uid, "Tour hold");
        await aw.ResumeAsync(uid, "Tour resume");
        await Eventually(() => awHandler.Events.Contains(PostbackEventNames.Completed), "the AppraisalWorks order to complete through postbacks");
        Assert.True(awHandler.DocumentBytes > 0);
        Assert.Contains(postbackResults, r => r.Outcome == WebhookOutcome.Processed);
        Assert.Contains(calloutResults, r => r.Outcome == WebhookOutcome.Processed);

        // ---- Failure paths ----
        var errors = new List<Exception>();
        await using (var wrong = BuildServices(sandbox, HcWrongToken, AwWrongPrivateKey))
        {
            errors.Add(await Assert.ThrowsAsync<OrderManagerException>(() => wrong.GetRequiredService<IOrderManagerClient>().GetOrderAsync(order.Id)));
            errors.Add(await Assert.ThrowsAsync<AppraisalWorksException>(() => wrong.GetRequiredService<IAppraisalWorksClient>().AddCommentAsync(uid, "refused")));
            AddTexts(wrong);
        }

        Assert.Contains(errors, e => e is OrderManagerException { StatusCode: System.Net.HttpStatusCode.Unauthorized });
        Assert.Contains(errors, e => e is AppraisalWorksException { StatusCode: System.Net.HttpStatusCode.Unauthorized });
        errors.Add(await Assert.ThrowsAsync<OrderValidationException>(() => hc.CreateOrderAsync(new CreateOrderRequest { Name = " ", Items = [] })));
        errors.Add(await Assert.ThrowsAsync<OrderManagerException>(() => hc.CreateOrderAsync(new CreateOrderRequest { Name = "x", OwnerId = 999, Items = [new CreateOrderItem { Address = "1 A St", Zipcode = "78701" }] })));
        errors.Add(await Assert.ThrowsAsync<AppraisalWorksValidationException>(() => aw.CreateOrderAsync(new OrderRequest())));
        errors.Add(await Assert.ThrowsAsync<AppraisalWorksException>(() => aw.CreateOrderAsync(TestData.AppraisalWorksOrder(uid))));

        using var http = new HttpClient();
        byte[] callout = Encoding.UTF8.GetBytes("""{"message_type":"order_status_change","message_id":"forged-1","order_id":"1","new_status":"complete"}""");
        var forged = new CalloutSigner(new CalloutOptions { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { CalloutWrongSecret } }).Sign(callout);
        var forgedPost = new HttpRequestMessage(HttpMethod.Post, new Uri(receiverUrl, "/hc")) { Content = new ByteArrayContent(callout) };
        foreach (var (name, value) in forged.Headers.Where(h => !h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            forgedPost.Headers.TryAddWithoutValidation(name, value);
        }

        Assert.Equal(401, (int)(await http.SendAsync(forgedPost)).StatusCode);
        Assert.Equal(401, (int)(await http.PostAsync(new Uri(receiverUrl, "/aw?token=" + HcWrongToken), new ByteArrayContent(PostbackTestMessages.CreateBody(uid, "Comments", 1)))).StatusCode);
        Assert.Equal(400, (int)(await http.PostAsync(new Uri(receiverUrl, "/aw?token=" + PostbackToken), new ByteArrayContent(PostbackTestMessages.CreateBody(uid, "Comments", 1, $"/Orders/{uid}/../../admin/{PostbackToken}")))).StatusCode);

        // Every callout scheme and postback authentication, refusing wrong credentials.
        foreach (var scheme in new[] { WebhookAuthenticationScheme.Basic, WebhookAuthenticationScheme.HeaderToken, WebhookAuthenticationScheme.QueryToken, WebhookAuthenticationScheme.Signature })
        {
            var right = SchemeOptions(scheme, CalloutPassword, CalloutToken, CalloutSecret);
            var processor = new CalloutProcessor(right, new NoopCalloutHandler(), new InMemoryMessageDeduplicationStore(), logger: new FakeLogger<CalloutProcessor>(_logs));
            var signer = new CalloutSigner(SchemeOptions(scheme, CalloutWrongSecret, CalloutWrongSecret, CalloutWrongSecret));
            var request = signer.CreateRequest(callout);
            var result = await processor.ProcessAsync(request);
            Assert.Equal(WebhookOutcome.Unauthorized, result.Outcome);
            _texts.AddRange([result.ToString(), request.ToString()!, signer.ToString(), signer.Sign(callout).ToString(), right.ToString(), new WebhookVerifier(right).ToString()]);
        }

        foreach (var authentication in new[] { WebhookAuthenticationScheme.HeaderToken, WebhookAuthenticationScheme.QueryToken, WebhookAuthenticationScheme.Basic })
        {
            var right = new PostbackOptions { Scheme = authentication, BasicUserName = "arrowbase", BasicPassword = PostbackPassword };
            right.Tokens.Add(PostbackToken);
            var wrongOptions = new PostbackOptions { Scheme = authentication, BasicUserName = "arrowbase", BasicPassword = CalloutWrongSecret };
            wrongOptions.Tokens.Add(CalloutWrongSecret);
            var request = PostbackTestMessages.CreateRequest(wrongOptions, uid, "Comments", 1);
            var result = await new PostbackProcessor(aw, new TourPostbacks(), new InMemoryMessageDeduplicationStore(), right).ProcessAsync(request);
            Assert.Equal(WebhookOutcome.Unauthorized, result.Outcome);
            _texts.AddRange([result.ToString(), request.ToString()!, right.ToString(), PostbackTestMessages.CreateRequest(right, uid, "Comments", 1).ToString()!]);
        }

        // ---- Collect every text the packages produced ----
        _texts.AddRange(errors.Select(e => e.ToString()));
        _texts.AddRange(calloutResults.SelectMany(r => new[] { r.ToString(), r.ResponseText, r.Message?.ToString() ?? string.Empty }));
        _texts.AddRange(postbackResults.SelectMany(r => new[] { r.ToString(), r.Exception?.ToString() ?? string.Empty, r.ResponseText, r.Message?.ToString() ?? string.Empty }));
        _texts.AddRange([sandbox.ToString(), sandbox.Credentials.ToString(), sandbox.Credentials.HouseCanary.ToString(), sandbox.Credentials.AppraisalWorks.ToString()]);
        _texts.AddRange([new HmacSignatureVerifier(HmacAlgorithm.Sha1, [CalloutSecret]).ToString(), new BasicCredential("housecanary", CalloutPassword).ToString()!]);
        AddTexts(receiverServices);

        var records = _logs.GetSnapshot();
        Assert.True(records.Count > 50, $"expected a busy log, got {records.Count} records");
        Assert.Contains(records, r => r.Level == LogLevel.Trace && r.Category == "HouseCanary.OrderManager.Http.RedactingHttpClientLogger");
        Assert.Contains(records, r => r.Level == LogLevel.Trace && r.Category == "Arrowbase.AppraisalWorks.Http.RedactingHttpClientLogger");
        foreach (var record in records)
        {
            _texts.Add(record.Message);
            _texts.Add(record.Exception?.ToString() ?? string.Empty);
            _texts.AddRange(record.StructuredState?.Select(kv => $"[{record.Category}] {kv.Key}={kv.Value}") ?? []);
        }

        foreach (string text in _texts)
        {
            foreach (string secret in Secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret appeared in: {text}");
            }
        }

        // HTTP client logging at Trace shows every attempt's request headers with Authorization redacted, in the text
        // and in the structured state (other headers, such as Accept and x-request-date, stay readable).
        string[] headerLogs = [.. records.Where(r => r.Message.StartsWith("Request headers (credentials redacted)", StringComparison.Ordinal))
            .SelectMany(r => new[] { r.Message, string.Join("\n", r.StructuredState?.Select(kv => kv.Value) ?? []) })];
        Assert.Contains(headerLogs, m => m.Contains("Authorization: *", StringComparison.Ordinal) && m.Contains("Accept: application/json", StringComparison.Ordinal));
        Assert.Contains(headerLogs, m => m.Contains("Authorization: *", StringComparison.Ordinal) && m.Contains("x-request-date: 2", StringComparison.Ordinal));
        Assert.DoesNotContain(headerLogs, m => m.Contains("Authorization: Token", StringComparison.Ordinal) || m.Contains("Authorization: hmac", StringComparison.Ordinal));
    }

    private ServiceProvider BuildServices(ValuationSandbox sandbox, string hcToken, string awPrivateKey)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(_logs)));
        services.AddHouseCanaryOrderManager(o =>
        {
            o.BaseAddress = sandbox.HouseCanaryBaseAddress;
            o.ApiToken = hcToken;
            o.OwnerOrganizationId = sandbox.Credentials.HouseCanary.OwnerOrganizationId;
            o.OwnerId = sandbox.Credentials.HouseCanary.OwnerId;
        });
        services.AddSingleton<TourCallouts>();
        services.AddHouseCanaryCallouts<TourCallouts>(o =>
        {
            o.Scheme = WebhookAuthenticationScheme.Signature;
            o.Secrets.Add(CalloutSecret);
        });
        services.AddAppraisalWorks(o =>
        {
            o.BaseAddress = sandbox.AppraisalWorksBaseAddress;
            o.ClientId = sandbox.Credentials.AppraisalWorks.ClientId;
            o.PublicKey = sandbox.Credentials.AppraisalWorks.PublicKey;
            o.PrivateKey = awPrivateKey;
        });
        services.AddSingleton<TourPostbacks>();
        services.AddAppraisalWorksPostbacks<TourPostbacks>(o =>
        {
            o.Scheme = WebhookAuthenticationScheme.QueryToken;
            o.Tokens.Add(PostbackToken);
        });
        return services.BuildServiceProvider(validateScopes: true);
    }

    private void AddTexts(IServiceProvider services)
    {
        var hcOptions = services.GetRequiredService<IOptions<OrderManagerOptions>>().Value;
        var awOptions = services.GetRequiredService<IOptions<AppraisalWorksOptions>>().Value;
        _texts.AddRange([hcOptions.ToString(), services.GetRequiredService<IOptions<CalloutOptions>>().Value.ToString(), awOptions.ToString(), services.GetRequiredService<IOptions<PostbackOptions>>().Value.ToString()]);
        _texts.AddRange([services.GetRequiredService<IOrderManagerClient>().ToString()!, services.GetRequiredService<IAppraisalWorksClient>().ToString()!]);
        using var scope = services.CreateScope();
        _texts.Add(scope.ServiceProvider.GetRequiredService<CalloutProcessor>().ToString()!);
        _texts.Add(scope.ServiceProvider.GetRequiredService<PostbackProcessor>().ToString()!);
        _texts.Add(new WebhookVerifier(services.GetRequiredService<IOptions<CalloutOptions>>().Value).ToString());
    }

    private static CalloutOptions SchemeOptions(WebhookAuthenticationScheme scheme, string password, string token, string secret) => scheme switch
    {
        WebhookAuthenticationScheme.Basic => new CalloutOptions { Scheme = scheme, BasicUserName = "housecanary", BasicPassword = password },
        WebhookAuthenticationScheme.HeaderToken => new CalloutOptions { Scheme = scheme, HeaderName = "X-HC-Token", Tokens = { token } },
        WebhookAuthenticationScheme.QueryToken => new CalloutOptions { Scheme = scheme, QueryParameterName = "token", Tokens = { token } },
        _ => new CalloutOptions { Scheme = scheme, Secrets = { secret } },
    };

    private static async Task Eventually(Func<bool> condition, string what)
    {
        for (int i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "Timed out waiting for " + what);
    }

    private sealed class TourCallouts(IOrderManagerClient client) : CalloutHandler
    {
        public ConcurrentBag<string> Statuses { get; } = [];

        public ConcurrentBag<string> Completed { get; } = [];

        public long ReportBytes;

        public override Task OnOrderStatusChangeAsync(OrderStatusChangeMessage message, CancellationToken cancellationToken)
        {
            Statuses.Add(message.NewStatus ?? string.Empty);
            return Task.CompletedTask;
        }

        public override async Task OnOrderCompleteAsync(OrderCompleteMessage message, CancellationToken cancellationToken)
        {
            var sink = new MemoryStream();
            if (message.HasReport)
            {
                await using var report = message.OpenReportStream();
                await report.CopyToAsync(sink, cancellationToken);
            }

            if (message.DownloadUri is { } url)
            {
                await client.DownloadAsync(url, sink, cancellationToken: cancellationToken);
            }

            Interlocked.Add(ref ReportBytes, sink.Length);
            Completed.Add(message.OrderItemId.Value);
        }
    }

    private sealed class TourPostbacks : PostbackHandler
    {
        public ConcurrentBag<string> Events { get; } = [];

        public long DocumentBytes;

        public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken) =>
            ValueTask.FromResult<Stream>(new CountingStream(this));

        public override Task OnCommentsAsync(PostbackEvent postbackEvent, CommentDetails details, CancellationToken cancellationToken) => Record(postbackEvent);

        public override Task OnCompletedAsync(PostbackEvent postbackEvent, CompletedReport report, CancellationToken cancellationToken) => Record(postbackEvent);

        public override Task OnDocumentsAsync(PostbackEvent postbackEvent, DocumentDetails details, CancellationToken cancellationToken) => Record(postbackEvent);

        public override Task OnHoldAsync(PostbackEvent postbackEvent, HoldDetails details, CancellationToken cancellationToken) => Record(postbackEvent);

        public override Task OnResumeAsync(PostbackEvent postbackEvent, ResumeDetails details, CancellationToken cancellationToken) => Record(postbackEvent);

        private Task Record(PostbackEvent e)
        {
            Events.Add(e.KnownName ?? e.EventName);
            return Task.CompletedTask;
        }

        private sealed class CountingStream(TourPostbacks owner) : MemoryStream
        {
            public override void Write(ReadOnlySpan<byte> buffer) => Interlocked.Add(ref owner.DocumentBytes, buffer.Length);

            public override void Write(byte[] buffer, int offset, int count) => Interlocked.Add(ref owner.DocumentBytes, count);

            public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                Interlocked.Add(ref owner.DocumentBytes, buffer.Length);
                return ValueTask.CompletedTask;
            }

            public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                Interlocked.Add(ref owner.DocumentBytes, count);
                return Task.CompletedTask;
            }
        }
    }
}
