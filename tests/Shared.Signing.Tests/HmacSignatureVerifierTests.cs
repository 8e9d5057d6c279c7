using System.Text;
using Shared.Signing;

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
}
