using System.Text;
using Shared.Signing;
using Shared.Signing.Tests.Support;
using Valuation.Tests.Support;

namespace Shared.Signing.Tests;

public class HmacSignatureVerifierTests
{
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("{\"message_type\":\"order_complete\",\"message_id\":\"m-1\"}");

    private static string Header(string secret) => "sha1=" + Hmac.ComputeHex(HmacAlgorithm.Sha1, Encoding.UTF8.GetBytes(secret), Payload);

    [Fact]
    public void Accepts_the_right_signature()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, ["s3cret"]);
        var result = verifier.VerifyHeader(Payload, Header("s3cret"));
        Assert.True(result.IsValid);
        Assert.Equal(VerificationFailure.None, result.Failure);
        Assert.Equal(0, result.MatchedSecretIndex);
    }

    [Fact]
    public void Rotation_accepts_any_configured_secret_and_reports_which()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, ["new-secret", "old-secret"]);
        Assert.Equal(0, verifier.VerifyHeader(Payload, Header("new-secret")).MatchedSecretIndex);
        Assert.Equal(1, verifier.VerifyHeader(Payload, Header("old-secret")).MatchedSecretIndex);
        Assert.Equal(VerificationFailure.Mismatch, verifier.VerifyHeader(Payload, Header("retired-secret")).Failure);
    }

    [Fact]
    public void A_tampered_payload_is_a_mismatch()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, ["s3cret"]);
        byte[] tampered = (byte[])Payload.Clone();
        tampered[^2] ^= 1;
        var result = verifier.VerifyHeader(tampered, Header("s3cret"));
        Assert.Equal(VerificationFailure.Mismatch, result.Failure);
        Assert.Equal(-1, result.MatchedSecretIndex);
    }

    [Fact]
    public void A_missing_header_is_missing()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, ["s3cret"]);
        Assert.Equal(VerificationFailure.Missing, verifier.VerifyHeader(Payload, null).Failure);
    }

    [Fact]
    public void A_malformed_header_is_malformed()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, ["s3cret"]);
        Assert.Equal(VerificationFailure.Malformed, verifier.VerifyHeader(Payload, "sha1=nothex").Failure);
        Assert.Equal(VerificationFailure.Malformed, verifier.VerifyHeader(Payload, Header("s3cret").Replace("sha1=", "sha256=", StringComparison.Ordinal)).Failure);
    }

    [Fact]
    public void No_secret_fails_closed_even_for_an_empty_signature_of_an_empty_key()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, new string?[] { null, "" });
        Assert.Equal(0, verifier.SecretCount);
        var result = verifier.VerifyHeader(Payload, Header("x"));
        Assert.Equal(VerificationFailure.NotConfigured, result.Failure);
    }

    [Fact]
    public async Task Stream_verification_reads_once_and_matches_the_span_result()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, ["a", "b"]);
        Assert.Equal(1, (await verifier.VerifyHeaderAsync(new MemoryStream(Payload), Header("b"))).MatchedSecretIndex);
        Assert.Equal(VerificationFailure.Mismatch, (await verifier.VerifyHeaderAsync(new MemoryStream(Payload), Header("c"))).Failure);
        Assert.Equal(VerificationFailure.Malformed, (await verifier.VerifyHeaderAsync(new MemoryStream(Payload), "sha1=zz")).Failure);
    }

    [Fact]
    public void Base64_and_digest_forms_verify()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha256, ["key"]);
        byte[] digest = Hmac.Compute(HmacAlgorithm.Sha256, "key"u8, Payload);
        Assert.True(verifier.VerifyBase64(Payload, Convert.ToBase64String(digest)).IsValid);
        Assert.True(verifier.VerifyDigest(Payload, digest).IsValid);
        Assert.Equal(VerificationFailure.Malformed, verifier.VerifyDigest(Payload, digest.AsSpan(1)).Failure);
        Assert.Equal(VerificationFailure.Missing, verifier.VerifyBase64(Payload, null).Failure);
    }

    [Fact]
    public void ToString_and_messages_never_contain_a_secret()
    {
        const string secret = "super-secret-value";
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, [secret]);
        Assert.DoesNotContain(secret, verifier.ToString(), StringComparison.Ordinal);
        foreach (string? header in new[] { null, "", "sha1=xyz", Header("other"), Header(secret) })
        {
            var result = verifier.VerifyHeader(Payload, header);
            Assert.DoesNotContain(secret, result.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Byte_secrets_skip_empty_entries()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, [Array.Empty<byte>(), "s3cret"u8.ToArray()]);
        Assert.Equal(1, verifier.SecretCount);
        Assert.Equal(0, verifier.VerifyHeader(Payload, Header("s3cret")).MatchedSecretIndex);
        Assert.Equal(VerificationFailure.NotConfigured, new HmacSignatureVerifier(HmacAlgorithm.Sha1, [Array.Empty<byte>()]).VerifyHeader(Payload, Header("")).Failure);
    }

    [Fact]
    public async Task Every_form_fails_closed_with_no_secret()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha256, Array.Empty<string>());
        byte[] digest = Hmac.Compute(HmacAlgorithm.Sha256, ""u8, Payload);
        Assert.Equal(VerificationFailure.NotConfigured, verifier.VerifyBase64(Payload, Convert.ToBase64String(digest)).Failure);
        Assert.Equal(VerificationFailure.NotConfigured, verifier.VerifyDigest(Payload, digest).Failure);
        var result = await verifier.VerifyHeaderAsync(new MemoryStream(Payload), SignatureHeader.Format(HmacAlgorithm.Sha256, digest));
        Assert.Equal(VerificationFailure.NotConfigured, result.Failure);
        Assert.Contains("No signing secret is configured", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Base64_signature_that_is_well_formed_but_wrong_is_a_mismatch_and_bad_base64_is_malformed()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha256, ["key"]);
        string wrong = Convert.ToBase64String(Hmac.Compute(HmacAlgorithm.Sha256, "other"u8, Payload));
        var mismatch = verifier.VerifyBase64(Payload, wrong);
        Assert.Equal(VerificationFailure.Mismatch, mismatch.Failure);
        Assert.Contains("does not match the payload", mismatch.Message, StringComparison.Ordinal);
        Assert.Equal(VerificationFailure.Malformed, verifier.VerifyBase64(Payload, new string('!', 44)).Failure);
        Assert.Contains("signature is missing", verifier.VerifyBase64(Payload, null).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Raw_digests_must_be_present_and_of_the_algorithms_length()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, ["s3cret"]);
        var empty = verifier.VerifyDigest(Payload, []);
        Assert.Equal(VerificationFailure.Missing, empty.Failure);
        var shortDigest = verifier.VerifyDigest(Payload, new byte[19]);
        Assert.Equal(VerificationFailure.Malformed, shortDigest.Failure);
        Assert.Contains("20 bytes; this one is 19", shortDigest.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stream_verification_handles_a_missing_header_and_a_match_on_the_first_secret()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, ["a", "b"]);
        var missing = await verifier.VerifyHeaderAsync(new MemoryStream(Payload), null);
        Assert.Equal(VerificationFailure.Missing, missing.Failure);
        Assert.Contains("signature header is missing", missing.Message, StringComparison.Ordinal);
        Assert.Contains("signature header is missing", verifier.VerifyHeader(Payload, null).Message, StringComparison.Ordinal);
        Assert.Equal(0, (await verifier.VerifyHeaderAsync(new MemoryStream(Payload), Header("a"))).MatchedSecretIndex);
    }

    [Fact]
    public async Task Rotation_reports_the_index_of_any_of_many_secrets_and_the_first_of_duplicates()
    {
        string[] secrets = ["s0", "s1", "s2", "s3", "s4", "s5"];
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, secrets);
        for (int i = 0; i < secrets.Length; i++)
        {
            var result = verifier.VerifyHeader(Payload, Header(secrets[i]));
            Assert.True(result.IsValid);
            Assert.Equal(i, result.MatchedSecretIndex);
        }

        var duplicates = new HmacSignatureVerifier(HmacAlgorithm.Sha1, ["same", "same"]);
        Assert.Equal(0, duplicates.VerifyHeader(Payload, Header("same")).MatchedSecretIndex);
        Assert.Equal(0, (await duplicates.VerifyHeaderAsync(new MemoryStream(Payload), Header("same"))).MatchedSecretIndex);
    }

    [Fact]
    public void ToString_names_the_algorithm_and_the_number_of_secrets()
    {
        string text = new HmacSignatureVerifier(HmacAlgorithm.Sha256, ["a", "b"]).ToString();
        Assert.Contains("Sha256", text, StringComparison.Ordinal);
        Assert.Contains("2 secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_passing_check_allocates_nothing_beyond_the_HMAC_computations()
    {
        // The platform's one-shot HMAC may allocate (OpenSSL handles on Linux); the check itself must add nothing.
        byte[][] secrets = ["new-secret"u8.ToArray(), "old-secret"u8.ToArray()];
        byte[] digest = new byte[Hmac.MaxHashSizeInBytes];
        long hmacs = Allocations.OfSteadyState(() =>
        {
            foreach (byte[] secret in secrets)
            {
                Hmac.Compute(HmacAlgorithm.Sha1, secret, Payload, digest);
            }
        });

        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, secrets);
        string header = Header("old-secret");
        VerificationResult? result = null;
        Assert.Equal(hmacs, Allocations.OfSteadyState(() => result = verifier.VerifyHeader(Payload, header)));
        Assert.Equal(1, result!.MatchedSecretIndex);
    }

    [Fact]
    public void Stream_verification_reads_through_a_pooled_buffer()
    {
        // The body is read in 80 KiB chunks; a fresh chunk buffer per call would be an 80 KiB allocation.
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, ["s3cret"]);
        string header = Header("s3cret");
        long allocated = Allocations.OfSteadyState(() => Assert.True(verifier.VerifyHeaderAsync(new MemoryStream(Payload), header).AsTask().GetAwaiter().GetResult().IsValid));
        Assert.InRange(allocated, 1, 16 * 1024);
    }

    [Fact]
    public async Task Stream_verification_does_not_resume_on_the_callers_synchronization_context()
    {
        var verifier = new HmacSignatureVerifier(HmacAlgorithm.Sha1, ["s3cret"]);
        var context = new CountingSynchronizationContext();
        var result = context.Run(() => verifier.VerifyHeaderAsync(new AsynchronousStream(Payload), Header("s3cret")).AsTask());
        Assert.True((await result).IsValid);
        Assert.Equal(0, context.Posts);
    }
}
