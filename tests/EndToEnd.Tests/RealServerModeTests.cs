using Microsoft.Extensions.Configuration;
using QuickStart;
using Valuation.Sandbox;

namespace EndToEnd.Tests;

/// <summary>
/// The quick start's real-server mode (README, "Real servers") against a server that answers as
/// public-evidence.md shows the vendors answer: the sandbox run on its own, configured with the evidence options
/// (object downloadables, the no-slash export path, the public export layout, a canonical string rebuilt from the
/// Content-Type header). The tour polls, as it must on a real server, since callouts and postbacks go elsewhere.
/// </summary>
public sealed class RealServerModeTests
{
    private static SandboxOptions AsTheEvidenceShows() => new()
    {
        StepInterval = TimeSpan.FromMilliseconds(60),
        HouseCanary =
        {
            Downloadables = HouseCanaryDownloadables.Objects,
            ItemList = HouseCanaryItemList.Page,
            ExportLayout = HouseCanaryExportLayout.ClientApi,
        },
        AppraisalWorks =
        {
            SignedContentType = AppraisalWorksSignedContentType.FromHeader,
            EventNames = AppraisalWorksEventNames.Heading,
        },
    };

    private static QuickStartSettings Settings(ValuationSandbox sandbox, string outDir, params (string Key, string Value)[] extra)
    {
        var values = new Dictionary<string, string?>
        {
            ["HouseCanary:BaseAddress"] = sandbox.HouseCanaryBaseAddress.ToString(),
            ["HouseCanary:ApiToken"] = sandbox.Credentials.HouseCanary.ApiToken,
            ["HouseCanary:OwnerOrganizationId"] = sandbox.Credentials.HouseCanary.OwnerOrganizationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["HouseCanary:OwnerId"] = sandbox.Credentials.HouseCanary.OwnerId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AppraisalWorks:BaseAddress"] = sandbox.AppraisalWorksBaseAddress.ToString(),
            ["AppraisalWorks:ClientId"] = sandbox.Credentials.AppraisalWorks.ClientId,
            ["AppraisalWorks:PublicKey"] = sandbox.Credentials.AppraisalWorks.PublicKey,
            ["AppraisalWorks:PrivateKey"] = sandbox.Credentials.AppraisalWorks.PrivateKey,
            ["QuickStart:PollSeconds"] = "0.1",
            ["QuickStart:MaxWaitSeconds"] = "60",
            ["out"] = outDir,
        };
        foreach (var (key, value) in extra)
        {
            values[key] = value;
        }

        return QuickStartSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), interactiveProgress: false);
    }

    [Fact]
    public async Task The_real_server_mode_completes_the_tour_against_a_server_that_answers_as_the_evidence_shows()
    {
        string outDir = Path.Combine(Path.GetTempPath(), "e2e-real-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var sandbox = await ValuationSandbox.StartAsync(AsTheEvidenceShows());
            using var output = new StringWriter();

            int exit = await new QuickStartTour().RunAsync(Settings(sandbox, outDir), output);

            string text = output.ToString();
            Assert.True(exit == 0, text);
            Assert.Contains("polling GET orders/", text, StringComparison.Ordinal);
            Assert.Contains("polling GET /Orders/", text, StringComparison.Ordinal);
            Assert.Contains("the export holds 2 items and Order.json", text, StringComparison.Ordinal);
            Assert.Contains("AgileInsights PDF + OrderItem.json", text, StringComparison.Ordinal);
            var order = Assert.Single(sandbox.HouseCanary.Orders);
            string date = order.ActualDeliveryDate!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(
                [$"9-elm-st_{date}_ValueReport.pdf", $"HC_quick-start-portfolio_{date}.zip", $"loan-1_{date}_ValueReport.pdf"],
                Directory.GetFiles(Path.Combine(outDir, "HouseCanary")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.All(Directory.GetFiles(Path.Combine(outDir, "HouseCanary"), "*.pdf"), f => Assert.StartsWith("%PDF-", File.ReadAllText(f)[..5], StringComparison.Ordinal));
            var aw = Directory.GetFiles(Path.Combine(outDir, "AppraisalWorks")).Select(Path.GetFileName).ToList();
            Assert.Contains(aw, f => f!.EndsWith("_AppraisalReport.pdf", StringComparison.Ordinal));
            Assert.Contains(aw, f => f!.EndsWith("_FinalAppraisalDoc.xml", StringComparison.Ordinal));
            Assert.Contains("Done.", text, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Without_Content_Type_on_GET_such_a_server_refuses_the_signed_poll_and_the_tour_says_so()
    {
        string outDir = Path.Combine(Path.GetTempPath(), "e2e-real-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var sandbox = await ValuationSandbox.StartAsync(AsTheEvidenceShows());
            using var output = new StringWriter();
            using var error = new StringWriter();
            var settings = Settings(sandbox, outDir, ("AppraisalWorks:ContentTypeOnGet", "false"));

            int exit = await new QuickStartTour().RunAsync(
                new QuickStartSettings
                {
                    OutputDirectory = settings.OutputDirectory, AppraisalWorks = settings.AppraisalWorks, PollInterval = settings.PollInterval, MaxWait = settings.MaxWait,
                },
                output,
                error);

            Assert.Equal(1, exit);
            Assert.Contains("AppraisalWorks rejected the request signature (401)", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }
}
