using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using QuickStart;
using Valuation.Sandbox;

namespace Reliability.Tests;

/// <summary>
/// The quick-start sample's own tour (samples/QuickStart), against a sandbox with distinctive credentials, and its
/// failure path with wrong ones: no secret in what the tour prints, nor in the sandbox's logs at Trace.
/// The sample builds its own service providers with no logging provider (and clears them in sandbox mode), so its
/// console output and error line are what a user sees; the packages' own logs are covered by <see cref="SecretsTests"/>.
/// </summary>
[Trait("Category", "Secrets")]
public sealed class QuickStartSecretsTests
{
    private const string HcToken = "qs-LIVE-hc-token-4c2e91";
    private const string AwPrivateKey = "qs-LIVE-aw-private-8b7d03";
    private const string WrongHcToken = "qs-WRONG-hc-token-11aa";
    private const string WrongAwPrivateKey = "qs-WRONG-aw-private-22bb";

    private static readonly string[] Secrets = [HcToken, AwPrivateKey, WrongHcToken, WrongAwPrivateKey];

    [Fact]
    public async Task The_quick_start_tour_and_its_failure_path_print_no_secret()
    {
        var logs = new FakeLogCollector();
        await using var sandbox = await ValuationSandbox.StartAsync(new SandboxOptions
        {
            StepInterval = TimeSpan.FromMilliseconds(50),
            ConfigureLogging = b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)),
            HouseCanary = { ApiToken = HcToken },
            AppraisalWorks = { PrivateKey = AwPrivateKey, AppraisalPdfSize = 8 * 1024 },
        });
        string outDir = Directory.CreateTempSubdirectory("reliability-quickstart-").FullName;
        try
        {
            var (code, output) = await RunTourAsync(sandbox, outDir, HcToken, AwPrivateKey);
            Assert.True(code == 0, "the tour failed:\n" + output);
            Assert.Contains("Done.", output, StringComparison.Ordinal);

            var (failedCode, failedOutput) = await RunTourAsync(sandbox, outDir, WrongHcToken, WrongAwPrivateKey);
            Assert.Equal(1, failedCode);
            Assert.Contains("error:", failedOutput, StringComparison.Ordinal);

            var texts = new List<string> { output, failedOutput };
            foreach (var record in logs.GetSnapshot())
            {
                texts.Add(record.Message);
                texts.Add(record.Exception?.ToString() ?? string.Empty);
                texts.AddRange(record.StructuredState?.Select(kv => kv.Key + "=" + kv.Value) ?? []);
            }

            foreach (string text in texts)
            {
                foreach (string secret in Secrets)
                {
                    Assert.False(text.Contains(secret, StringComparison.Ordinal), $"A secret appeared in: {text}");
                }
            }
        }
        finally
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    private static async Task<(int Code, string Output)> RunTourAsync(ValuationSandbox sandbox, string outDir, string hcToken, string awPrivateKey)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["out"] = outDir,
            ["QuickStart:PollSeconds"] = "0.1",
            ["QuickStart:MaxWaitSeconds"] = "60",
            ["HouseCanary:BaseAddress"] = sandbox.HouseCanaryBaseAddress.ToString(),
            ["HouseCanary:ApiToken"] = hcToken,
            ["HouseCanary:OwnerOrganizationId"] = "101",
            ["HouseCanary:OwnerId"] = "202",
            ["AppraisalWorks:BaseAddress"] = sandbox.AppraisalWorksBaseAddress.ToString(),
            ["AppraisalWorks:ClientId"] = sandbox.Credentials.AppraisalWorks.ClientId,
            ["AppraisalWorks:PublicKey"] = sandbox.Credentials.AppraisalWorks.PublicKey,
            ["AppraisalWorks:PrivateKey"] = awPrivateKey,
        }).Build();
        using var output = new StringWriter();
        int code = await new QuickStartTour().RunAsync(QuickStartSettings.FromConfiguration(configuration, interactiveProgress: false), output, output);
        return (code, output.ToString());
    }
}
