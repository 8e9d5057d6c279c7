using System.Text.RegularExpressions;
using QuickStart;

namespace EndToEnd.Tests;

/// <summary>The tour's account as a person reads it on a terminal: whole lines, none running into another, no word said twice.</summary>
public sealed partial class QuickStartOutputTests
{
    [Fact]
    public async Task On_a_terminal_every_line_of_the_tour_stands_on_its_own_and_reads_naturally()
    {
        string outDir = Path.Combine(Path.GetTempPath(), "e2e-quickstart-tty-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var output = new StringWriter();
            var settings = new QuickStartSettings { OutputDirectory = outDir, SandboxStepInterval = TimeSpan.FromMilliseconds(50), InteractiveProgress = true };

            int exit = await new QuickStartTour().RunAsync(settings, output);

            string raw = output.ToString();
            var screen = TerminalScreen.Render(raw);
            string text = string.Join('\n', screen);
            Assert.True(exit == 0, text);
            Assert.Contains("\r    downloading ", raw, StringComparison.Ordinal);

            // Every progress line was replaced by its saved line; nothing was printed onto a progress line.
            Assert.DoesNotContain(screen, line => line.Contains("downloading", StringComparison.Ordinal));
            Assert.Equal(7, screen.Count(line => line.StartsWith("    saved ", StringComparison.Ordinal)));
            foreach (string marker in new[] { "saved ", "callout (", "postback (", "Receiver:", "Done." })
            {
                Assert.All(screen.Where(line => line.Contains(marker, StringComparison.Ordinal)), line => Assert.Matches(@"^ *" + Regex.Escape(marker), line));
            }

            Assert.All(screen, AssertReadsNaturally);
            var postbacks = screen.Where(line => line.Contains("postback (", StringComparison.Ordinal)).ToList();
            Assert.Equal(7, postbacks.Count);
            Assert.All(postbacks, AssertDetailDoesNotRepeatTheEvent);
        }
        finally
        {
            if (Directory.Exists(outDir))
            {
                Directory.Delete(outDir, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("  postback (token verified, details fetched): Completed completed: value 350,000")]
    [InlineData("  postback (token verified, details fetched): Comments comment \"hi\"")]
    [InlineData("  postback (token verified, details fetched): Assignment: assigned to Jane")]
    [InlineData("  postback (token verified, details fetched): ExpectedDelivery: expected delivery 2026-12-08")]
    public void The_wording_checks_catch_a_repeated_word(string line) =>
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
        {
            AssertReadsNaturally(line);
            AssertDetailDoesNotRepeatTheEvent(line);
        });

    /// <summary>No word, or its plural, twice in a row ("Completed completed", "Comments comment").</summary>
    private static void AssertReadsNaturally(string line) => Assert.DoesNotMatch(DoubledWord(), line);

    /// <summary>"Assignment: assigned to", "ExpectedDelivery: expected delivery": the detail does not say the event's name again.</summary>
    private static void AssertDetailDoesNotRepeatTheEvent(string line)
    {
        var match = PostbackLine().Match(line);
        Assert.True(match.Success, line);
        var eventWords = CamelWord().Matches(match.Groups["event"].Value).Select(m => Stem(m.Value)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var detailWords = Word().Matches(match.Groups["detail"].Value).Take(3).Select(m => Stem(m.Value));
        Assert.DoesNotContain(detailWords, eventWords.Contains);
    }

    private static string Stem(string word) => word.Length > 5 ? word[..5] : word;

    [GeneratedRegex(@"\b([A-Za-z]{2,}?)s?\W+\1s?\b", RegexOptions.IgnoreCase)]
    private static partial Regex DoubledWord();

    [GeneratedRegex(@"^  postback \(token verified, details fetched\): (?<event>[A-Za-z]+): (?<detail>.+)$")]
    private static partial Regex PostbackLine();

    [GeneratedRegex(@"[A-Z][a-z]+")]
    private static partial Regex CamelWord();

    [GeneratedRegex(@"[A-Za-z]{3,}")]
    private static partial Regex Word();
}
