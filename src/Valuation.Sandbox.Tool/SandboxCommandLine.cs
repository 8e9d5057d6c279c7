using System.Globalization;
using System.Text;
using Valuation.Sandbox;

namespace Valuation.Sandbox.Tool;

/// <summary>
/// The valuation-sandbox command line: one flag per sandbox option a standalone user needs, read into
/// <see cref="SandboxOptions"/>. Flags take their value as the next argument or after <c>=</c>; a flag given twice,
/// an unknown flag or a bad value is an error that names the flag (the program exits 2).
/// </summary>
internal static class SandboxCommandLine
{
    /// <summary>The callout secret used when callouts are signed and no <c>--callout-secret</c> is given.</summary>
    public const string DefaultCalloutSecret = "hc-sandbox-callout-secret";

    /// <summary>
    /// The <see cref="SandboxOptions"/> properties deliberately without a flag: they need code (a clock object, a
    /// logging callback) or a caller that drives a manual clock, which only in-process use has.
    /// </summary>
    public static readonly IReadOnlySet<string> InProcessOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        nameof(SandboxOptions.TimeProvider),
        nameof(SandboxOptions.ManualClock),
        nameof(SandboxOptions.ManualClockStart),
        nameof(SandboxOptions.ConfigureLogging),
        nameof(SandboxOptions.HouseCanary),
        nameof(SandboxOptions.AppraisalWorks),
    };

    /// <summary>Every flag, in the order <c>--help</c> lists them, grouped by heading.</summary>
    public static readonly IReadOnlyList<Flag> Flags =
    [
        // The host and the clock.
        new("--host", "ADDRESS", "address to bind (default 127.0.0.1)", "General", nameof(SandboxOptions.Host), (o, v) => o.Host = v),
        new("--port", "N", "port to bind (default: a free port)", "General", nameof(SandboxOptions.Port), (o, v) => o.Port = Port(v)),
        new("--seed", "N", "seed for ids and fake data, for reproducible runs (default: random)", "General", nameof(SandboxOptions.Seed), (o, v) => o.Seed = Int(v)),
        new("--step-ms", "N", "milliseconds between two lifecycle steps (default 200)", "General", nameof(SandboxOptions.StepInterval), (o, v) => o.StepInterval = TimeSpan.FromMilliseconds(Positive(v))),
        new("--poll-ms", "N", "milliseconds between two looks for due steps (default 20)", "General", nameof(SandboxOptions.PollInterval), (o, v) => o.PollInterval = TimeSpan.FromMilliseconds(Positive(v))),
        new("--max-body-bytes", "N", "largest request body accepted (default 134217728)", "General", nameof(SandboxOptions.MaxRequestBodySize), (o, v) => o.MaxRequestBodySize = Positive(v)),

        // HouseCanary: credentials, callouts, evidence variants.
        new("--hc-token", "TOKEN", $"API token accepted in 'Authorization: Token ...' (default {HouseCanarySandboxOptions.DefaultApiToken})", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.ApiToken), (o, v) => o.HouseCanary.ApiToken = NotBlank(v)),
        new("--hc-owner-organization-id", "N", "owner_organization_id orders must name (default 101)", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.OwnerOrganizationId), (o, v) => o.HouseCanary.OwnerOrganizationId = Positive(v)),
        new("--hc-owner-id", "N", "owner_id orders must name (default 202)", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.OwnerId), (o, v) => o.HouseCanary.OwnerId = Positive(v)),
        new("--callout-url", "URL", "where callouts go (default: none are sent)", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.CalloutUrl), (o, v) => o.HouseCanary.CalloutUrl = AbsoluteUrl(v)),
        new("--callout-auth", Choices<CalloutAuthentication>(), "callout authentication scheme (default signature)", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.CalloutAuthentication), (o, v) => o.HouseCanary.CalloutAuthentication = Choice<CalloutAuthentication>(v)),
        new("--callout-secret", "S", $"HMAC-SHA1 secret of the signature scheme (default {DefaultCalloutSecret})", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.CalloutSignatureSecret), (o, v) => o.HouseCanary.CalloutSignatureSecret = NotBlank(v)),
        new("--callout-signature-header", "NAME", "header of the signature scheme (default X-HC-Signature)", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.CalloutSignatureHeaderName), (o, v) => o.HouseCanary.CalloutSignatureHeaderName = NotBlank(v)),
        new("--callout-user", "NAME", "user name of the basic scheme", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.CalloutUserName), (o, v) => o.HouseCanary.CalloutUserName = NotBlank(v)),
        new("--callout-password", "P", "password of the basic scheme", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.CalloutPassword), (o, v) => o.HouseCanary.CalloutPassword = v),
        new("--callout-token-name", "NAME", "header (header-token) or query parameter (query-string-token) carrying the token", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.CalloutTokenName), (o, v) => o.HouseCanary.CalloutTokenName = NotBlank(v)),
        new("--callout-token", "T", "token of the header-token and query-string-token schemes", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.CalloutToken), (o, v) => o.HouseCanary.CalloutToken = NotBlank(v)),
        new("--callout-timeout", "DURATION", "time a receiver has to answer a callout (default 30s)", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.CalloutTimeout), (o, v) => o.HouseCanary.CalloutTimeout = Duration(v)),
        new("--callout-max-redeliveries", "N", "redeliveries after a failed callout (default 10)", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.MaxRedeliveries), (o, v) => o.HouseCanary.MaxRedeliveries = Int(v)),
        new("--callout-redelivery-interval", "DURATION", "time between two callout attempts (default 5m)", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.RedeliveryInterval), (o, v) => o.HouseCanary.RedeliveryInterval = Duration(v)),
        new("--hc-item-list", Choices<HouseCanaryItemList>(), "shape of GET orders/{id}/items/ (default page)", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.ItemList), (o, v) => o.HouseCanary.ItemList = Choice<HouseCanaryItemList>(v)),
        new("--hc-downloadables", Choices<HouseCanaryDownloadables>(), "shape of available_downloadables (default objects)", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.Downloadables), (o, v) => o.HouseCanary.Downloadables = Choice<HouseCanaryDownloadables>(v)),
        new("--hc-export-layout", Choices<HouseCanaryExportLayout>(), "files in an export zip (default partner-document)", "HouseCanary", "HouseCanary." + nameof(HouseCanarySandboxOptions.ExportLayout), (o, v) => o.HouseCanary.ExportLayout = Choice<HouseCanaryExportLayout>(v)),

        // AppraisalWorks: credentials, postbacks, evidence variants, completed documents.
        new("--aw-client-id", "ID", $"client id requestingParty.clientID must carry (default {AppraisalWorksSandboxOptions.DefaultClientId})", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.ClientId), (o, v) => o.AppraisalWorks.ClientId = NotBlank(v)),
        new("--aw-public-key", "KEY", $"public key in 'Authorization: hmac KEY:...' (default {AppraisalWorksSandboxOptions.DefaultPublicKey})", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.PublicKey), (o, v) => o.AppraisalWorks.PublicKey = NotBlank(v)),
        new("--aw-private-key", "KEY", "private key of the HMAC-SHA256 signature (default: the sandbox's well-known key)", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.PrivateKey), (o, v) => o.AppraisalWorks.PrivateKey = NotBlank(v)),
        new("--aw-signature-window", "DURATION", "how far x-request-date may lie from the clock (default 5m)", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.SignatureWindow), (o, v) => o.AppraisalWorks.SignatureWindow = Duration(v)),
        new("--aw-signed-content-type", Choices<AppraisalWorksSignedContentType>(), "Content-Type slot of the canonical string (default documented)", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.SignedContentType), (o, v) => o.AppraisalWorks.SignedContentType = Choice<AppraisalWorksSignedContentType>(v)),
        new("--aw-event-names", Choices<AppraisalWorksEventNames>(), "how postbacks spell eventName (default route-segment)", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.EventNames), (o, v) => o.AppraisalWorks.EventNames = Choice<AppraisalWorksEventNames>(v)),
        new("--aw-default-appraisal-coordinator", null, "accept orders without an Appraisal Coordinator", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.DefaultAppraisalCoordinator), (o, _) => o.AppraisalWorks.DefaultAppraisalCoordinator = true),
        new("--postback-url", "URL", "where postbacks go (default: none are sent)", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.PostbackUrl), (o, v) => o.AppraisalWorks.PostbackUrl = AbsoluteUrl(v)),
        new("--postback-timeout", "DURATION", "time a receiver has to answer a postback (default 30s)", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.PostbackTimeout), (o, v) => o.AppraisalWorks.PostbackTimeout = Duration(v)),
        new("--postback-max-redeliveries", "N", "redeliveries after a failed postback (default 3)", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.MaxRedeliveries), (o, v) => o.AppraisalWorks.MaxRedeliveries = Int(v)),
        new("--postback-redelivery-interval", "DURATION", "time between two postback attempts (default 1m)", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.RedeliveryInterval), (o, v) => o.AppraisalWorks.RedeliveryInterval = Duration(v)),
        new("--aw-pdf-bytes", "N", "size of the completed appraisal PDF (default 49152)", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.AppraisalPdfSize), (o, v) => o.AppraisalWorks.AppraisalPdfSize = Int(v)),
        new("--aw-mismo-bytes", "N", "size of the completed MISMO XML (default 24576)", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.MismoXmlSize), (o, v) => o.AppraisalWorks.MismoXmlSize = Int(v)),
        new("--aw-invoice-bytes", "N", "size of the completed invoice PDF (default 4096)", "AppraisalWorks", "AppraisalWorks." + nameof(AppraisalWorksSandboxOptions.InvoiceSize), (o, v) => o.AppraisalWorks.InvoiceSize = Int(v)),
    ];

    /// <summary>The text <c>--help</c> prints: every flag, grouped, with its value and default.</summary>
    public static string Usage { get; } = BuildUsage();

    /// <summary>Reads <paramref name="args"/>.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <returns>The options, a request for help, or the first error (naming the flag).</returns>
    public static ParseResult Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new SandboxOptions();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            if (arg is "--help" or "-h")
            {
                return ParseResult.ForHelp();
            }

            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            string name = arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? arg[..equals] : arg;
            var flag = Flags.FirstOrDefault(f => f.Name == name);
            if (flag is null)
            {
                return ParseResult.ForError($"Unknown option {Printable(name)}.");
            }

            if (!seen.Add(name))
            {
                return ParseResult.ForError($"{name} is given twice.");
            }

            string value;
            if (flag.ValueName is null)
            {
                if (equals > 0)
                {
                    return ParseResult.ForError($"{name} takes no value.");
                }

                value = string.Empty;
            }
            else if (equals > 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count)
            {
                value = args[++i];
            }
            else
            {
                return ParseResult.ForError($"{name} needs a value ({flag.ValueName}).");
            }

            try
            {
                flag.Apply(options, value);
            }
            catch (FormatException ex)
            {
                return ParseResult.ForError($"{name} {ex.Message}");
            }
        }

        // Signed callouts need a secret: the well-known sandbox one unless the user chose theirs.
        if (options.HouseCanary.CalloutAuthentication == CalloutAuthentication.Signature && options.HouseCanary.CalloutSignatureSecret is null)
        {
            options.HouseCanary.CalloutSignatureSecret = DefaultCalloutSecret;
        }

        return ParseResult.ForOptions(options);
    }

    /// <summary>The kebab-case spelling of an enum value, as the flags take it (<c>QueryStringToken</c> -> <c>query-string-token</c>).</summary>
    /// <typeparam name="TEnum">The enum.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The spelling.</returns>
    public static string Kebab<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        string name = value.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    private static string Choices<TEnum>()
        where TEnum : struct, Enum => string.Join('|', Enum.GetValues<TEnum>().Select(Kebab));

    private static TEnum Choice<TEnum>(string value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Kebab(candidate), value, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        throw new FormatException($"needs one of {Choices<TEnum>()}, not '{Printable(value)}'.");
    }

    private static int Int(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            ? number
            : throw new FormatException($"needs a whole number, not '{Printable(value)}'.");

    private static int Positive(string value) =>
        Int(value) is > 0 and var number ? number : throw new FormatException($"needs a number above 0, not '{Printable(value)}'.");

    private static int Port(string value) =>
        Int(value) is <= 65535 and var number ? number : throw new FormatException($"needs a port from 0 to 65535, not '{Printable(value)}'.");

    private static string NotBlank(string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new FormatException("needs a value that is not blank.") : value;

    /// <summary>Reads <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c> (a whole number and a unit).</summary>
    private static TimeSpan Duration(string value)
    {
        (string digits, double scale) = value switch
        {
            _ when value.EndsWith("ms", StringComparison.Ordinal) => (value[..^2], 1d),
            _ when value.EndsWith('s') => (value[..^1], 1000d),
            _ when value.EndsWith('m') => (value[..^1], 60_000d),
            _ when value.EndsWith('h') => (value[..^1], 3_600_000d),
            _ => (string.Empty, 0d),
        };
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int amount) && amount > 0
            ? TimeSpan.FromMilliseconds(amount * scale)
            : throw new FormatException($"needs a duration above 0 such as 500ms, 30s, 5m or 1h, not '{Printable(value)}'.");
    }

    // The value is not echoed: a callout or postback URL may carry a token in its query string.
    private static Uri AbsoluteUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new FormatException("needs an absolute http:// or https:// URL.");

    // Echoed text stays on one line and short, whatever was typed.
    private static string Printable(string value)
    {
        string oneLine = new([.. value.Select(c => char.IsControl(c) ? '?' : c)]);
        return oneLine.Length > 60 ? oneLine[..60] + "..." : oneLine;
    }

    private static string BuildUsage()
    {
        var text = new StringBuilder();
        text.AppendLine("valuation-sandbox: a local emulator of the HouseCanary Partner API and the AppraisalWorks API.");
        text.AppendLine("Usage: valuation-sandbox [options]   (--flag VALUE or --flag=VALUE)");
        int width = Flags.Max(f => Left(f).Length) + 2;
        foreach (var group in Flags.GroupBy(f => f.Group))
        {
            text.AppendLine().Append(group.Key).AppendLine(":");
            foreach (var flag in group)
            {
                text.Append("  ").Append(Left(flag).PadRight(width)).AppendLine(flag.Help);
                if (flag.ValueName?.Contains('|', StringComparison.Ordinal) == true)
                {
                    text.Append(' ', width + 2).Append("one of: ").AppendLine(flag.ValueName.Replace("|", ", ", StringComparison.Ordinal));
                }
            }
        }

        text.AppendLine().AppendLine("  -h, --help".PadRight(width + 2) + "print this help and exit");
        text.AppendLine("Durations are a whole number and a unit: 500ms, 30s, 5m, 1h. Exit codes: 0 stopped by Ctrl+C or SIGTERM,");
        text.Append("1 the sandbox could not start (such as a port in use), 2 a bad option or combination of options.");
        return text.ToString();
    }

    private static string Left(Flag flag) => flag.ValueName switch
    {
        null => flag.Name,
        { } choices when choices.Contains('|', StringComparison.Ordinal) => flag.Name + " CHOICE",
        { } value => flag.Name + " " + value,
    };

    /// <summary>One flag.</summary>
    /// <param name="Name">The flag, such as <c>--port</c>.</param>
    /// <param name="ValueName">What the value looks like, or null for a flag without a value.</param>
    /// <param name="Help">What it sets.</param>
    /// <param name="Group">The heading it is listed under.</param>
    /// <param name="Option">The option it sets, as <c>Property</c> or <c>HouseCanary.Property</c>.</param>
    /// <param name="Apply">Sets the option; throws <see cref="FormatException"/> (completing "--flag ...") for a bad value.</param>
    internal sealed record Flag(string Name, string? ValueName, string Help, string Group, string Option, Action<SandboxOptions, string> Apply);
}

/// <summary>What the command line asked for.</summary>
internal sealed class ParseResult
{
    private ParseResult(SandboxOptions? options, bool help, string? error)
    {
        Options = options;
        Help = help;
        Error = error;
    }

    /// <summary>The options to start with, when the arguments were good.</summary>
    public SandboxOptions? Options { get; }

    /// <summary>True when <c>--help</c> or <c>-h</c> was given.</summary>
    public bool Help { get; }

    /// <summary>The first problem, naming the flag, when the arguments were bad.</summary>
    public string? Error { get; }

    public static ParseResult ForOptions(SandboxOptions options) => new(options, help: false, error: null);

    public static ParseResult ForHelp() => new(null, help: true, error: null);

    public static ParseResult ForError(string error) => new(null, help: false, error);
}
