using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Valuation.Sandbox;

// The valuation-sandbox command (`valuation-sandbox [options]` once installed as a dotnet tool, or
// `dotnet run --project src/Valuation.Sandbox.Tool -- [options]` in the repository). Prints the URLs and the
// sandbox-only credentials, then serves until Ctrl+C or SIGTERM. A free port is chosen unless --port is given.
const string Usage = """
    valuation-sandbox: a local emulator of the HouseCanary Partner API and the AppraisalWorks API.
    Usage: valuation-sandbox [options]
    Options:
      --port N               port to bind on 127.0.0.1 (default: a free port)
      --host ADDRESS         address to bind (default 127.0.0.1)
      --callout-url URL      where HouseCanary callouts go (signed with X-HC-Signature)
      --callout-secret S     the callout HMAC-SHA1 secret (default hc-sandbox-callout-secret)
      --postback-url URL     where AppraisalWorks postbacks go
      --step-ms N            milliseconds between lifecycle steps (default 200)
      -h, --help             print this help and exit
    """;

var options = new SandboxOptions();
try
{
    for (int i = 0; i < args.Length; i++)
    {
        string name = args[i];
        if (name is "--help" or "-h")
        {
            Console.WriteLine(Usage);
            return 0;
        }

        if (name is not ("--port" or "--host" or "--callout-url" or "--callout-secret" or "--postback-url" or "--step-ms"))
        {
            throw new FormatException($"Unknown option {name}.");
        }

        if (i + 1 >= args.Length)
        {
            throw new FormatException($"{name} needs a value.");
        }

        string value = args[++i];
        switch (name)
        {
            case "--port":
                options.Port = Number(name, value);
                break;
            case "--host":
                options.Host = value;
                break;
            case "--callout-url":
                options.HouseCanary.CalloutUrl = AbsoluteUrl(name, value);
                break;
            case "--callout-secret":
                options.HouseCanary.CalloutSignatureSecret = value;
                break;
            case "--postback-url":
                options.AppraisalWorks.PostbackUrl = AbsoluteUrl(name, value);
                break;
            case "--step-ms":
                options.StepInterval = TimeSpan.FromMilliseconds(Number(name, value));
                break;
        }
    }
}
catch (FormatException ex)
{
    Console.Error.WriteLine($"{ex.Message}\n\n{Usage}");
    return 2;
}

if (options.HouseCanary.CalloutUrl is not null && options.HouseCanary.CalloutSignatureSecret is null)
{
    options.HouseCanary.CalloutSignatureSecret = "hc-sandbox-callout-secret";
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
catch (Exception ex) when (ex is ArgumentException or IOException or InvalidOperationException)
{
    Console.Error.WriteLine($"The sandbox could not start: {ex.Message}");
    return 1;
}

await using (sandbox)
{
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
    using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
    {
        context.Cancel = true;
        stopped.TrySetResult();
    });
    await stopped.Task;
    Console.WriteLine("Stopping.");
}

return 0;

static int Number(string name, string value) =>
    int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number)
        ? number
        : throw new FormatException($"{name} needs a whole number, not '{value}'.");

// The value is not echoed: a postback URL may carry a token in its query string.
static Uri AbsoluteUrl(string name, string value) =>
    Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
        ? url
        : throw new FormatException($"{name} needs an absolute http:// or https:// URL.");
