using System.Globalization;
using Valuation.Sandbox;

// Standalone: `dotnet run --project src/Valuation.Sandbox [--port N] [--callout-url URL] [--postback-url URL]
//   [--callout-secret S] [--step-ms N]`. Prints the URLs and the sandbox-only credentials, then serves until Ctrl+C.
var options = new SandboxOptions { Port = 5080 };
for (int i = 0; i + 1 < args.Length; i += 2)
{
    string value = args[i + 1];
    switch (args[i])
    {
        case "--port":
            options.Port = int.Parse(value, CultureInfo.InvariantCulture);
            break;
        case "--host":
            options.Host = value;
            break;
        case "--callout-url":
            options.HouseCanary.CalloutUrl = new Uri(value);
            break;
        case "--callout-secret":
            options.HouseCanary.CalloutSignatureSecret = value;
            break;
        case "--postback-url":
            options.AppraisalWorks.PostbackUrl = new Uri(value);
            break;
        case "--step-ms":
            options.StepInterval = TimeSpan.FromMilliseconds(int.Parse(value, CultureInfo.InvariantCulture));
            break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}.");
            return 2;
    }
}

if (options.HouseCanary.CalloutUrl is not null && options.HouseCanary.CalloutSignatureSecret is null)
{
    options.HouseCanary.CalloutSignatureSecret = "hc-sandbox-callout-secret";
}

options.ConfigureLogging = logging => logging
    .AddSimpleConsole(o => o.SingleLine = true)
    .AddFilter("Microsoft.AspNetCore", Microsoft.Extensions.Logging.LogLevel.Warning);

await using var sandbox = await ValuationSandbox.StartAsync(options);
var credentials = sandbox.Credentials;
Console.WriteLine($"Valuation.Sandbox listening on {sandbox.BaseAddress}");
Console.WriteLine($"  HouseCanary     {sandbox.HouseCanaryBaseAddress}");
Console.WriteLine($"    ApiToken={credentials.HouseCanary.ApiToken} OwnerOrganizationId={credentials.HouseCanary.OwnerOrganizationId} OwnerId={credentials.HouseCanary.OwnerId}");
Console.WriteLine($"    callouts -> {options.HouseCanary.CalloutUrl?.ToString() ?? "(none: pass --callout-url)"}");
Console.WriteLine($"  AppraisalWorks  {sandbox.AppraisalWorksBaseAddress}");
Console.WriteLine($"    ClientId={credentials.AppraisalWorks.ClientId} PublicKey={credentials.AppraisalWorks.PublicKey} PrivateKey={credentials.AppraisalWorks.PrivateKey}");
Console.WriteLine($"    postbacks -> {options.AppraisalWorks.PostbackUrl?.ToString() ?? "(none: pass --postback-url)"}");
Console.WriteLine("These credentials are sandbox-only. Press Ctrl+C to stop.");

var stopped = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopped.TrySetResult();
};
await stopped.Task;
return 0;
