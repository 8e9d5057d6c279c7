using QuickStart;

namespace EndToEnd.Tests;

public sealed class DownloadProgressTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "e2e-progress-" + Guid.NewGuid().ToString("N") + ".pdf");

    public DownloadProgressTests() => File.WriteAllBytes(_file, new byte[3000]);

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void On_a_terminal_the_progress_updates_one_line_which_the_saved_line_replaces()
    {
        using var raw = new StringWriter();
        var writer = new StatusLineWriter(raw);
        var progress = new DownloadProgress(writer, "a.pdf", interactive: true);

        progress.Report(1000);
        progress.Report(2000);
        Assert.Equal(["    downloading a.pdf: 2.0 KB"], TerminalScreen.Render(raw.ToString()));

        writer.WriteLine("  callout (signature verified): item 7 is now complete");
        progress.Report(3000);
        progress.Complete(_file);

        Assert.Equal(
            ["  callout (signature verified): item 7 is now complete", $"    saved {_file} (2.9 KB)"],
            TerminalScreen.Render(raw.ToString()));
    }

    [Fact]
    public void The_line_after_a_finished_download_starts_on_a_line_of_its_own()
    {
        using var raw = new StringWriter();
        var writer = new StatusLineWriter(raw);
        var progress = new DownloadProgress(writer, "a.pdf", interactive: true);

        progress.Report(3000);
        progress.Complete(_file);
        writer.WriteLine("Done.");

        Assert.Equal([$"    saved {_file} (2.9 KB)", "Done."], TerminalScreen.Render(raw.ToString()));
    }

    [Fact]
    public void Redirected_output_gets_milestone_lines_and_no_carriage_return()
    {
        using var raw = new StringWriter();
        var progress = new DownloadProgress(new StatusLineWriter(raw), "big.pdf", interactive: false);

        for (long bytes = 64 * 1024; bytes <= 600 * 1024; bytes += 64 * 1024)
        {
            progress.Report(bytes);
        }

        progress.Complete(_file);

        string text = raw.ToString();
        Assert.DoesNotContain('\r', text);
        Assert.Equal(
            ["    downloading big.pdf: 256.0 KB", "    downloading big.pdf: 512.0 KB", $"    saved {_file} (576.0 KB)"],
            text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
