using System.Text;
using Shared.Signing;

namespace Shared.Signing.Tests;

public class CredentialVerifierTests
{
    private static readonly BasicCredential[] Accepted = [new("hc-callouts", "p@ss:word:with:colons")];

    private static string Basic(string raw) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(raw));

    [Fact]
    public void Basic_accepts_the_right_pair_and_a_password_with_colons()
    {
        var result = CredentialVerifier.VerifyBasic(Basic("hc-callouts:p@ss:word:with:colons"), Accepted);
        Assert.True(result.IsValid, result.Message);
        Assert.Equal(Accepted[0].ToAuthorizationHeaderValue(), Basic("hc-callouts:p@ss:word:with:colons"));
    }

    [Fact]
    public void Basic_scheme_is_case_insensitive()
    {
        string header = "bAsIc " + Convert.ToBase64String(Encoding.UTF8.GetBytes("hc-callouts:p@ss:word:with:colons"));
        Assert.True(CredentialVerifier.VerifyBasic(header, Accepted).IsValid);
    }

    public static TheoryData<string?, VerificationFailure> BasicFailures => new()
    {
        { null, VerificationFailure.Missing },
        { "", VerificationFailure.Missing },
        { "Basic ", VerificationFailure.Malformed },
        { "Bearer abc", VerificationFailure.Malformed },
        { "Token " + Convert.ToBase64String("hc-callouts:p@ss:word:with:colons"u8), VerificationFailure.Malformed },
        { "Basic not*base64", VerificationFailure.Malformed },
        { "Basic " + Convert.ToBase64String("no-colon-here"u8), VerificationFailure.Malformed },
        { "Basic " + Convert.ToBase64String(new byte[] { 0xff, 0xfe, 0x3a, 0x41 }), VerificationFailure.Malformed },
        { "Basic " + new string('A', 100_000), VerificationFailure.Malformed },
        { "Basic " + Convert.ToBase64String("hc-callouts:wrong"u8), VerificationFailure.Mismatch },
        { "Basic " + Convert.ToBase64String("someone:p@ss:word:with:colons"u8), VerificationFailure.Mismatch },
        { "Basic " + Convert.ToBase64String("hc-callouts:p@ss"u8), VerificationFailure.Mismatch },
        { "Basic " + Convert.ToBase64String("hc-callouts:p@ss:word:with:colons:"u8), VerificationFailure.Mismatch },
    };

    [Theory]
    [MemberData(nameof(BasicFailures))]
    public void Basic_failures_say_why_and_never_echo_the_password(string? header, VerificationFailure expected)
    {
        var result = CredentialVerifier.VerifyBasic(header, Accepted);
        Assert.Equal(expected, result.Failure);
        Assert.DoesNotContain("p@ss", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Basic_with_no_credentials_configured_fails_closed()
    {
        Assert.Equal(VerificationFailure.NotConfigured, CredentialVerifier.VerifyBasic(Basic("a:b"), []).Failure);
    }

    [Fact]
    public void Basic_rotation_reports_the_matching_credential()
    {
        BasicCredential[] both = [new("new", "one"), new("old", "two")];
        Assert.Equal(1, CredentialVerifier.VerifyBasic(Basic("old:two"), both).MatchedSecretIndex);
        Assert.Equal(VerificationFailure.Mismatch, CredentialVerifier.VerifyBasic(Basic("old:one"), both).Failure);
    }

    [Fact]
    public void BasicCredential_rejects_a_user_name_with_a_colon_and_hides_the_password()
    {
        Assert.Throws<ArgumentException>(() => new BasicCredential("a:b", "c"));
        Assert.DoesNotContain("hunter2", new BasicCredential("user", "hunter2").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Header_token_is_looked_up_by_name()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["X-Callout-Token"] = "tok-123" };
        string? Lookup(string name) => headers.TryGetValue(name, out var v) ? v : null;

        Assert.True(CredentialVerifier.VerifyHeaderToken(Lookup, "x-callout-token", ["tok-123"]).IsValid);
        Assert.Equal(VerificationFailure.Mismatch, CredentialVerifier.VerifyHeaderToken(Lookup, "X-Callout-Token", ["tok-124"]).Failure);
        Assert.Equal(VerificationFailure.Missing, CredentialVerifier.VerifyHeaderToken(Lookup, "X-Other", ["tok-123"]).Failure);
        Assert.Equal(VerificationFailure.NotConfigured, CredentialVerifier.VerifyHeaderToken(Lookup, "X-Callout-Token", [null]).Failure);
    }

    [Fact]
    public void Tokens_are_exact_a_prefix_or_a_longer_value_is_a_mismatch()
    {
        Assert.Equal(VerificationFailure.Mismatch, CredentialVerifier.VerifyToken("tok-12", ["tok-123"]).Failure);
        Assert.Equal(VerificationFailure.Mismatch, CredentialVerifier.VerifyToken("tok-1234", ["tok-123"]).Failure);
        Assert.Equal(VerificationFailure.Mismatch, CredentialVerifier.VerifyToken("TOK-123", ["tok-123"]).Failure);
        Assert.Equal(VerificationFailure.Missing, CredentialVerifier.VerifyToken("", ["tok-123"]).Failure);
        Assert.Equal(VerificationFailure.Malformed, CredentialVerifier.VerifyToken(new string('x', 10_000), ["tok-123"]).Failure);
        Assert.Equal(1, CredentialVerifier.VerifyToken("b", ["a", "b"]).MatchedSecretIndex);
    }

    [Theory]
    [InlineData("?token=tok%2B1%20x", true, VerificationFailure.None)]
    [InlineData("a=1&token=tok%2B1+x&b=2", true, VerificationFailure.None)]
    [InlineData("token=tok%2B1%20y", false, VerificationFailure.Mismatch)]
    [InlineData("tokens=tok%2B1%20x", false, VerificationFailure.Missing)]
    [InlineData("", false, VerificationFailure.Missing)]
    [InlineData(null, false, VerificationFailure.Missing)]
    [InlineData("token=", false, VerificationFailure.Missing)]
    [InlineData("token=tok%2B1%20x&token=tok%2B1%20x", false, VerificationFailure.Malformed)]
    [InlineData("token=%zz", false, VerificationFailure.Malformed)]
    [InlineData("token=%2", false, VerificationFailure.Malformed)]
    [InlineData("&&&=&token", false, VerificationFailure.Missing)]
    public void Query_token_is_decoded_and_checked(string? query, bool valid, VerificationFailure failure)
    {
        var result = CredentialVerifier.VerifyQueryToken(query, "token", ["tok+1 x"]);
        Assert.Equal(valid, result.IsValid);
        Assert.Equal(failure, result.Failure);
    }

    [Fact]
    public void Query_token_rejects_a_huge_query_string()
    {
        Assert.Equal(VerificationFailure.Malformed, CredentialVerifier.VerifyQueryToken("token=" + new string('a', 20_000), "token", ["a"]).Failure);
    }
}
