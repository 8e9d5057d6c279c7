using Arrowbase.AppraisalWorks.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests.Strength;

/// <summary>
/// What start-up refuses (each setting's rule, at its edge, and the configured coordinator) and what may become a
/// transactionUID path segment.
/// </summary>
public class OptionsAndSegmentStrengthTests
{
    // ---- AppraisalWorksOptionsValidator ----

    [Theory]
    [InlineData("https://uat-api.arrowbasetech.com/RapiV1/")]
    [InlineData("http://127.0.0.1:5080/RapiV1/")]
    [InlineData("http://localhost:5080/RapiV1/")]
    [InlineData("http://[::1]:5080/RapiV1/")]
    public void An_https_base_address_or_an_http_one_on_loopback_is_accepted(string baseAddress)
    {
        Assert.Empty(Failures(Keys.Options(baseAddress)));
    }

    [Theory]
    [InlineData("http://uat-api.arrowbasetech.com/RapiV1/")]
    [InlineData("ftp://uat-api.arrowbasetech.com/RapiV1/")]
    [InlineData("http://10.0.0.5/RapiV1/")]
    public void A_base_address_that_is_not_https_off_loopback_is_refused(string baseAddress)
    {
        Assert.Equal(["AppraisalWorks:BaseAddress must be an absolute https URI (http is allowed only for loopback)."], Failures(Keys.Options(baseAddress)));
    }

    [Fact]
    public void A_missing_or_relative_base_address_is_refused()
    {
        var missing = Keys.Options();
        missing.BaseAddress = null!;
        var relative = Keys.Options();
        relative.BaseAddress = new Uri("/RapiV1/", UriKind.Relative);

        Assert.Equal(["AppraisalWorks:BaseAddress must be an absolute https URI (http is allowed only for loopback)."], Failures(missing));
        Assert.Equal(["AppraisalWorks:BaseAddress must be an absolute https URI (http is allowed only for loopback)."], Failures(relative));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Blank_keys_and_client_id_are_each_refused_by_name(string? blank)
    {
        var options = Keys.Options();
        options.ClientId = blank!;
        options.PublicKey = blank!;
        options.PrivateKey = blank!;

        Assert.Equal(
            ["AppraisalWorks:ClientId is required.", "AppraisalWorks:PublicKey is required.", "AppraisalWorks:PrivateKey is required."],
            Failures(options));
    }

    [Theory]
    [InlineData("pub:0001")]
    [InlineData("pub 0001")]
    [InlineData("pub\t0001")]
    [InlineData("pub-0001\n")]
    public void A_public_key_with_a_colon_or_white_space_is_refused_since_it_would_break_the_Authorization_header(string publicKey)
    {
        var options = Keys.Options();
        options.PublicKey = publicKey;

        Assert.Equal(["AppraisalWorks:PublicKey must not contain ':' or white space."], Failures(options));
    }

    [Fact]
    public void The_response_member_cap_must_be_at_least_4096_bytes()
    {
        var under = Keys.Options();
        under.MaxResponseMemberBytes = 4095;
        var at = Keys.Options();
        at.MaxResponseMemberBytes = 4096;

        Assert.Equal(["AppraisalWorks:MaxResponseMemberBytes must be at least 4096."], Failures(under));
        Assert.Empty(Failures(at));
    }

    [Fact]
    public void The_shared_timeout_and_size_rules_apply_under_the_AppraisalWorks_section()
    {
        var options = Keys.Options();
        options.MaxResponseBytes = 0;

        var failures = Failures(options);

        Assert.Single(failures);
        Assert.StartsWith("AppraisalWorks:MaxResponseBytes", failures[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Appraisal Coordinator")]
    [InlineData("appraisal coordinator")]
    [InlineData(" Appraisal Coordinator ")]
    public void A_configured_coordinator_may_leave_its_party_type_empty_or_state_it(string? partyType)
    {
        var options = Keys.Options();
        options.AppraisalCoordinator = Coordinator(partyType);

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void A_configured_coordinator_of_another_party_type_is_refused()
    {
        var options = Keys.Options();
        options.AppraisalCoordinator = Coordinator("Loan Officer");

        Assert.Equal(["AppraisalWorks:AppraisalCoordinator:PartyType must be 'Appraisal Coordinator' or left empty."], Failures(options));
    }

    [Fact]
    public void A_configured_coordinator_is_checked_like_a_party_of_the_order_under_its_setting()
    {
        var options = Keys.Options();
        var coordinator = Coordinator(null);
        coordinator.LastName = " ";
        coordinator.ContactMethod!.ContactInfo![0].ContactValue = null;
        options.AppraisalCoordinator = coordinator;

        Assert.Equal(
            ["AppraisalWorks:AppraisalCoordinator.lastName is required.", "AppraisalWorks:AppraisalCoordinator.contactMethod.contactInfo[0].contactValue is required."],
            Failures(options));
    }

    [Fact]
    public void Every_broken_rule_is_reported_at_once()
    {
        var options = Keys.Options("http://uat-api.arrowbasetech.com/");
        options.ClientId = "";
        options.PrivateKey = "";
        options.MaxResponseMemberBytes = 1;

        Assert.Equal(4, Failures(options).Count);
    }

    // ---- TransactionUid ----

    [Theory]
    [InlineData("U-1")]
    [InlineData("a.b")]
    [InlineData("2f1c9e4a-0b7d-4c1e-9a55-6d3f2e1b0c8a")]
    [InlineData("Ordér+1")]
    public void A_plain_transaction_uid_is_a_path_segment(string uid)
    {
        Assert.Null(TransactionUid.Check(uid));
        Assert.Equal(Uri.EscapeDataString(uid), TransactionUid.ToPathSegment(uid));
    }

    [Fact]
    public void A_transaction_uid_is_escaped_as_one_segment()
    {
        Assert.Equal("Ord%C3%A9r%2B1", TransactionUid.ToPathSegment("Ordér+1"));
    }

    [Fact]
    public void A_transaction_uid_of_the_maximum_length_is_accepted_and_one_longer_is_refused()
    {
        Assert.Null(TransactionUid.Check(new string('a', TransactionUid.MaxLength)));
        Assert.Equal("is longer than 128 characters.", TransactionUid.Check(new string('a', TransactionUid.MaxLength + 1)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void A_blank_transaction_uid_is_required(string? uid)
    {
        Assert.Equal("is required.", TransactionUid.Check(uid));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a..b")]
    [InlineData("..a")]
    public void A_transaction_uid_with_a_dot_segment_is_refused(string uid)
    {
        Assert.Equal("must not contain '..'.", TransactionUid.Check(uid));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a?b")]
    [InlineData("a#b")]
    [InlineData("a%2Fb")]
    [InlineData("a b")]
    [InlineData("a\u00A0b")] // white space that is not a control character
    [InlineData("a\u0085b")] // a control character that is also white space
    [InlineData("a\u0001b")] // a control character that is not white space
    [InlineData("a\u007Fb")]
    public void A_transaction_uid_with_a_separator_escape_white_space_or_control_character_is_refused(string uid)
    {
        Assert.Equal("must not contain '/', '\\', '?', '#', '%', white space or control characters.", TransactionUid.Check(uid));
        var ex = Assert.Throws<ArgumentException>(() => TransactionUid.ToPathSegment(uid, "someUid"));
        Assert.Equal("someUid", ex.ParamName);
    }

    [Fact]
    public void A_refused_transaction_uid_throws_naming_the_parameter()
    {
        var ex = Assert.Throws<ArgumentException>(() => TransactionUid.ToPathSegment(".."));

        Assert.Equal("transactionUid", ex.ParamName);
    }

    private static List<string> Failures(AppraisalWorksOptions options)
    {
        var result = new AppraisalWorksOptionsValidator().Validate(null, options);
        return result.Succeeded ? [] : result.Failures!.ToList();
    }

    private static Party Coordinator(string? partyType) => new()
    {
        PartyType = partyType,
        FirstName = "Angie",
        LastName = "Manager",
        ContactMethod = new ContactMethod { ContactInfo = [new ContactInfo { ContactLabel = "Work", ContactType = "Email", ContactValue = "angie@example.test" }] },
    };
}
