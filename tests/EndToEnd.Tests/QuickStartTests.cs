using HouseCanary.OrderManager.Exports;
using Microsoft.Extensions.Configuration;
using QuickStart;

namespace EndToEnd.Tests;

public sealed class QuickStartTests
{
    [Fact]
    public async Task The_quick_start_completes_the_tour_on_the_sandbox_and_writes_the_documented_files()
    {
        string outDir = Path.Combine(Path.GetTempPath(), "e2e-quickstart-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var output = new StringWriter();
            var settings = new QuickStartSettings { OutputDirectory = outDir, SandboxStepInterval = TimeSpan.FromMilliseconds(50) };

            int exit = await new QuickStartTour().RunAsync(settings, output);

            string text = output.ToString();
            Assert.True(exit == 0, text);
            var naming = new ExportNaming();
            string today = naming.Today().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            string hc = Path.Combine(outDir, "HouseCanary");
            Assert.Equal(
                [$"9-elm-st_{today}_ValueReport.pdf", $"HC_quick-start-portfolio_{today}.zip", $"loan-1_{today}_ValueReport.pdf"],
                Directory.GetFiles(hc).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.All(Directory.GetFiles(hc, "*.pdf"), f => Assert.StartsWith("%PDF-", File.ReadAllText(f)[..5], StringComparison.Ordinal));

            var aw = Directory.GetFiles(Path.Combine(outDir, "AppraisalWorks")).Select(Path.GetFileName).ToList();
            Assert.Contains(aw, f => f!.EndsWith("_AppraisalReport.pdf", StringComparison.Ordinal));
            Assert.Contains(aw, f => f!.EndsWith("_FinalAppraisalDoc.xml", StringComparison.Ordinal));
            Assert.Contains(aw, f => f!.EndsWith("_Invoice.PDF", StringComparison.Ordinal));

            Assert.Contains("created for 2 addresses", text, StringComparison.Ordinal);
            Assert.Contains("callout (signature verified): order_complete", text, StringComparison.Ordinal);
            Assert.Contains("comment added (POST /Orders/", text, StringComparison.Ordinal);
            Assert.Contains("document added (POST /Orders/", text, StringComparison.Ordinal);
            Assert.Contains("postback (token verified, details fetched): Completed", text, StringComparison.Ordinal);
            Assert.Contains("Done.", text, StringComparison.Ordinal);
            Assert.DoesNotContain("refused", text, StringComparison.Ordinal);
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
    public async Task Incomplete_real_server_settings_end_with_one_error_line_naming_the_setting_and_exit_code_1()
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AppraisalWorks:ClientId"] = "4564",
            ["AppraisalWorks:PublicKey"] = "public-key-value",
            ["out"] = Path.Combine(Path.GetTempPath(), "e2e-qs-" + Guid.NewGuid().ToString("N")),
        }).Build();
        using var output = new StringWriter();
        using var error = new StringWriter();

        int exit = await new QuickStartTour().RunAsync(QuickStartSettings.FromConfiguration(config, interactiveProgress: false), output, error);

        Assert.Equal(1, exit);
        string line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: reading the AppraisalWorks settings failed:", line, StringComparison.Ordinal);
        Assert.Contains("AppraisalWorks:PrivateKey", line, StringComparison.Ordinal);
        Assert.Contains("HouseCanary: not configured", output.ToString(), StringComparison.Ordinal);
    }
}
