using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;
using CsCheck;
using HouseCanary.OrderManager;
using HouseCanary.OrderManager.Callouts;
using HouseCanary.OrderManager.Exports;
using HouseCanary.OrderManager.Models;
using Reliability.Tests.Support;
using RichardSzalay.MockHttp;
using Shared.Signing;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;
using Xunit.Abstractions;

namespace Reliability.Tests;

/// <summary>
/// Random bytes and mutations of every documented payload into every parser and processor: only the documented
/// exception types or failure results come out, and no case hangs (each runs under <see cref="Hostile.CaseLimit"/>).
/// Each target runs <see cref="Hostile.Cases"/> cases.
/// </summary>
[Trait("Category", "HostileInput")]
public sealed partial class HostileInputTests(ITestOutputHelper output)
{
    private static readonly byte[][] Callouts = [.. new[] { "order_complete.json", "order_item_status_change.json", "order_status_change.json" }.Select(TestData.HouseCanary)];

    private static readonly byte[][] HouseCanaryResponses =
    [
        .. new[] { "order.json", "item.json", "export_request.json" }.Select(TestData.HouseCanary),
        """{"detail":"Invalid token."}"""u8.ToArray(),
        """{"items":[{"address":["This field is required."]},{}],"name":["This field may not be blank."]}"""u8.ToArray(),
        """{"count":1,"next":null,"previous":null,"results":[{"id":1,"address":"1 A St"}]}"""u8.ToArray(),
    ];

    private static readonly byte[][] AppraisalWorksResponses = [.. TestData.All("AppraisalWorks").Where(f => f.Name.StartsWith("event-", StringComparison.Ordinal) || f.Name is "standard-response.json" or "order-response.json").Select(f => f.Bytes)];

    private static readonly int[] Statuses = [200, 200, 200, 200, 201, 204, 400, 401, 403, 404, 429, 500, 502, 503];

    // ---------------- HouseCanary callouts ----------------

    [Fact]
    public void CalloutParser_only_throws_CalloutParseException()
    {
        var parser = new CalloutParser();
        Hostile.Run(output, "CalloutParser.Parse", Hostile.SeedGen(Callouts.Length), c =>
        {
            byte[] body = Mutator.Mutate(Callouts[c.Index], c.Seed);
            try
            {
                var message = parser.Parse(body);
                Assert.False(string.IsNullOrWhiteSpace(message.MessageId));
                Assert.False(string.IsNullOrWhiteSpace(message.MessageType));
            }
            catch (CalloutParseException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        });
    }

    [Theory]
    [InlineData(WebhookAuthenticationScheme.Basic)]
    [InlineData(WebhookAuthenticationScheme.HeaderToken)]
    [InlineData(WebhookAuthenticationScheme.QueryToken)]
    [InlineData(WebhookAuthenticationScheme.Signature)]
    public void CalloutProcessor_answers_every_hostile_callout_with_a_result(WebhookAuthenticationScheme scheme)
    {
        var options = CalloutOptionsFor(scheme);
        var processor = new CalloutProcessor(options, new NoopCalloutHandler(), new InMemoryMessageDeduplicationStore());
        var signer = new CalloutSigner(options);
        Hostile.RunAsync(output, $"CalloutProcessor({scheme})", Hostile.SeedGen(Callouts.Length), async c =>
        {
            byte[] body = Mutator.Mutate(Callouts[c.Index], c.Seed);
            var random = new Random(c.Seed);
            var signed = signer.Sign(body);
            var headers = new Dictionary<string, string>(signed.Headers, StringComparer.OrdinalIgnoreCase);
            string? query = signed.QueryString;
            bool tampered = random.Next(4) == 0;
            if (tampered)
            {
                // Forge the credential: a hostile value, or none at all.
                string name = headers.Keys.FirstOrDefault(k => !k.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) ?? "Authorization";
                if (random.Next(2) == 0)
                {
                    headers.Remove(name);
                    query = random.Next(2) == 0 ? null : "?" + Mutator.HostileString(random);
                }
                else
                {
                    headers[name] = Mutator.HostileString(random);
                    query = query is null ? null : "?" + Uri.EscapeDataString(options.QueryParameterName) + "=" + Uri.EscapeDataString(Mutator.HostileString(random));
                }
            }

            var request = random.Next(2) == 0
                ? WebhookRequest.FromHeaders(body, headers, query)
                : new WebhookRequest(new MemoryStream(body), random.Next(3) == 0 ? null : body.Length, n => headers.GetValueOrDefault(n), query);
            var result = await processor.ProcessAsync(request);

            Assert.True(Enum.IsDefined(result.Outcome));
            Assert.False(string.IsNullOrWhiteSpace(result.Reason));
            if (tampered && result.Outcome != WebhookOutcome.Unauthorized)
            {
                // A forged credential only passes when the hostile value happened to be... never the secret.
                Assert.Fail($"A tampered {scheme} callout was not refused: {result}");
            }

            if (!tampered && result.Outcome == WebhookOutcome.Unauthorized)
            {
                Assert.Fail($"An authentic {scheme} callout was refused: {result}");
            }
        });
    }

    // ---------------- AppraisalWorks postbacks ----------------

    private static readonly byte[][] Postbacks =
    [
        TestData.AppraisalWorks("postback.json"),
        .. PostbackEventNames.WithoutDetail.Concat([PostbackEventNames.Comments, PostbackEventNames.Documents, PostbackEventNames.Hold, PostbackEventNames.Cancel])
            .Select(e => PostbackTestMessages.CreateBody("81B9-F16E-03D8-4C3F", e, 1234)),
    ];

    [Fact]
    public void PostbackEvent_Parse_only_throws_PostbackFormatException()
    {
        Hostile.Run(output, "PostbackEvent.Parse", Hostile.SeedGen(Postbacks.Length), c =>
        {
            byte[] body = Mutator.Mutate(Postbacks[c.Index], c.Seed);
            try
            {
                var e = PostbackEvent.Parse(body);
                Assert.False(string.IsNullOrWhiteSpace(e.TransactionUid));
                Assert.True(e.DetailId >= 0);
            }
            catch (PostbackFormatException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        });
    }

    [Fact]
    public void PostbackRoute_rebuilds_only_the_documented_route_from_hostile_paths()
    {
        string[] events = [.. PostbackEventNames.WithoutDetail, PostbackEventNames.Comments, PostbackEventNames.Documents, PostbackEventNames.Hold, "Bogus"];
        Hostile.Run(output, "PostbackRoute.Verify", Gen.Select(Gen.Int[0, events.Length - 1], Gen.Int), c =>
        {
            var random = new Random(c.Item2);
            string uid = random.Next(4) == 0 ? Mutator.HostileString(random) : "UID-" + random.Next(1000);
            long detail = random.Next(3) == 0 ? 0 : random.Next(1, 100000);
            string documented = PostbackTestMessages.DocumentedPath(uid, events[c.Item1], detail);
            string? path = random.Next(4) switch
            {
                0 => documented,
                1 => null,
                2 => Mutator.HostileString(random),
                _ => documented.Insert(random.Next(documented.Length + 1), Mutator.HostileString(random)),
            };
            var e = new PostbackEvent(uid, events[c.Item1], detail, path);
            try
            {
                string route = PostbackRoute.Verify(e);
                Assert.Equal(PostbackRoute.Build(e), route);
                Assert.StartsWith("/Orders/", route, StringComparison.Ordinal);
                Assert.DoesNotContain("..", route, StringComparison.Ordinal);
                Assert.DoesNotContain('\\', route);
                Assert.Equal(route.Count(ch => ch == '/'), detail == 0 || PostbackEventNames.WithoutDetail.Contains(e.KnownName!) ? 3 : 4);
            }
            catch (PostbackRouteException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        });
    }

    [Theory]
    [InlineData(WebhookAuthenticationScheme.None)]
    [InlineData(WebhookAuthenticationScheme.HeaderToken)]
    [InlineData(WebhookAuthenticationScheme.QueryToken)]
    [InlineData(WebhookAuthenticationScheme.Basic)]
    public void PostbackProcessor_answers_every_hostile_postback_with_a_result(WebhookAuthenticationScheme authentication)
    {
        var options = new PostbackOptions { Scheme = authentication, BasicUserName = "arrowbase", BasicPassword = "pb-basic-pass-77" };
        options.Tokens.Add("pb-token-secret-88");
        using var mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(request => EventResponse(request.RequestUri!));
        var client = AppraisalWorksClient.Create(new AppraisalWorksOptions { BaseAddress = new Uri("https://aw.test/RapiV1/"), ClientId = "4564", PublicKey = "pub", PrivateKey = "priv" }, mock);
        var processor = new PostbackProcessor(client, new DiscardingPostbackHandler(), new InMemoryMessageDeduplicationStore(), options);
        Hostile.RunAsync(output, $"PostbackProcessor({authentication})", Hostile.SeedGen(Postbacks.Length), async c =>
        {
            var random = new Random(c.Seed);
            byte[] body = Mutator.Mutate(Postbacks[c.Index], c.Seed);
            var authentic = PostbackTestMessages.CreateRequest(options, "x", "Comments", 1);
            bool tampered = authentication != WebhookAuthenticationScheme.None && random.Next(4) == 0;
            string? query = tampered ? "?token=" + Uri.EscapeDataString(Mutator.HostileString(random)) : authentic.QueryString;
            string? Header(string name) => tampered ? (random.Next(2) == 0 ? null : Mutator.HostileString(random)) : authentic.GetHeader(name);

            var result = random.Next(2) == 0
                ? await processor.ProcessAsync(new WebhookRequest(body, Header, query))
                : await processor.ProcessAsync(new WebhookRequest(new MemoryStream(body), null, Header, query));

            Assert.True(Enum.IsDefined(result.Outcome));
            Assert.InRange(result.StatusCode, 200, 599);
            Assert.False(string.IsNullOrWhiteSpace(result.Reason));
            Assert.True(!tampered || result.Outcome == WebhookOutcome.Unauthorized, $"A forged postback credential passed: {result.Outcome}");
        });
    }

    // ---------------- API responses ----------------

    [Fact]
    public void HouseCanary_responses_give_a_value_or_OrderManagerException()
    {
        Hostile.RunAsync(output, "OrderManagerClient responses", Hostile.SeedGen(HouseCanaryResponses.Length), async c =>
        {
            var random = new Random(c.Seed);
            byte[] body = Mutator.Mutate(HouseCanaryResponses[c.Index], c.Seed);
            int status = Statuses[random.Next(Statuses.Length)];
            using var mock = new MockHttpMessageHandler();
            mock.Fallback.Respond(_ => new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(body) });
            var options = new OrderManagerOptions { BaseAddress = new Uri("https://hc.test/partner-api/v1/"), ApiToken = "hc-token-secret-99", OwnerOrganizationId = 1, OwnerId = 2 };
            using var http = new HttpClient(mock, disposeHandler: false) { BaseAddress = options.BaseAddress };
            var client = new OrderManagerClient(http, new StaticOptionsMonitor<OrderManagerOptions>(options));
            try
            {
                switch (random.Next(3))
                {
                    case 0:
                        _ = await client.GetOrderAsync(12);
                        break;
                    case 1:
                        await foreach (var item in client.GetOrderItemsAsync(12))
                        {
                            Assert.NotNull(item);
                        }

                        break;
                    default:
                        _ = await client.GetExportRequestAsync(12, 3);
                        break;
                }

                Assert.InRange(status, 200, 299);
            }
            catch (OrderManagerException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                Assert.True(ex.StatusCode is null || (int)ex.StatusCode == status);
            }
        });
    }

    [Fact]
    public void AppraisalWorks_responses_and_streamed_documents_give_a_value_or_AppraisalWorksException()
    {
        var options = new AppraisalWorksOptions { BaseAddress = new Uri("https://aw.test/RapiV1/"), ClientId = "4564", PublicKey = "pub", PrivateKey = "aw-private-secret-11", MaxResponseMemberBytes = 64 * 1024 };
        Hostile.RunAsync(output, "AppraisalWorksClient responses", Hostile.SeedGen(AppraisalWorksResponses.Length), async c =>
        {
            var random = new Random(c.Seed);
            byte[] body = Mutator.Mutate(AppraisalWorksResponses[c.Index], c.Seed);
            int status = Statuses[random.Next(Statuses.Length)];
            using var mock = new MockHttpMessageHandler();
            mock.Fallback.Respond(_ => new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(body) });
            var client = AppraisalWorksClient.Create(options, mock);
            var destinations = new List<MemoryStream>();
            try
            {
                switch (random.Next(4))
                {
                    case 0:
                        _ = await client.GetCommentAsync("UID-1", 5);
                        break;
                    case 1:
                        _ = await client.GetDocumentAsync("UID-1", 5, Stream.Null);
                        break;
                    case 2:
                        _ = await client.GetCompletedAsync("UID-1", (_, _) =>
                        {
                            var s = new MemoryStream();
                            destinations.Add(s);
                            return ValueTask.FromResult<Stream>(s);
                        });
                        break;
                    default:
                        _ = await client.AddCommentAsync("UID-1", "hello");
                        break;
                }

                Assert.InRange(status, 200, 299);
            }
            catch (AppraisalWorksException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
            }
        });
    }

    // ---------------- signature and credential headers ----------------

    [Fact]
    public void Signature_and_credential_headers_give_failure_results_never_exceptions()
    {
        var sha1 = new HmacSignatureVerifier(HmacAlgorithm.Sha1, ["callout-secret-22"]);
        var sha256 = new HmacSignatureVerifier(HmacAlgorithm.Sha256, ["callout-secret-22", "old-secret"]);
        BasicCredential[] basic = [new BasicCredential("hc", "basic-pass-33")];
        string?[] tokens = ["token-44", null, ""];
        byte[] payload = "{\"message_id\":\"m\"}"u8.ToArray();
        Hostile.Run(output, "Shared.Signing headers", Gen.Int, seed =>
        {
            var random = new Random(seed);
            string value = Mutator.HostileString(random);
            if (random.Next(3) == 0)
            {
                value = (random.Next(2) == 0 ? "sha1=" : random.Next(2) == 0 ? "Basic " : "hmac ") + value;
            }

            Span<byte> digest = stackalloc byte[64];
            AssertFailed(sha1.VerifyHeader(payload, value));
            AssertFailed(sha256.VerifyHeader(payload, value));
            AssertFailed(sha256.VerifyBase64(payload, value));
            AssertFailed(CredentialVerifier.VerifyBasic(value, basic));
            AssertFailed(CredentialVerifier.VerifyToken(value, tokens));
            AssertFailed(CredentialVerifier.VerifyHeaderToken(_ => value, "X-Token", tokens));
            AssertFailed(CredentialVerifier.VerifyQueryToken("?" + value, "token", tokens));
            AssertFailed(CredentialVerifier.VerifyQueryToken(value, "token", tokens));
            _ = SignatureHeader.TryParse(value, HmacAlgorithm.Sha256, digest, out _);
            _ = SignatureHeader.TryParseBase64(value, HmacAlgorithm.Sha1, digest, out _);
            if (AppraisalWorksSignature.TryParseAuthorization(value, out string publicKey, out string signature))
            {
                Assert.NotNull(publicKey);
                Assert.False(AppraisalWorksSignature.Verify("aw-private-secret-11", "GET,application/json,,/Orders,2022-04-12 16:32:25Z", signature).IsValid);
            }
        });
    }

    // ---------------- export naming ----------------

    [Fact]
    public void Export_names_from_hostile_inputs_stay_plain_file_names()
    {
        var naming = new ExportNaming(TimeProvider.System);
        Hostile.Run(output, "ExportNaming", Gen.Int, seed =>
        {
            var random = new Random(seed);
            string? Maybe() => random.Next(5) == 0 ? null : Mutator.HostileString(random);
            DateOnly? Date() => random.Next(3) == 0 ? null : DateOnly.FromDayNumber(random.Next(0, 3_652_058));

            string slug = ExportNaming.Slugify(Maybe());
            Assert.Matches(SlugPattern(), slug);

            // The archive name is built from a slug: always a plain file name.
            string archive = naming.OrderDownloadName(Maybe(), Date(), "zip");
            Assert.Matches(ArchivePattern(), archive);

            // The item prefix is HouseCanary's own rule, which keeps customer_item_id and unit as given, made one file
            // name: every character that cannot stand in a file name becomes '-' (docs/reliability.md says so).
            string? customerItemId = Maybe();
            string? address = Maybe();
            string? unit = Maybe();
            var completion = Date();
            string prefix = naming.OrderItemFilePrefix(customerItemId, address, unit, completion, new DateOnly(2024, 1, 2));
            string id = !string.IsNullOrEmpty(customerItemId) ? customerItemId : ExportNaming.Slugify(address) + (string.IsNullOrEmpty(unit) ? string.Empty : "-" + unit);
            Assert.Equal(ExportNaming.ToFileNamePart(id) + "_" + (completion ?? new DateOnly(2024, 1, 2)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), prefix);
            Assert.DoesNotContain(prefix, c => c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' || char.IsControl(c));
        });
    }

    [GeneratedRegex("^[a-z0-9_-]*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^HC_[a-z0-9_-]*_[0-9]{4}-[0-9]{2}-[0-9]{2}\\.zip$")]
    private static partial Regex ArchivePattern();

    private static void AssertFailed(VerificationResult result)
    {
        Assert.False(result.IsValid);
        Assert.False(string.IsNullOrEmpty(result.Message));
    }

    internal static CalloutOptions CalloutOptionsFor(WebhookAuthenticationScheme scheme) => scheme switch
    {
        WebhookAuthenticationScheme.Basic => new CalloutOptions { Scheme = scheme, BasicUserName = "housecanary", BasicPassword = "hc-callout-password-55" },
        WebhookAuthenticationScheme.HeaderToken => new CalloutOptions { Scheme = scheme, HeaderName = "X-HC-Token", Tokens = { "hc-callout-token-66" } },
        WebhookAuthenticationScheme.QueryToken => new CalloutOptions { Scheme = scheme, QueryParameterName = "token", Tokens = { "hc-callout-token-66" } },
        _ => new CalloutOptions { Scheme = scheme, Secrets = { "hc-callout-secret-77" } },
    };

    private static HttpResponseMessage EventResponse(Uri uri)
    {
        string[] segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string file = segments.Length >= 4 ? segments[3].ToLowerInvariant() switch
        {
            "rescheduled" => "event-scheduled.json",
            var e => $"event-{e}.json",
        } : "standard-response.json";
        string path = TestData.PathOf("AppraisalWorks", file);
        byte[] body = File.Exists(path) ? File.ReadAllBytes(path) : "{\"isSuccess\":true}"u8.ToArray();
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
    }
}

internal sealed class NoopCalloutHandler : CalloutHandler;

/// <summary>Writes postback documents nowhere.</summary>
internal sealed class DiscardingPostbackHandler : PostbackHandler
{
    public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Stream>(new MemoryStream());
}

/// <summary>Single inputs the property tests found, pinned.</summary>
public sealed class HostileInputRegressionTests
{
    [Theory]
    [InlineData("Caf\uD800\u00e9 Cr\u00e8me", "cafe-creme")]
    [InlineData("\uDC00x\uD83D", "x")]
    [InlineData("ok \uD83D\uDE00 emoji", "ok-emoji")]
    public void Slugify_drops_lone_surrogates_as_Django_does(string input, string expected) =>
        Assert.Equal(expected, HouseCanary.OrderManager.Exports.ExportNaming.Slugify(input));
}
