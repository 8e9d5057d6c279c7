using System.Text;
using Shared.Signing;
using Shared.Signing.Tests.Support;

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
    [InlineData("=%zz&token=tok%2B1%20x", true, VerificationFailure.None)]
    [InlineData("other=%zz&token=tok%2B1%20x", true, VerificationFailure.None)]
    [InlineData("%zz=1&token=tok%2B1%20x", false, VerificationFailure.Malformed)]
    [InlineData("token=tok%2B1%20x&%zz", false, VerificationFailure.Malformed)]
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

    [Fact]
    public void Basic_refuses_an_empty_user_name_even_with_the_right_password()
    {
        var result = CredentialVerifier.VerifyBasic(Basic(":p@ss:word:with:colons"), Accepted);
        Assert.Equal(VerificationFailure.Mismatch, result.Failure);
    }

    [Fact]
    public void BasicCredential_needs_a_user_name_and_a_password()
    {
        Assert.Throws<ArgumentException>(() => new BasicCredential("", "secret"));
        Assert.Throws<ArgumentException>(() => new BasicCredential("user", ""));
    }

    [Fact]
    public void BasicCredential_ToString_names_the_user_but_not_the_password()
    {
        string text = new BasicCredential("hc-callouts", "hunter2").ToString();
        Assert.Contains("hc-callouts", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Basic_credentials_without_the_scheme_are_refused()
    {
        string bare = Convert.ToBase64String("hc-callouts:p@ss:word:with:colons"u8);
        var result = CredentialVerifier.VerifyBasic(bare, Accepted);
        Assert.Equal(VerificationFailure.Malformed, result.Failure);
        Assert.Contains("Basic scheme", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Basic_header_may_carry_surrounding_whitespace()
    {
        Assert.True(CredentialVerifier.VerifyBasic("  " + Basic("hc-callouts:p@ss:word:with:colons") + " \t", Accepted).IsValid);
    }

    [Fact]
    public void Basic_header_at_the_length_limit_is_checked_and_one_character_more_is_refused()
    {
        // "  Basic " + base64 of 6138 bytes (8184 characters) is exactly MaxInputLength characters.
        const string user = "hc-callouts";
        string password = new('p', 6138 - user.Length - 1);
        BasicCredential[] accepted = [new(user, password)];
        string header = "  " + Basic(user + ":" + password);
        Assert.Equal(CredentialVerifier.MaxInputLength, header.Length);

        Assert.True(CredentialVerifier.VerifyBasic(header, accepted).IsValid);
        var tooLong = CredentialVerifier.VerifyBasic(" " + header, accepted);
        Assert.Equal(VerificationFailure.Malformed, tooLong.Failure);
        Assert.Contains("too long", tooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Basic_reports_the_first_of_two_identical_credentials()
    {
        // Mid-rotation the old and the new credential can be the same pair; the current one is the one reported.
        BasicCredential[] both = [new("user", "same"), new("user", "same")];
        Assert.Equal(0, CredentialVerifier.VerifyBasic(Basic("user:same"), both).MatchedSecretIndex);
    }

    public static TheoryData<string?, string> BasicFailureMessages => new()
    {
        { null, "Authorization header is missing" },
        { "Bearer abc", "Basic scheme" },
        { "Basic not*base64", "not valid base64" },
        { "Basic " + Convert.ToBase64String(new byte[] { 0xff, 0xfe, 0x3a, 0x41 }), "not valid UTF-8" },
        { "Basic " + Convert.ToBase64String("no-colon-here"u8), "no colon" },
        { "Basic " + Convert.ToBase64String("hc-callouts:wrong"u8), "user name or password is not accepted" },
    };

    [Theory]
    [MemberData(nameof(BasicFailureMessages))]
    public void Basic_failure_messages_say_what_was_wrong(string? header, string expected)
    {
        Assert.Contains(expected, CredentialVerifier.VerifyBasic(header, Accepted).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_configured_messages_say_what_is_missing()
    {
        Assert.Contains("No HTTP Basic credentials are configured", CredentialVerifier.VerifyBasic(Basic("a:b"), []).Message, StringComparison.Ordinal);
        Assert.Contains("No tokens are configured", CredentialVerifier.VerifyToken("t", [null]).Message, StringComparison.Ordinal);
        Assert.Contains("No tokens are configured", CredentialVerifier.VerifyQueryToken("token=t", "token", [""]).Message, StringComparison.Ordinal);
        Assert.Contains("No tokens are configured", CredentialVerifier.VerifyHeaderToken(_ => null, "X-Token", []).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_presented_and_accepted_secrets_do_not_linger_in_the_shared_array_pool()
    {
        // Secrets unique to this test, so finding their bytes in the pool can only mean this check left them there.
        string password = string.Concat(Enumerable.Repeat(Guid.NewGuid().ToString("N"), 4));
        string token = string.Concat(Enumerable.Repeat(Guid.NewGuid().ToString("N"), 2));
        BasicCredential[] accepted = [new("hc-callouts", password)];

        Assert.True(CredentialVerifier.VerifyBasic(Basic("hc-callouts:" + password), accepted).IsValid);
        Assert.False(SharedPool.HoldsAnywhere(Encoding.UTF8.GetBytes(password)), "the password is still in a pooled buffer");

        // A header that fails to decode half-way has still had part of the credentials written out.
        string broken = Basic("hc-callouts:" + password)[..^4] + "!!!!";
        Assert.Equal(VerificationFailure.Malformed, CredentialVerifier.VerifyBasic(broken, accepted).Failure);
        Assert.False(SharedPool.HoldsAnywhere(Encoding.UTF8.GetBytes(password[..64])), "a half-decoded password is still in a pooled buffer");

        Assert.True(CredentialVerifier.VerifyToken(token, [token]).IsValid);
        Assert.False(SharedPool.HoldsAnywhere(Encoding.UTF8.GetBytes(token)), "the token is still in a pooled buffer");
    }

    [Fact]
    public void A_passing_check_allocates_nothing()
    {
        BasicCredential[] accepted = [new("hc-callouts", "p@ss:word:with:colons")];
        string header = Basic("hc-callouts:p@ss:word:with:colons");
        Assert.Equal(0, Allocations.OfSteadyState(() => Assert.True(CredentialVerifier.VerifyBasic(header, accepted).IsValid)));

        string?[] tokens = ["tok-123"];
        Assert.Equal(0, Allocations.OfSteadyState(() => Assert.True(CredentialVerifier.VerifyToken("tok-123", tokens).IsValid)));
    }

    [Fact]
    public void Blank_entries_among_the_accepted_tokens_are_skipped_not_fatal()
    {
        string?[] tokens = [null, "", "tok-123"];
        Assert.Equal(2, CredentialVerifier.VerifyToken("tok-123", tokens).MatchedSecretIndex);
        Assert.Equal(2, CredentialVerifier.VerifyQueryToken("token=tok-123", "token", tokens).MatchedSecretIndex);
        Assert.Equal(2, CredentialVerifier.VerifyHeaderToken(_ => "tok-123", "X-Token", tokens).MatchedSecretIndex);
        Assert.Equal(VerificationFailure.Missing, CredentialVerifier.VerifyHeaderToken(_ => null, "X-Token", tokens).Failure);
    }

    [Fact]
    public void A_missing_header_with_no_token_configured_is_not_configured()
    {
        Assert.Equal(VerificationFailure.NotConfigured, CredentialVerifier.VerifyHeaderToken(_ => null, "X-Token", [null, ""]).Failure);
    }

    [Fact]
    public void Token_reports_the_first_of_two_identical_tokens()
    {
        Assert.Equal(0, CredentialVerifier.VerifyToken("same", ["same", "same"]).MatchedSecretIndex);
    }

    [Fact]
    public void Token_and_query_string_at_the_length_limit_are_checked_and_one_character_more_is_refused()
    {
        string token = new('t', CredentialVerifier.MaxInputLength);
        Assert.True(CredentialVerifier.VerifyToken(token, [token]).IsValid);
        Assert.Equal(VerificationFailure.Malformed, CredentialVerifier.VerifyToken(token + "t", [token + "t"]).Failure);
        Assert.Contains("too long", CredentialVerifier.VerifyToken(token + "t", [token]).Message, StringComparison.Ordinal);

        string value = new('q', CredentialVerifier.MaxInputLength - "token=".Length);
        Assert.True(CredentialVerifier.VerifyQueryToken("token=" + value, "token", [value]).IsValid);
        var tooLong = CredentialVerifier.VerifyQueryToken("token=" + value + "q", "token", [value + "q"]);
        Assert.Equal(VerificationFailure.Malformed, tooLong.Failure);
        Assert.Contains("too long", tooLong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_and_parameter_names_must_not_be_empty()
    {
        Assert.Throws<ArgumentException>(() => CredentialVerifier.VerifyHeaderToken(_ => "t", "", ["t"]));
        Assert.Throws<ArgumentException>(() => CredentialVerifier.VerifyQueryToken("=t", "", ["t"]));
    }

    [Theory]
    [InlineData("tokens=x", VerificationFailure.Missing, "'token' query-string parameter is missing")]
    [InlineData("token=a&token=b", VerificationFailure.Malformed, "'token' parameter appears more than once")]
    [InlineData("token=%zz", VerificationFailure.Malformed, "not validly percent-encoded")]
    [InlineData("token=b", VerificationFailure.Mismatch, "token is not accepted")]
    public void Query_token_failure_messages_name_the_parameter_and_the_problem(string query, VerificationFailure failure, string expected)
    {
        var result = CredentialVerifier.VerifyQueryToken(query, "token", ["a"]);
        Assert.Equal(failure, result.Failure);
        Assert.Contains(expected, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_token_failure_messages_name_the_header()
    {
        Assert.Contains("'X-Callout-Token' header is missing", CredentialVerifier.VerifyHeaderToken(_ => null, "X-Callout-Token", ["t"]).Message, StringComparison.Ordinal);
        Assert.Contains("token is missing", CredentialVerifier.VerifyHeaderToken(_ => "  ", "X-Callout-Token", ["t"]).Message, StringComparison.Ordinal);
    }
}
