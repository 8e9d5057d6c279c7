namespace Readme.Tests;

/// <summary>Every ```csharp block of every README compiles against the packages it documents.</summary>
public sealed class ReadmeBlockTests
{
    /// <summary>One case per block, named by README and fence line.</summary>
    public static TheoryData<string, int> Blocks()
    {
        var data = new TheoryData<string, int>();
        foreach (var readme in ReadmeBlockReader.FindReadmes())
        {
            foreach (var block in ReadmeBlockReader.Read(readme))
            {
                data.Add(readme, block.FenceLine);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Blocks))]
    public void Block_compiles_with_its_own_using_lines(string readme, int fenceLine)
    {
        var block = ReadmeBlockReader.Read(readme).Single(b => b.FenceLine == fenceLine);
        if (block.IgnoreReason is not null)
        {
            return;   // `readme-test: ignore <reason>`; ReadmeBlocks_ignored_are_few_and_say_why keeps these rare
        }

        var failures = SnippetCompiler.Compile(block);

        Assert.True(failures.Count == 0,
            $"The ```csharp block at {readme}:{fenceLine} does not compile (see docs/readme-snippets.md for the conventions):\n  "
            + string.Join("\n  ", failures));
    }

    [Fact]
    public void The_readmes_of_the_repository_and_their_blocks_are_found()
    {
        var readmes = ReadmeBlockReader.FindReadmes();

        // The top level, a package README of each family, a sample, and nothing from build output.
        Assert.Contains("README.md", readmes);
        Assert.Contains("src/HouseCanary.OrderManager/README.md", readmes);
        Assert.Contains("src/Arrowbase.AppraisalWorks/README.md", readmes);
        Assert.Contains("src/Valuation.Webhooks/README.md", readmes);
        Assert.Contains("samples/WebhookReceiver/README.md", readmes);
        Assert.DoesNotContain(readmes, r => r.Contains("/bin/", StringComparison.Ordinal) || r.Contains("/obj/", StringComparison.Ordinal));

        var blocks = readmes.SelectMany(ReadmeBlockReader.Read).ToList();
        Assert.True(blocks.Count >= 30, $"only {blocks.Count} ```csharp blocks found");
        Assert.Contains(blocks, b => b.File == "src/HouseCanary.OrderManager/README.md" && b.Code.Contains("CreateOrderAsync", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadmeBlocks_ignored_are_few_and_say_why()
    {
        var ignored = ReadmeBlockReader.FindReadmes().SelectMany(ReadmeBlockReader.Read).Where(b => b.IgnoreReason is not null).ToList();

        Assert.All(ignored, b => Assert.False(string.IsNullOrWhiteSpace(b.IgnoreReason)));
        Assert.True(ignored.Count <= 2, "blocks not compiled: " + string.Join(", ", ignored));
    }
}
