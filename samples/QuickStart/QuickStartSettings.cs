using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace QuickStart;

/// <summary>What the tour needs to know: where to write, which servers to use, how long to wait.</summary>
public sealed class QuickStartSettings
{
    /// <summary>The folder the report files go to (<c>--out</c>; default <c>./out</c>).</summary>
    public string OutputDirectory { get; init; } = Path.Combine(Directory.GetCurrentDirectory(), "out");

    /// <summary>The <c>HouseCanary</c> section when it holds any setting; the tour then uses that server.</summary>
    public IConfigurationSection? HouseCanary { get; init; }

    /// <summary>The <c>AppraisalWorks</c> section when it holds any setting; the tour then uses that server.</summary>
    public IConfigurationSection? AppraisalWorks { get; init; }

    /// <summary>True when neither API is configured: the tour starts the embedded sandbox and tours both.</summary>
    public bool UseSandbox => HouseCanary is null && AppraisalWorks is null;

    /// <summary>The sandbox's time between two lifecycle steps (the compressed clock).</summary>
    public TimeSpan SandboxStepInterval { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The longest wait for an order to finish: 1 minute on the sandbox, 10 minutes on a real server.</summary>
    public TimeSpan? MaxWait { get; init; }

    /// <summary>How often a real server is polled (<c>QuickStart:PollSeconds</c>; default 15 s).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>True to show download progress as one updating line (a terminal); false for milestone lines.</summary>
    public bool InteractiveProgress { get; init; }

    /// <summary>The effective bounded wait.</summary>
    public TimeSpan EffectiveMaxWait => MaxWait ?? (UseSandbox ? TimeSpan.FromMinutes(1) : TimeSpan.FromMinutes(10));

    /// <summary>Reads the settings from configuration: <c>out</c>, <c>QuickStart:MaxWaitSeconds</c>,
    /// <c>QuickStart:PollSeconds</c>, and the <c>HouseCanary</c> / <c>AppraisalWorks</c> sections.</summary>
    /// <param name="configuration">The program's configuration.</param>
    /// <param name="interactiveProgress">True when the output is a terminal.</param>
    /// <returns>The settings.</returns>
    public static QuickStartSettings FromConfiguration(IConfiguration configuration, bool interactiveProgress)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var houseCanary = configuration.GetSection("HouseCanary");
        var appraisalWorks = configuration.GetSection("AppraisalWorks");
        string? output = configuration["out"] ?? configuration["QuickStart:Out"];
        return new QuickStartSettings
        {
            OutputDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(output) ? "out" : output),
            HouseCanary = houseCanary.Exists() ? houseCanary : null,
            AppraisalWorks = appraisalWorks.Exists() ? appraisalWorks : null,
            MaxWait = Seconds(configuration["QuickStart:MaxWaitSeconds"]),
            PollInterval = Seconds(configuration["QuickStart:PollSeconds"]) ?? TimeSpan.FromSeconds(15),
            InteractiveProgress = interactiveProgress,
        };
    }

    private static TimeSpan? Seconds(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 ? TimeSpan.FromSeconds(s) : null;
}
