using Microsoft.Extensions.Configuration;
using QuickStart;

// Settings: appsettings.json (optional), environment variables (HouseCanary__ApiToken, ...), then the command line
// (--out DIR, HouseCanary:ApiToken=..., ...). With no HouseCanary or AppraisalWorks setting the tour uses the sandbox.
if (QuickStartCommandLine.WantsHelp(args))
{
    Console.Out.Write(QuickStartCommandLine.Usage);
    return 0;
}

if (QuickStartCommandLine.FindError(args) is { } problem)
{
    Console.Error.WriteLine($"error: {problem} Run with --help to see the options.");
    return 2;
}

var configuration = new ConfigurationBuilder()
    .SetBasePath(Directory.GetCurrentDirectory())
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var settings = QuickStartSettings.FromConfiguration(configuration, interactiveProgress: !Console.IsOutputRedirected);
return await new QuickStartTour().RunAsync(settings, Console.Out, Console.Error, cancel.Token);
