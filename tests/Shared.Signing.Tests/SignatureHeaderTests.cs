using Shared.Signing;

namespace Shared.Signing.Tests;

public class SignatureHeaderTests
{
    private const string Sha1Hex = "b617318655057264e28bc0b6fb378c8ef146be00";

    [Theory]
    [InlineData("sha1=" + Sha1Hex)]
    [InlineData("SHA1=" + Sha1Hex)]
    [InlineData("Sha1=B617318655057264E28BC0B6FB378C8EF146BE00")]
    [InlineData("  sha1=" + Sha1Hex + "  ")]
    public void Parses_prefix_case_insensitively_and_hex_of_either_case(string header)
    {
        Span<byte> digest = stackalloc byte[32];
        var result = SignatureHeader.TryParse(header, HmacAlgorithm.Sha1, digest, out int written);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(20, written);
        Assert.Equal(Sha1Hex, Convert.ToHexStringLower(digest[..written]));
    }

    public static TheoryData<string, VerificationFailure> Hostile => new()
    {
        { "", VerificationFailure.Missing },
        { "   ", VerificationFailure.Missing },
        { "sha256=" + Sha1Hex, VerificationFailure.Malformed },
        { "md5=" + Sha1Hex, VerificationFailure.Malformed },
        { Sha1Hex, VerificationFailure.Malformed },
        { "sha1=", VerificationFailure.Malformed },
        { "sha1=" + Sha1Hex[..39], VerificationFailure.Malformed },
        { "sha1=" + Sha1Hex + "0", VerificationFailure.Malformed },
        { "sha1=" + Sha1Hex[..38] + "zz", VerificationFailure.Malformed },
        { "sha1=" + new string('a', 1_000_000), VerificationFailure.Malformed },
        { "sha1=" + Sha1Hex[..38] + "\u00e9\u00e9", VerificationFailure.Malformed },
        { "sha1:" + Sha1Hex, VerificationFailure.Malformed },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_values_fail_with_a_reason_and_never_throw(string header, VerificationFailure expected)
    {
        byte[] digest = new byte[32];
        var result = SignatureHeader.TryParse(header, HmacAlgorithm.Sha1, digest, out int written);
        Assert.False(result.IsValid);
        Assert.Equal(expected, result.Failure);
        Assert.Equal(0, written);
        Assert.DoesNotContain(Sha1Hex, result.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Format_round_trips_through_TryParse()
    {
        byte[] digest = Hmac.Compute(HmacAlgorithm.Sha256, "k"u8, "payload"u8);
        string header = SignatureHeader.Format(HmacAlgorithm.Sha256, digest);
        Assert.StartsWith("sha256=", header, StringComparison.Ordinal);
        byte[] parsed = new byte[32];
        Assert.True(SignatureHeader.TryParse(header, HmacAlgorithm.Sha256, parsed, out _).IsValid);
        Assert.Equal(digest, parsed);
    }

    [Fact]
    public void Format_rejects_a_digest_of_the_wrong_length()
    {
        Assert.Throws<ArgumentException>(() => SignatureHeader.Format(HmacAlgorithm.Sha1, new byte[32]));
    }

    [Theory]
    [InlineData("", VerificationFailure.Missing)]
    [InlineData("not base64 at all!!", VerificationFailure.Malformed)]
    [InlineData("AAAA", VerificationFailure.Malformed)]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!=", VerificationFailure.Malformed)]
    public void Base64_signatures_fail_on_hostile_input(string value, VerificationFailure expected)
    {
        byte[] digest = new byte[32];
        var result = SignatureHeader.TryParseBase64(value, HmacAlgorithm.Sha256, digest, out _);
        Assert.Equal(expected, result.Failure);
    }

    [Fact]
    public void TryParse_refuses_a_destination_smaller_than_the_digest()
    {
        byte[] small = new byte[19];
        var ex = Assert.Throws<ArgumentException>(() => SignatureHeader.TryParse("sha1=" + Sha1Hex, HmacAlgorithm.Sha1, small, out _));
        Assert.Equal("digest", ex.ParamName);
    }

    [Theory]
    [InlineData("", "signature header is empty")]
    [InlineData("sha256=" + Sha1Hex, "does not start with 'sha1='")]
    [InlineData("sha1=" + "abc", "must be 40 hex digits after 'sha1='; it has 3 characters")]
    [InlineData("sha1=" + Sha1Hex + "0", "it has 41 characters")]
    [InlineData("sha1=" + "zz" + "17318655057264e28bc0b6fb378c8ef146be00", "not hexadecimal digits")]
    public void Header_failure_messages_say_what_was_wrong(string header, string expected)
    {
        var result = SignatureHeader.TryParse(header, HmacAlgorithm.Sha1, new byte[32], out _);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Base64_signature_decodes_to_the_digest()
    {
        byte[] expected = Hmac.Compute(HmacAlgorithm.Sha256, "k"u8, "payload"u8);
        byte[] digest = new byte[32];
        var result = SignatureHeader.TryParseBase64(" " + Convert.ToBase64String(expected) + " ", HmacAlgorithm.Sha256, digest, out int written);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(32, written);
        Assert.Equal(expected, digest);
    }

    [Theory]
    [InlineData(HmacAlgorithm.Sha256, 33)] // 44 characters, no padding
    [InlineData(HmacAlgorithm.Sha256, 31)] // 44 characters, "==" padding
    [InlineData(HmacAlgorithm.Sha1, 21)] // 28 characters, no padding
    [InlineData(HmacAlgorithm.Sha1, 19)] // 28 characters, "==" padding
    public void Base64_of_the_right_length_but_the_wrong_number_of_bytes_is_malformed(HmacAlgorithm algorithm, int bytes)
    {
        string value = Convert.ToBase64String(Enumerable.Range(1, bytes).Select(i => (byte)i).ToArray());
        Assert.Equal(((Hmac.GetHashSizeInBytes(algorithm) + 2) / 3) * 4, value.Length);
        byte[] digest = new byte[Hmac.MaxHashSizeInBytes];
        var result = SignatureHeader.TryParseBase64(value, algorithm, digest, out int written);
        Assert.Equal(VerificationFailure.Malformed, result.Failure);
        Assert.Equal(0, written);
    }

    [Theory]
    [InlineData(HmacAlgorithm.Sha256, "   ", "signature is empty")]
    [InlineData(HmacAlgorithm.Sha256, "AAAA", "A base64 Sha256 signature has 44 characters; this one has 4")]
    [InlineData(HmacAlgorithm.Sha1, "AAAA", "A base64 Sha1 signature has 28 characters; this one has 4")]
    [InlineData(HmacAlgorithm.Sha1, "!!!!!!!!!!!!!!!!!!!!!!!!!!!=", "not valid base64")]
    public void Base64_failure_messages_say_what_was_wrong(HmacAlgorithm algorithm, string value, string expected)
    {
        var result = SignatureHeader.TryParseBase64(value, algorithm, new byte[32], out _);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
    }
}
