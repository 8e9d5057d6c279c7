using QuickStart;

namespace EndToEnd.Tests;

public sealed class StatusLineWriterTests
{
    [Fact]
    public void A_line_written_while_a_status_shows_gets_its_own_line_and_the_status_is_drawn_again_below_it()
    {
        using var raw = new StringWriter();
        var writer = new StatusLineWriter(raw);

        writer.ShowStatus("    downloading a.pdf: 1.0 KB");
        writer.WriteLine("  callout (signature verified): order 1 is now complete");
        writer.ShowStatus("    downloading a.pdf: 2.0 KB");

        Assert.Equal(
            ["  callout (signature verified): order 1 is now complete", "    downloading a.pdf: 2.0 KB"],
            TerminalScreen.Render(raw.ToString()));

        writer.ClearStatus();
        writer.WriteLine("    saved a.pdf (2.0 KB)");

        Assert.Equal(
            ["  callout (signature verified): order 1 is now complete", "    saved a.pdf (2.0 KB)"],
            TerminalScreen.Render(raw.ToString()));
        Assert.Null(writer.Status);
    }

    [Fact]
    public void A_shorter_status_and_a_shorter_line_leave_nothing_of_a_longer_status_behind()
    {
        using var raw = new StringWriter();
        var writer = new StatusLineWriter(raw);

        writer.ShowStatus("    downloading a-rather-long-file-name.pdf: 100.0 KB");
        writer.ShowStatus("    downloading b: 1 B");
        Assert.Equal(["    downloading b: 1 B"], TerminalScreen.Render(raw.ToString()));

        writer.ShowStatus("    downloading a-rather-long-file-name.pdf: 100.0 KB");
        writer.ClearStatus();
        writer.WriteLine("done");
        Assert.Equal(["done"], TerminalScreen.Render(raw.ToString()));
    }

    [Fact]
    public void A_line_left_unfinished_is_ended_before_the_status_is_drawn()
    {
        using var raw = new StringWriter();
        var writer = new StatusLineWriter(raw);

        writer.Write("partial");
        writer.ShowStatus("status");
        writer.ClearStatus();

        Assert.Equal(["partial"], TerminalScreen.Render(raw.ToString()));
    }

    [Fact]
    public void The_status_is_cut_to_fit_the_terminal_so_it_never_wraps()
    {
        using var raw = new StringWriter();
        var writer = new StatusLineWriter(raw, () => 20);

        writer.ShowStatus(new string('x', 40));

        Assert.Equal(19, Assert.Single(TerminalScreen.Render(raw.ToString())).Length);
    }

    [Fact]
    public void An_unchanged_status_is_not_written_again()
    {
        using var raw = new StringWriter();
        var writer = new StatusLineWriter(raw);

        writer.ShowStatus("    downloading a.pdf: 48.0 KB");
        int length = raw.ToString().Length;
        writer.ShowStatus("    downloading a.pdf: 48.0 KB");

        Assert.Equal(length, raw.ToString().Length);
    }

    [Fact]
    public async Task Lines_from_many_threads_never_run_into_each_other_or_into_the_status()
    {
        using var raw = new StringWriter();
        var writer = new StatusLineWriter(raw);
        const int Threads = 4;
        const int LinesPerThread = 200;

        var writers = Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            for (int i = 0; i < LinesPerThread; i++)
            {
                writer.WriteLine($"line {t}-{i}");
            }
        })).ToArray();
        for (int i = 0; !writers.All(w => w.IsCompleted); i++)
        {
            writer.ShowStatus($"status {i}");
        }

        await Task.WhenAll(writers);
        writer.ClearStatus();

        var screen = TerminalScreen.Render(raw.ToString());
        Assert.Equal(Threads * LinesPerThread, screen.Count);
        Assert.All(screen, line => Assert.Matches(@"^line \d-\d+$", line));
    }
}
