namespace QuickStart;

/// <summary>
/// The quick start's command line, checked before it reaches configuration: <c>--help</c>, <c>--out DIR</c> and
/// <c>HouseCanary:*</c>, <c>AppraisalWorks:*</c> or <c>QuickStart:*</c> settings, in the forms that
/// <c>AddCommandLine</c> reads (<c>KEY=VALUE</c>, <c>--KEY VALUE</c>, <c>--KEY=VALUE</c>, <c>/KEY VALUE</c>).
/// Anything else is an error that names it, instead of being silently ignored.
/// </summary>
public static class QuickStartCommandLine
{
    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        Usage: dotnet run --project samples/QuickStart [-- OPTIONS]    (or QuickStart OPTIONS once published)

        Tours both SDKs against the embedded sandbox. With any HouseCanary:* or AppraisalWorks:* setting (here, in
        ./appsettings.json or in environment variables such as HouseCanary__ApiToken) it tours only the configured
        API(s), against the real server.

        Options:
          --out DIR                      where the report files go (default: ./out)
          HouseCanary:KEY=VALUE          a HouseCanary setting, e.g. HouseCanary:ApiToken=...
          AppraisalWorks:KEY=VALUE       an AppraisalWorks setting, e.g. AppraisalWorks:PublicKey=...
          QuickStart:MaxWaitSeconds=N    the longest wait for an order (default: 60 on the sandbox, 600 on a server)
          QuickStart:PollSeconds=N       how often a real server is polled (default: 15)
          -h, --help                     print this help and exit

        """;

    private static readonly string[] QuickStartKeys = ["Out", "MaxWaitSeconds", "PollSeconds"];
    private static readonly string[] SectionPrefixes = ["HouseCanary:", "AppraisalWorks:"];

    /// <summary>True when the arguments ask for the usage (<c>-h</c>, <c>--help</c>, <c>-?</c> or <c>/?</c>, anywhere).</summary>
    /// <param name="args">The program's arguments.</param>
    /// <returns>True to print <see cref="Usage"/> and exit 0.</returns>
    public static bool WantsHelp(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Any(a => a is "-h" or "--help" or "-?" or "/?" or "/help");
    }

    /// <summary>Finds the first argument the quick start does not understand.</summary>
    /// <param name="args">The program's arguments.</param>
    /// <returns>Null when every argument is understood; otherwise one sentence naming the first one that is not.
    /// It names a setting's key but never echoes its value, which may be a secret.</returns>
    public static string? FindError(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            int keyStart = arg.StartsWith("--", StringComparison.Ordinal) ? 2 : arg.StartsWith('/') ? 1 : 0;
            if (keyStart == 0 && arg.StartsWith('-'))
            {
                return $"unknown option '{arg}'.";
            }

            int equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (keyStart == 0 && equals < 0)
            {
                return $"unknown argument '{arg}'.";
            }

            string key = equals < 0 ? arg[keyStart..] : arg[keyStart..equals];
            string shown = equals < 0 ? arg : arg[..equals];
            if (!IsKnownKey(key))
            {
                return keyStart == 0 ? $"unknown setting '{key}'." : $"unknown option '{shown}'.";
            }

            if (equals < 0)
            {
                if (i + 1 >= args.Count)
                {
                    return $"'{arg}' needs a value.";
                }

                i++;
            }
        }

        return null;
    }

    private static bool IsKnownKey(string key)
    {
        if (key.Equals("out", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (key.StartsWith("QuickStart:", StringComparison.OrdinalIgnoreCase))
        {
            string name = key["QuickStart:".Length..];
            return QuickStartKeys.Any(k => k.Equals(name, StringComparison.OrdinalIgnoreCase));
        }

        return SectionPrefixes.Any(p => key.Length > p.Length && key.StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }
}
