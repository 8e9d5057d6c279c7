using System.Reflection;
using Valuation.Sandbox.Tool;

namespace Valuation.Sandbox.Tool.Tests;

/// <summary>The valuation-sandbox flags: one per standalone option, each reaching its option, every error naming its flag.</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string> FlagNames() => [.. SandboxCommandLine.Flags.Select(f => f.Name)];

    public static TheoryData<string, string> EveryChoice()
    {
        var data = new TheoryData<string, string>();
        foreach (var flag in SandboxCommandLine.Flags.Where(f => f.ValueName?.Contains('|', StringComparison.Ordinal) == true))
        {
            foreach (string choice in flag.ValueName!.Split('|'))
            {
                data.Add(flag.Name, choice);
            }
        }

        return data;
    }

    [Fact]
    public void Every_setting_of_the_sandbox_options_has_a_flag_except_the_in_process_ones()
    {
        // A new option in SandboxOptions, HouseCanarySandboxOptions or AppraisalWorksSandboxOptions fails this test
        // until it has a flag (or is named in InProcessOnly with a reason).
        var settings = Settable(typeof(SandboxOptions), prefix: "")
            .Concat(Settable(typeof(HouseCanarySandboxOptions), prefix: "HouseCanary."))
            .Concat(Settable(typeof(AppraisalWorksSandboxOptions), prefix: "AppraisalWorks."))
            .Where(name => !SandboxCommandLine.InProcessOnly.Contains(name))
            .Order(StringComparer.Ordinal)
            .ToList();

        var covered = SandboxCommandLine.Flags.Select(f => f.Option).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(settings, covered);
        Assert.Equal(SandboxCommandLine.Flags.Count, SandboxCommandLine.Flags.Select(f => f.Name).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(FlagNames))]
    public void Each_flag_changes_the_option_it_names(string name)
    {
        var flag = SandboxCommandLine.Flags.Single(f => f.Name == name);
        string[] args = flag.ValueName switch
        {
            null => [name],
            "N" => [name, "7"],
            "DURATION" => [name, "7s"],
            "URL" => [name, "http://127.0.0.1:9/receiver"],
            "ADDRESS" => [name, "::1"],
            { } choices when choices.Contains('|', StringComparison.Ordinal) => [name, NonDefaultChoice(flag)],
            _ => [name, "custom-value"],
        };

        var defaults = Parse();
        var options = Parse(args);

        Assert.NotEqual(Read(defaults, flag.Option), Read(options, flag.Option));
    }

    [Theory]
    [MemberData(nameof(EveryChoice))]
    public void Each_choice_of_an_enum_flag_selects_the_value_of_that_name(string name, string choice)
    {
        var option = SandboxCommandLine.Flags.Single(f => f.Name == name).Option;

        object? value = Read(Parse(name, choice.ToUpperInvariant()), option);

        Assert.Equal(choice.Replace("-", "", StringComparison.Ordinal), value!.ToString(), ignoreCase: true);
    }

    [Fact]
    public void Values_are_converted_to_the_options_types()
    {
        var options = Parse(
            "--port", "5080", "--host=0.0.0.0", "--seed", "42", "--step-ms", "150", "--poll-ms", "5", "--max-body-bytes", "1024",
            "--hc-token", "tok", "--hc-owner-organization-id", "11", "--hc-owner-id", "22",
            "--callout-url", "http://127.0.0.1:5055/callouts?x=1", "--callout-auth", "query-string-token", "--callout-token-name", "t",
            "--callout-token", "secret-token", "--callout-timeout", "1500ms", "--callout-max-redeliveries", "0", "--callout-redelivery-interval", "2m",
            "--aw-client-id", "99", "--aw-public-key", "pub", "--aw-private-key", "priv", "--aw-signature-window", "1h",
            "--aw-event-names", "heading-without-spaces", "--aw-default-appraisal-coordinator", "--postback-url", "https://example.test/pb",
            "--postback-timeout", "3s", "--postback-redelivery-interval", "90s", "--aw-pdf-bytes", "0");

        Assert.Equal(5080, options.Port);
        Assert.Equal("0.0.0.0", options.Host);
        Assert.Equal(42, options.Seed);
        Assert.Equal(TimeSpan.FromMilliseconds(150), options.StepInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(5), options.PollInterval);
        Assert.Equal(1024, options.MaxRequestBodySize);
        Assert.Equal("tok", options.HouseCanary.ApiToken);
        Assert.Equal(11, options.HouseCanary.OwnerOrganizationId);
        Assert.Equal(22, options.HouseCanary.OwnerId);
        Assert.Equal(new Uri("http://127.0.0.1:5055/callouts?x=1"), options.HouseCanary.CalloutUrl);
        Assert.Equal(CalloutAuthentication.QueryStringToken, options.HouseCanary.CalloutAuthentication);
        Assert.Equal("t", options.HouseCanary.CalloutTokenName);
        Assert.Equal("secret-token", options.HouseCanary.CalloutToken);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.HouseCanary.CalloutTimeout);
        Assert.Equal(0, options.HouseCanary.MaxRedeliveries);
        Assert.Equal(TimeSpan.FromMinutes(2), options.HouseCanary.RedeliveryInterval);
        Assert.Null(options.HouseCanary.CalloutSignatureSecret);
        Assert.Equal("99", options.AppraisalWorks.ClientId);
        Assert.Equal("pub", options.AppraisalWorks.PublicKey);
        Assert.Equal("priv", options.AppraisalWorks.PrivateKey);
        Assert.Equal(TimeSpan.FromHours(1), options.AppraisalWorks.SignatureWindow);
        Assert.Equal(AppraisalWorksEventNames.HeadingWithoutSpaces, options.AppraisalWorks.EventNames);
        Assert.True(options.AppraisalWorks.DefaultAppraisalCoordinator);
        Assert.Equal(new Uri("https://example.test/pb"), options.AppraisalWorks.PostbackUrl);
        Assert.Equal(TimeSpan.FromSeconds(3), options.AppraisalWorks.PostbackTimeout);
        Assert.Equal(TimeSpan.FromSeconds(90), options.AppraisalWorks.RedeliveryInterval);
        Assert.Equal(0, options.AppraisalWorks.AppraisalPdfSize);
    }

    [Fact]
    public void Signed_callouts_get_the_well_known_secret_unless_one_is_given()
    {
        Assert.Equal(SandboxCommandLine.DefaultCalloutSecret, Parse("--callout-url", "http://127.0.0.1:1/c").HouseCanary.CalloutSignatureSecret);
        Assert.Equal("mine", Parse("--callout-url", "http://127.0.0.1:1/c", "--callout-secret", "mine").HouseCanary.CalloutSignatureSecret);
        Assert.Null(Parse("--callout-auth", "basic").HouseCanary.CalloutSignatureSecret);
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "Unknown option --bogus.")]
    [InlineData(new[] { "--port", "1", "--bogus=1" }, "Unknown option --bogus.")]
    [InlineData(new[] { "8080" }, "Unknown option 8080.")]
    [InlineData(new[] { "--port" }, "--port needs a value (N).")]
    [InlineData(new[] { "--port", "70000" }, "--port needs a port from 0 to 65535, not '70000'.")]
    [InlineData(new[] { "--port", "-1" }, "--port needs a whole number, not '-1'.")]
    [InlineData(new[] { "--step-ms", "0" }, "--step-ms needs a number above 0, not '0'.")]
    [InlineData(new[] { "--callout-timeout", "30" }, "--callout-timeout needs a duration above 0 such as 500ms, 30s, 5m or 1h, not '30'.")]
    [InlineData(new[] { "--callout-auth", "hmac" }, "--callout-auth needs one of none|basic|header-token|query-string-token|signature, not 'hmac'.")]
    [InlineData(new[] { "--postback-url", "/relative?token=abc" }, "--postback-url needs an absolute http:// or https:// URL.")]
    [InlineData(new[] { "--hc-token", " " }, "--hc-token needs a value that is not blank.")]
    [InlineData(new[] { "--port", "1", "--port=2" }, "--port is given twice.")]
    [InlineData(new[] { "--aw-default-appraisal-coordinator=true" }, "--aw-default-appraisal-coordinator takes no value.")]
    public void A_bad_argument_is_an_error_that_names_it(string[] args, string error)
    {
        var result = SandboxCommandLine.Parse(args);

        Assert.Null(result.Options);
        Assert.False(result.Help);
        Assert.Equal(error, result.Error);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_wins_over_the_other_arguments_before_it_is_reached(string help)
    {
        Assert.True(SandboxCommandLine.Parse(["--port", "1", help, "--bogus"]).Help);
    }

    [Theory]
    [MemberData(nameof(FlagNames))]
    public void The_usage_lists_every_flag(string name)
    {
        Assert.Contains("  " + name + " ", SandboxCommandLine.Usage, StringComparison.Ordinal);
    }

    private static SandboxOptions Parse(params string[] args)
    {
        var result = SandboxCommandLine.Parse(args);
        Assert.Null(result.Error);
        return result.Options!;
    }

    private static string NonDefaultChoice(SandboxCommandLine.Flag flag)
    {
        object? fallback = Read(Parse(), flag.Option);
        return flag.ValueName!.Split('|').First(choice => !string.Equals(choice.Replace("-", "", StringComparison.Ordinal), fallback!.ToString(), StringComparison.OrdinalIgnoreCase));
    }

    private static IEnumerable<string> Settable(Type type, string prefix) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true).Select(p => prefix + p.Name);

    private static object? Read(SandboxOptions options, string path)
    {
        object? target = options;
        foreach (string part in path.Split('.'))
        {
            target = target!.GetType().GetProperty(part)!.GetValue(target);
        }

        return target;
    }
}
