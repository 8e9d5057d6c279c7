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
}
