namespace Readme.Tests;

/// <summary>The harness itself: it fails what a user's project would fail, and says where.</summary>
public sealed class SnippetCompilerTests
{
    private static ReadmeBlock Only(params string[] lines) => Assert.Single(ReadmeBlockReader.Parse("docs/TEST.md", lines));

    [Fact]
    public void A_block_with_its_usings_compiles()
    {
        var block = Only("```csharp", "using Shared.Signing;", "", "var ok = Hmac.ComputeHex(HmacAlgorithm.Sha256, \"k\", \"d\");", "Console.WriteLine(ok);", "```");

        Assert.Empty(SnippetCompiler.Compile(block));
    }

    [Fact]
    public void A_block_without_the_using_of_a_type_it_names_fails_on_its_readme_line()
    {
        var block = Only("# Title", "", "```csharp", "var ok = Hmac.ComputeHex(HmacAlgorithm.Sha256, \"k\", \"d\");", "```");

        var failures = SnippetCompiler.Compile(block);
        Assert.NotEmpty(failures);
        Assert.All(failures, f => Assert.Contains("docs/TEST.md(4,", f, StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("CS0103", StringComparison.Ordinal) && f.Contains("'Hmac'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_renamed_member_fails()
    {
        var block = Only("```csharp", "using Shared.Signing;", "Hmac.ComputeHexx(HmacAlgorithm.Sha256, \"k\", \"d\");", "```");

        var failure = Assert.Single(SnippetCompiler.Compile(block));
        Assert.Contains("docs/TEST.md(3,", failure, StringComparison.Ordinal);
        Assert.Contains("ComputeHexx", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_console_sdk_implicit_usings_are_given()
    {
        // ServiceCollection is in Microsoft.Extensions.DependencyInjection, which a web project would imply.
        var block = Only("```csharp", "var services = new ServiceCollection();", "```");

        Assert.Contains(SnippetCompiler.Compile(block), f => f.Contains("CS0246", StringComparison.Ordinal));
    }

    [Fact]
    public void Web_context_declares_builder_and_app_and_the_context_declares_the_rest()
    {
        var block = Only(
            "<!-- readme-test: web;",
            "     int count = 2;",
            "     sealed class MyHandler; -->",
            "```csharp",
            "builder.Services.AddSingleton<MyHandler>();",
            "app.Run($\"http://127.0.0.1:{count}\");",
            "```");

        Assert.True(block.Web);
        Assert.Empty(SnippetCompiler.Compile(block));
    }

    [Fact]
    public void A_web_block_gets_the_web_sdk_implicit_usings_and_nothing_of_ours()
    {
        var web = Only("<!-- readme-test: web -->", "```csharp", "builder.Services.AddSingleton(new HmacSignatureVerifier(HmacAlgorithm.Sha1, [\"s\"]));", "```");
        var failures = SnippetCompiler.Compile(web);
        Assert.Contains(failures, f => f.Contains("'HmacSignatureVerifier'", StringComparison.Ordinal));
        Assert.DoesNotContain(failures, f => f.Contains("AddSingleton", StringComparison.Ordinal));
    }

    [Fact]
    public void Context_may_not_bring_usings()
    {
        var block = Only("<!-- readme-test: using Shared.Signing; -->", "```csharp", "Hmac.ComputeHex(HmacAlgorithm.Sha256, \"k\", \"d\");", "```");

        Assert.Contains(SnippetCompiler.Compile(block), f => f.Contains("may not add usings", StringComparison.Ordinal));
    }

    [Fact]
    public void A_warning_fails_the_block_as_warnings_are_errors()
    {
        var block = Only("```csharp", "string? s = null;", "Console.WriteLine(s.Length);", "```");

        Assert.Contains(SnippetCompiler.Compile(block), f => f.Contains("CS8602", StringComparison.Ordinal));
    }

    [Fact]
    public void Ignore_needs_a_reason()
    {
        Assert.Throws<InvalidDataException>(() => ReadmeBlockReader.Parse("docs/TEST.md", ["<!-- readme-test: ignore -->", "```csharp", "x", "```"]));

        var block = Only("<!-- readme-test: ignore shows pseudo-code -->", "```csharp", "x", "```");
        Assert.Equal("shows pseudo-code", block.IgnoreReason);
    }

    [Fact]
    public void Other_languages_and_unmarked_comments_are_not_blocks_or_context()
    {
        var blocks = ReadmeBlockReader.Parse("docs/TEST.md", ["```json", "{}", "```", "<!-- a note -->", "```csharp", "int x = 1;", "```"]);

        var block = Assert.Single(blocks);
        Assert.Equal(5, block.FenceLine);
        Assert.Equal(string.Empty, block.Context);
        Assert.False(block.Web);
    }
}
