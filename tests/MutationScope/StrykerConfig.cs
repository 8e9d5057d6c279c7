using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace MutationScope;

/// <summary>One Stryker run to make: a test project, the project it mutates, and the derived configuration file.</summary>
/// <param name="Name">A name for the run's output folder: the test project's name, plus the project's when it has several.</param>
/// <param name="ConfigPath">The derived configuration, to pass to Stryker with <c>--config-file</c>.</param>
/// <param name="Exclusions">How many spans, per kind, the derived configuration leaves out.</param>
internal sealed record StrykerRun(string Name, string ConfigPath, IReadOnlyDictionary<ExclusionKind, int> Exclusions);

/// <summary>
/// Derives the configuration Stryker runs with: the shared policy (tests/stryker-common.json), then the test
/// project's own file (<c>stryker-config.json</c>, and <c>stryker-config.&lt;Project&gt;.json</c> for each further
/// project under test), then one <c>!file{start..end}</c> mutate pattern per file holding exclusions.
/// </summary>
internal static class StrykerConfig
{
    private const string Section = "stryker-config";

    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Writes one derived configuration per configuration file of the test project.</summary>
    /// <param name="testProjectDirectory">The test project's folder.</param>
    /// <param name="commonConfigPath">The shared policy.</param>
    /// <param name="outputDirectory">Where the derived files go (git-ignored).</param>
    /// <param name="only">When not empty, mutate only the files matching these globs (a targeted rerun).</param>
    /// <returns>The runs: stryker-config.json first, then the others in file-name order.</returns>
    public static IReadOnlyList<StrykerRun> Derive(string testProjectDirectory, string commonConfigPath, string outputDirectory, IReadOnlyList<string> only)
    {
        testProjectDirectory = Path.GetFullPath(testProjectDirectory);
        string testProjectName = Path.GetFileName(testProjectDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configs = Directory.GetFiles(testProjectDirectory, "stryker-config*.json")
            .OrderBy(c => Path.GetFileName(c) != "stryker-config.json")
            .ThenBy(c => c, StringComparer.Ordinal)
            .ToList();
        if (configs.Count == 0)
        {
            throw new InvalidOperationException($"{testProjectDirectory} has no stryker-config.json.");
        }

        var runs = new List<StrykerRun>();
        foreach (string configPath in configs)
        {
            var common = Load(commonConfigPath);
            var own = Load(configPath);
            foreach (var (key, value) in own)
            {
                common[key] = value?.DeepClone();
            }

            string project = (string?)common["project"]
                ?? throw new InvalidOperationException($"{configPath} must name the project under test (\"project\").");
            string projectPath = ResolveProjectReference(testProjectDirectory, project);

            var mutate = (common["mutate"] as JsonArray)?.Select(n => (string)n!).ToList() ?? ["**/*.cs"];
            if (only.Count > 0)
            {
                mutate = [.. only, .. mutate.Where(m => m.StartsWith('!'))];
            }

            var counts = Enum.GetValues<ExclusionKind>().ToDictionary(k => k, _ => 0);
            foreach (string file in SourceFiles(projectPath))
            {
                var exclusions = Exclusions.Find(File.ReadAllText(file));
                if (exclusions.Count == 0)
                {
                    continue;
                }

                var pattern = new StringBuilder("!").Append(file.Replace('\\', '/'));
                foreach (var exclusion in exclusions)
                {
                    pattern.Append('{').Append(exclusion.Span.Start).Append("..").Append(exclusion.Span.End).Append('}');
                    counts[exclusion.Kind]++;
                }

                mutate.Add(pattern.ToString());
            }

            common["mutate"] = new JsonArray([.. mutate.Select(m => JsonValue.Create(m))]);

            string suffix = Path.GetFileNameWithoutExtension(configPath)["stryker-config".Length..];
            string name = testProjectName + suffix;
            string runDirectory = Path.Combine(Path.GetFullPath(outputDirectory), name);
            Directory.CreateDirectory(runDirectory);
            string derivedPath = Path.Combine(runDirectory, "stryker-config.json");
            File.WriteAllText(derivedPath, new JsonObject { [Section] = common }.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            runs.Add(new StrykerRun(name, derivedPath, counts));
        }

        return runs;
    }

    /// <summary>The C# files a project compiles: those under its folder (not bin/ or obj/) and its linked &lt;Compile Include&gt; globs.</summary>
    /// <param name="projectPath">The .csproj.</param>
    /// <returns>Full paths, sorted.</returns>
    public static IReadOnlyList<string> SourceFiles(string projectPath)
    {
        string directory = Path.GetDirectoryName(projectPath)!;
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(directory, file).Replace('\\', '/');
            if (!relative.StartsWith("bin/", StringComparison.Ordinal) && !relative.StartsWith("obj/", StringComparison.Ordinal))
            {
                files.Add(file);
            }
        }

        foreach (var include in XDocument.Load(projectPath).Descendants("Compile").Select(c => (string?)c.Attribute("Include")).OfType<string>())
        {
            string full = Path.GetFullPath(Path.Combine(directory, include.Replace('\\', '/')));
            string folder = Path.GetDirectoryName(full)!;
            if (Directory.Exists(folder))
            {
                foreach (string file in Directory.EnumerateFiles(folder, Path.GetFileName(full)))
                {
                    files.Add(file);
                }
            }
        }

        return [.. files];
    }

    private static JsonObject Load(string path) =>
        JsonNode.Parse(File.ReadAllText(path), documentOptions: Lenient)?[Section] is JsonObject section
            ? (JsonObject)section.DeepClone()
            : throw new InvalidOperationException($"{path} has no \"{Section}\" object.");

    private static string ResolveProjectReference(string testProjectDirectory, string projectFileName)
    {
        string testProject = Directory.GetFiles(testProjectDirectory, "*.csproj").Single();
        return XDocument.Load(testProject).Descendants("ProjectReference")
                   .Select(r => Path.GetFullPath(Path.Combine(testProjectDirectory, ((string)r.Attribute("Include")!).Replace('\\', '/'))))
                   .FirstOrDefault(p => string.Equals(Path.GetFileName(p), projectFileName, StringComparison.OrdinalIgnoreCase))
               ?? throw new InvalidOperationException($"{testProject} has no ProjectReference to {projectFileName}.");
    }
}
