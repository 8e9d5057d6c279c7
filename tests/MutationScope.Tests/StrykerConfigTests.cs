using System.Text.Json.Nodes;
using MutationScope;

namespace MutationScope.Tests;

public sealed class StrykerConfigTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("mutation-scope-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Derived_configuration_merges_the_policy_the_project_file_and_the_exclusions()
    {
        const string source = "class C { void M(string x) { ArgumentNullException.ThrowIfNull(x); throw new InvalidOperationException(\"boom\"); } }";
        Write("src/Lib/Lib.csproj", "<Project><ItemGroup><Compile Include=\"../Shared/*.cs\" /></ItemGroup></Project>");
        Write("src/Lib/C.cs", source);
        Write("src/Lib/obj/Generated.cs", source);
        Write("src/Shared/Linked.cs", source);
        Write("tests/Lib.Tests/Lib.Tests.csproj", "<Project><ItemGroup><ProjectReference Include=\"../../src/Lib/Lib.csproj\" /></ItemGroup></Project>");
        Write("tests/Lib.Tests/stryker-config.json", """
            {
              // comments are allowed, as Stryker allows them
              "stryker-config": { "project": "Lib.csproj", "mutate": ["**/*.cs", "!**/Skip/**"], "concurrency": 1 }
            }
            """);
        Write("tests/common.json", """{ "stryker-config": { "mutation-level": "Complete", "concurrency": 2 } }""");

        var run = Assert.Single(StrykerConfig.Derive(Path.Combine(_root, "tests/Lib.Tests"), Path.Combine(_root, "tests/common.json"), Path.Combine(_root, "out"), []));

        Assert.Equal("Lib.Tests", run.Name);
        Assert.Equal(2, run.Exclusions[ExclusionKind.ArgumentNullGuard]);
        Assert.Equal(2, run.Exclusions[ExclusionKind.ExceptionMessage]);
        var config = JsonNode.Parse(File.ReadAllText(run.ConfigPath))!["stryker-config"]!;
        Assert.Equal("Complete", (string?)config["mutation-level"]);
        Assert.Equal(1, (int?)config["concurrency"]);
        var mutate = config["mutate"]!.AsArray().Select(m => (string)m!).ToList();
        int guard = source.IndexOf("ArgumentNullException.ThrowIfNull", StringComparison.Ordinal);
        int message = source.IndexOf("\"boom\"", StringComparison.Ordinal);
        string span = $"{{{guard}..{source.IndexOf(';') + 1}}}{{{message}..{message + 6}}}";
        Assert.Equal(
            ["**/*.cs", "!**/Skip/**", $"!{Full("src/Lib/C.cs")}{span}", $"!{Full("src/Shared/Linked.cs")}{span}"],
            mutate);
    }

    [Fact]
    public void A_targeted_run_mutates_only_the_given_files_and_keeps_the_exclusions()
    {
        Write("src/Lib/Lib.csproj", "<Project />");
        Write("src/Lib/C.cs", "class C { void M() => throw new InvalidOperationException(\"boom\"); }");
        Write("src/Other/Other.csproj", "<Project />");
        Write("tests/Lib.Tests/Lib.Tests.csproj", "<Project><ItemGroup><ProjectReference Include=\"../../src/Lib/Lib.csproj\" /><ProjectReference Include=\"../../src/Other/Other.csproj\" /></ItemGroup></Project>");
        Write("tests/Lib.Tests/stryker-config.json", """{ "stryker-config": { "project": "Lib.csproj", "mutate": ["**/*.cs", "!**/Skip/**"] } }""");
        Write("tests/Lib.Tests/stryker-config.Other.json", """{ "stryker-config": { "project": "Other.csproj" } }""");
        Write("tests/common.json", """{ "stryker-config": {} }""");

        var runs = StrykerConfig.Derive(Path.Combine(_root, "tests/Lib.Tests"), Path.Combine(_root, "tests/common.json"), Path.Combine(_root, "out"), ["**/C.cs"]);

        Assert.Equal(["Lib.Tests", "Lib.Tests.Other"], runs.Select(r => r.Name));
        var mutate = JsonNode.Parse(File.ReadAllText(runs[0].ConfigPath))!["stryker-config"]!["mutate"]!.AsArray().Select(m => (string)m!).ToList();
        Assert.Equal("**/C.cs", mutate[0]);
        Assert.Equal("!**/Skip/**", mutate[1]);
        Assert.StartsWith("!" + Full("src/Lib/C.cs") + "{", mutate[2], StringComparison.Ordinal);
        Assert.Equal(3, mutate.Count);
    }

    [Fact]
    public void A_configuration_must_name_a_referenced_project()
    {
        Write("tests/Lib.Tests/Lib.Tests.csproj", "<Project />");
        Write("tests/Lib.Tests/stryker-config.json", """{ "stryker-config": { "project": "Missing.csproj" } }""");
        Write("tests/common.json", """{ "stryker-config": {} }""");
        var ex = Assert.Throws<InvalidOperationException>(() => StrykerConfig.Derive(Path.Combine(_root, "tests/Lib.Tests"), Path.Combine(_root, "tests/common.json"), Path.Combine(_root, "out"), []));
        Assert.Contains("Missing.csproj", ex.Message, StringComparison.Ordinal);
    }

    private string Full(string relative) => Path.Combine(_root, relative).Replace('\\', '/');

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
