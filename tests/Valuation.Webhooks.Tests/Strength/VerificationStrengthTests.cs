using System.Text;
using Shared.Signing;

namespace Valuation.Webhooks.Tests.Strength;

/// <summary>
/// What the engine accepts and refuses before a handler runs: each scheme's credentials, the HMAC algorithm the
/// options name, the body cap at its exact edge, and the standalone <see cref="WebhookVerifier"/>.
/// </summary>
public class VerificationStrengthTests
{
    private static readonly byte[] Body = TestProcessor.Body("v-1");

    // ---- HMAC-SHA256, and the algorithm the options name ----

    [Fact]
    public async Task A_receiver_configured_for_HMAC_SHA256_accepts_a_sha256_signature_of_the_body()
    {
        var options = new Sha256Options();
        string header = "sha256=" + Convert.ToHexStringLower(Hmac.Compute(HmacAlgorithm.Sha256, Encoding.UTF8.GetBytes(Sha256Options.Secret), Body));
        var processor = new TestProcessor(options, (_, _) => Task.CompletedTask);

        var result = await processor.ProcessAsync(Signed(Body, header));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
    }

    [Fact]
    public async Task A_receiver_configured_for_HMAC_SHA256_refuses_a_SHA1_digest_even_when_labelled_sha256()
    {
        var options = new Sha256Options();
        string sha1Hex = Convert.ToHexStringLower(Hmac.Compute(HmacAlgorithm.Sha1, Encoding.UTF8.GetBytes(Sha256Options.Secret), Body));
        int handled = 0;
        var processor = new TestProcessor(options, (_, _) => Task.FromResult(Interlocked.Increment(ref handled)));

        var labelledSha1 = await processor.ProcessAsync(Signed(Body, "sha1=" + sha1Hex));
        var wrongLength = await processor.ProcessAsync(Signed(Body, "sha256=" + sha1Hex));

        Assert.Equal(WebhookOutcome.Unauthorized, labelledSha1.Outcome);
        Assert.Equal(WebhookOutcome.Unauthorized, wrongLength.Outcome);
        Assert.Equal(0, handled);
    }

    [Fact]
    public async Task A_receiver_configured_for_HMAC_SHA1_refuses_a_SHA256_signature_of_the_same_body()
    {
        var options = new TestOptions();
        string sha256 = "sha256=" + Convert.ToHexStringLower(Hmac.Compute(HmacAlgorithm.Sha256, Encoding.UTF8.GetBytes(TestOptions.Secret), Body));
        var processor = new TestProcessor(options, (_, _) => Task.CompletedTask);

        var result = await processor.ProcessAsync(Signed(Body, sha256, "X-Test-Signature"));

        Assert.Equal(WebhookOutcome.Unauthorized, result.Outcome);
    }

    [Fact]
    public async Task A_signature_by_the_second_configured_secret_is_accepted_during_a_rotation()
    {
        var options = new TestOptions();
        options.Secrets.Insert(0, "the-new-secret-value");
        var processor = new TestProcessor(options, (_, _) => Task.CompletedTask);

        // TestProcessor.Request signs with the first secret: sign with the second (the old one) by hand.
        string old = SignatureHeader.Format(HmacAlgorithm.Sha1, Hmac.Compute(HmacAlgorithm.Sha1, Encoding.UTF8.GetBytes(TestOptions.Secret), Body));
        var result = await processor.ProcessAsync(Signed(Body, old, "X-Test-Signature"));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
    }

    [Fact]
    public async Task A_refused_oversized_signed_body_leaves_nothing_behind_in_the_pooled_HMACs()
    {
        // The HMACs are pooled across requests: a body refused half-read must not leak into the next one's digest.
        var options = new TestOptions { MaxBodyBytes = 2048 };
        var processor = new TestProcessor(options, (_, _) => Task.CompletedTask);
        byte[] big = new byte[4096];
        // Read 1000 bytes at a time: two chunks are hashed before the third passes the cap.
        var oversized = new WebhookRequest(new ChunkedStream(big, 1000), null, WebhookTestRequests.Create(options, big).GetHeader, null);

        var refused = await processor.ProcessAsync(oversized);
        var results = new List<WebhookOutcome>();
        for (int i = 0; i < 3; i++)
        {
            byte[] body = TestProcessor.Body("after-" + i);
            var signed = WebhookTestRequests.Create(options, body);
            results.Add((await processor.ProcessAsync(new WebhookRequest(new MemoryStream(body), null, signed.GetHeader, null))).Outcome);
        }

        Assert.Equal(WebhookOutcome.PayloadTooLarge, refused.Outcome);
        Assert.All(results, r => Assert.Equal(WebhookOutcome.Processed, r));
    }

    // ---- The body cap at its exact edge ----

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task A_body_of_exactly_MaxBodyBytes_is_accepted_and_one_byte_more_is_413(bool declared, bool inMemory)
    {
        byte[] exact = Padded(TestProcessor.Body("cap"), 1500);
        byte[] over = Padded(TestProcessor.Body("cap"), 1501);
        var options = new TestOptions { MaxBodyBytes = 1500 };
        int handled = 0;
        var processor = new TestProcessor(options, (_, _) => Task.FromResult(Interlocked.Increment(ref handled)));

        var atCap = await processor.ProcessAsync(Request(options, exact, declared, inMemory));
        var pastCap = await processor.ProcessAsync(Request(options, over, declared, inMemory));

        Assert.Equal(WebhookOutcome.Processed, atCap.Outcome);
        Assert.Equal(WebhookOutcome.PayloadTooLarge, pastCap.Outcome);
        Assert.Equal(413, pastCap.StatusCode);
        Assert.Equal(1, handled);
    }

    [Fact]
    public async Task A_streamed_body_past_the_cap_is_refused_after_reading_at_most_the_cap_plus_one_byte()
    {
        var options = new TestOptions { MaxBodyBytes = 100_000 };
        var processor = new TestProcessor(options, (_, _) => Task.CompletedTask);
        var stream = new MemoryStream(new byte[1_000_000]);
        byte[] any = new byte[1];

        var result = await processor.ProcessAsync(new WebhookRequest(stream, null, WebhookTestRequests.Create(options, any).GetHeader, null));

        Assert.Equal(WebhookOutcome.PayloadTooLarge, result.Outcome);
        Assert.Equal(100_001, stream.Position);
    }

    // ---- Unsigned schemes are not streamed through the spool ----

    [Fact]
    public async Task A_token_authenticated_body_larger_than_the_spool_threshold_reaches_the_handler_whole()
    {
        var options = new TestOptions { Scheme = WebhookAuthenticationScheme.HeaderToken, HeaderName = "X-Token", BufferThresholdBytes = 1024, MaxBodyBytes = 1_000_000 };
        options.Tokens.Add("token-value-1");
        byte[] body = Padded(TestProcessor.Body("big"), 200_000);
        TestMessage? seen = null;
        var processor = new TestProcessor(options, (m, _) => { seen = m; return Task.CompletedTask; });

        var result = await processor.ProcessAsync(new WebhookRequest(new MemoryStream(body), body.Length, WebhookTestRequests.Create(options, body).GetHeader, null));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Equal("big", seen?.Id);
    }

    // ---- WebhookVerifier ----

    [Theory]
    [InlineData("user", null)]
    [InlineData(null, "password-value")]
    [InlineData("", "password-value")]
    [InlineData("user", "")]
    [InlineData("us:er", "password-value")]
    public void A_Basic_verifier_missing_either_half_of_the_credential_accepts_nothing(string? user, string? password)
    {
        var options = new TestOptions { Scheme = WebhookAuthenticationScheme.Basic, BasicUserName = user, BasicPassword = password };
        var verifier = new WebhookVerifier(options);
        string presented = new BasicCredential(string.IsNullOrEmpty(user) ? "x" : user.Replace(":", "", StringComparison.Ordinal), string.IsNullOrEmpty(password) ? "x" : password).ToAuthorizationHeaderValue();
        string emptyHalves = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes((user ?? "") + ":" + (password ?? "")));

        var result = verifier.Verify(Body, Headers(("Authorization", presented)), null);
        var empty = verifier.Verify(Body, Headers(("Authorization", emptyHalves)), null);

        Assert.Equal(VerificationFailure.NotConfigured, result.Failure);
        Assert.Equal(VerificationFailure.NotConfigured, empty.Failure);
        Assert.Contains("Test:Webhooks:BasicUserName and BasicPassword", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Basic_verifier_accepts_the_configured_pair_and_refuses_a_wrong_password()
    {
        var options = new TestOptions { Scheme = WebhookAuthenticationScheme.Basic, BasicUserName = "partner", BasicPassword = "s3cret-pass" };
        var verifier = new WebhookVerifier(options);

        var good = verifier.Verify(Body, Headers(("Authorization", new BasicCredential("partner", "s3cret-pass").ToAuthorizationHeaderValue())), null);
        var bad = verifier.Verify(Body, Headers(("Authorization", new BasicCredential("partner", "wrong-pass").ToAuthorizationHeaderValue())), null);

        Assert.True(good.IsValid);
        Assert.Equal(VerificationFailure.Mismatch, bad.Failure);
    }

    [Fact]
    public void A_token_verifier_answers_before_looking_at_the_body()
    {
        var options = new TestOptions { Scheme = WebhookAuthenticationScheme.QueryToken };
        options.Tokens.Add("query-token-1");
        var verifier = new WebhookVerifier(options);

        var good = verifier.Verify([], Headers(), "?token=query-token-1");
        var bad = verifier.Verify(Body, Headers(), "?token=query-token-2");

        Assert.True(good.IsValid);
        Assert.Equal(VerificationFailure.Mismatch, bad.Failure);
        Assert.Equal(WebhookAuthenticationScheme.QueryToken, verifier.Scheme);
    }

    [Fact]
    public void A_verifier_with_no_scheme_accepts_anything_and_one_with_an_unknown_scheme_accepts_nothing()
    {
        var none = new WebhookVerifier(new TestOptions { Scheme = WebhookAuthenticationScheme.None });
        var unknown = new WebhookVerifier(new TestOptions { Scheme = (WebhookAuthenticationScheme)99 });

        Assert.True(none.Verify(Body, Headers(), null).IsValid);
        var refused = unknown.Verify(Body, Headers(), null);
        Assert.Equal(VerificationFailure.NotConfigured, refused.Failure);
        Assert.StartsWith("Test:Webhooks:Scheme is not configured", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_signature_verifier_hashes_the_body_it_is_given_and_names_the_matching_secret()
    {
        var options = new TestOptions();
        options.Secrets.Add("second-secret-value");
        var verifier = new WebhookVerifier(options);
        string bySecond = SignatureHeader.Format(HmacAlgorithm.Sha1, Hmac.Compute(HmacAlgorithm.Sha1, Encoding.UTF8.GetBytes("second-secret-value"), Body));
        byte[] tampered = (byte[])Body.Clone();
        tampered[^2] ^= 1;

        var good = verifier.Verify(Body, Headers(("X-Test-Signature", bySecond)), null);
        var bad = verifier.Verify(tampered, Headers(("X-Test-Signature", bySecond)), null);
        var missing = verifier.Verify(Body, Headers(), null);

        Assert.True(good.IsValid);
        Assert.Equal(1, good.MatchedSecretIndex);
        Assert.Equal(VerificationFailure.Mismatch, bad.Failure);
        Assert.Equal(VerificationFailure.Missing, missing.Failure);
        Assert.Equal("WebhookVerifier(Signature)", verifier.ToString());
    }

    [Fact]
    public void A_signature_verifier_with_only_blank_secrets_or_no_header_name_accepts_nothing()
    {
        var blank = new TestOptions();
        blank.Secrets.Clear();
        blank.Secrets.Add("");
        var noHeader = new TestOptions { SignatureHeaderName = " " };
        string signature = SignatureHeader.Format(HmacAlgorithm.Sha1, Hmac.Compute(HmacAlgorithm.Sha1, [], Body));

        var byBlank = new WebhookVerifier(blank).Verify(Body, Headers(("X-Test-Signature", signature)), null);
        var byNoHeader = new WebhookVerifier(noHeader).Verify(Body, Headers((" ", signature)), null);

        Assert.Equal(VerificationFailure.NotConfigured, byBlank.Failure);
        Assert.Equal(VerificationFailure.NotConfigured, byNoHeader.Failure);
        Assert.StartsWith("Test:Webhooks:Secrets and SignatureHeaderName are not configured", byBlank.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WebhookAuthenticationScheme.HeaderToken, null, "Test:Webhooks:HeaderName is not configured")]
    [InlineData(WebhookAuthenticationScheme.HeaderToken, " ", "Test:Webhooks:HeaderName is not configured")]
    [InlineData(WebhookAuthenticationScheme.QueryToken, " ", "Test:Webhooks:QueryParameterName is not configured")]
    public void A_token_verifier_with_no_name_to_look_under_accepts_nothing_and_says_which_setting(WebhookAuthenticationScheme scheme, string? name, string says)
    {
        var options = new TestOptions { Scheme = scheme, HeaderName = name, QueryParameterName = name ?? "token" };
        options.Tokens.Add("token-value-1");

        var result = new WebhookVerifier(options).Verify(Body, Headers((" ", "token-value-1")), "? =token-value-1");

        Assert.Equal(VerificationFailure.NotConfigured, result.Failure);
        Assert.StartsWith(says, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_the_same_secret_configured_twice_the_first_is_named_as_the_match()
    {
        var options = new TestOptions();
        options.Secrets.Add(TestOptions.Secret);
        string signature = SignatureHeader.Format(HmacAlgorithm.Sha1, Hmac.Compute(HmacAlgorithm.Sha1, Encoding.UTF8.GetBytes(TestOptions.Secret), Body));

        var result = new WebhookVerifier(options).Verify(Body, Headers(("X-Test-Signature", signature)), null);

        Assert.True(result.IsValid);
        Assert.Equal(0, result.MatchedSecretIndex);
    }

    // ---- helpers ----

    private static WebhookRequest Signed(byte[] body, string header, string name = Sha256Options.SignatureHeader) =>
        new(body, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase) ? header : null);

    private static Func<string, string?> Headers(params (string Name, string Value)[] headers) =>
        n => headers.FirstOrDefault(h => string.Equals(h.Name, n, StringComparison.OrdinalIgnoreCase)).Value;

    private static WebhookRequest Request(WebhookReceiverOptions options, byte[] body, bool declared, bool inMemory)
    {
        var signed = WebhookTestRequests.Create(options, body);
        return inMemory ? signed : new WebhookRequest(new MemoryStream(body), declared ? body.Length : null, signed.GetHeader, null);
    }

    /// <summary>A JSON body padded with trailing spaces to exactly <paramref name="length"/> bytes (still a valid message).</summary>
    internal static byte[] Padded(byte[] json, int length)
    {
        byte[] padded = new byte[length];
        json.CopyTo(padded, 0);
        padded.AsSpan(json.Length).Fill((byte)' ');
        return padded;
    }

    private sealed class Sha256Options : WebhookReceiverOptions
    {
        public const string Secret = "sha256-secret-value";
        public const string SignatureHeader = "X-Signature-256";

        public Sha256Options()
            : base("Test256:Webhooks", 1024 * 1024, HmacAlgorithm.Sha256)
        {
            Scheme = WebhookAuthenticationScheme.Signature;
            SignatureHeaderName = SignatureHeader;
            Secrets.Add(Secret);
        }
    }

    /// <summary>A stream over bytes that returns at most <paramref name="chunk"/> of them per read.</summary>
    internal sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
