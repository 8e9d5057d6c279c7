using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Valuation.Sandbox;
using Valuation.Sandbox.Tool;

// The valuation-sandbox command (`valuation-sandbox [options]` once installed as a dotnet tool, or
// `dotnet run --project src/Valuation.Sandbox.Tool -- [options]` in the repository). Prints the URLs and the
// sandbox-only credentials, then serves until Ctrl+C or SIGTERM. A free port is chosen unless --port is given.
var parsed = SandboxCommandLine.Parse(args);
if (parsed.Help)
{
    Console.WriteLine(SandboxCommandLine.Usage);
    return 0;
}

if (parsed.Options is not { } options)
{
    Console.Error.WriteLine($"error: {parsed.Error} Run valuation-sandbox --help for the options.");
    return 2;
}

options.ConfigureLogging = logging => logging
    .AddSimpleConsole(o => o.SingleLine = true)
    .AddFilter("Microsoft.AspNetCore", LogLevel.Warning)
    .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning); // the banner below says where it listens

ValuationSandbox sandbox;
try
{
    sandbox = await ValuationSandbox.StartAsync(options);
}
catch (ArgumentException ex)
{
    // A combination of options the sandbox refuses (such as --callout-auth basic without --callout-user).
    Console.Error.WriteLine($"error: {ex.Message} Run valuation-sandbox --help for the options.");
    return 2;
}
catch (Exception ex) when (ex is IOException or InvalidOperationException)
{
    Console.Error.WriteLine($"The sandbox could not start: {ex.Message}");
    return 1;
}

await using (sandbox)
{
    var credentials = sandbox.Credentials;
    var houseCanary = options.HouseCanary;
    Console.WriteLine($"Valuation.Sandbox listening on {sandbox.BaseAddress}");
    Console.WriteLine($"  HouseCanary     {sandbox.HouseCanaryBaseAddress}");
    Console.WriteLine($"    ApiToken={credentials.HouseCanary.ApiToken} OwnerOrganizationId={credentials.HouseCanary.OwnerOrganizationId} OwnerId={credentials.HouseCanary.OwnerId}");
    Console.WriteLine(houseCanary.CalloutUrl is null
        ? "    callouts -> (none: pass --callout-url)"
        : $"    callouts -> {houseCanary.CalloutUrl.GetLeftPart(UriPartial.Path)} ({SandboxCommandLine.Kebab(houseCanary.CalloutAuthentication)})");
    Console.WriteLine($"  AppraisalWorks  {sandbox.AppraisalWorksBaseAddress}");
    Console.WriteLine($"    ClientId={credentials.AppraisalWorks.ClientId} PublicKey={credentials.AppraisalWorks.PublicKey} PrivateKey={credentials.AppraisalWorks.PrivateKey}");
    Console.WriteLine($"    postbacks -> {options.AppraisalWorks.PostbackUrl?.GetLeftPart(UriPartial.Path) ?? "(none: pass --postback-url)"}");
    Console.WriteLine("These credentials are sandbox-only. Press Ctrl+C to stop.");

    var stopped = new TaskCompletionSource();
    Console.CancelKeyPress += (_, e) =>
    {
        e.Cancel = true;
        stopped.TrySetResult();
    };
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stopped.TrySetResult();
    });
    await stopped.Task;
    Console.WriteLine("Stopping.");
}

return 0;
