using System.Text.Json;
using System.Xml.Linq;

namespace Valuation.Templates.Tests;

/// <summary>
/// The template sources: each template.json carries the version token stamped at pack time, and each project's
/// references to our packages name a package this repository packs, at that version.
/// </summary>
public sealed class TemplateSourceTests
{
    private static readonly string Root = FindRoot();
    private static readonly string Templates = Path.Combine(Root, "src", "Valuation.Templates", "templates");

    public static TheoryData<string> TemplateFolders() => [.. Directory.GetDirectories(Templates).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Fact]
    public void The_package_holds_the_receiver_and_the_worker()
    {
        var shortNames = Directory.GetDirectories(Templates).Select(d => Manifest(d).GetProperty("shortName").GetString()).Order(StringComparer.Ordinal);

        Assert.Equal(["valuation-receiver", "valuation-worker"], shortNames);
    }

    [Theory]
    [MemberData(nameof(TemplateFolders))]
    public void The_manifest_takes_the_package_version_from_the_token_stamped_at_pack_time(string folder)
    {
        var symbol = Manifest(Path.Combine(Templates, folder)).GetProperty("symbols").GetProperty("ValuationVersion");

        Assert.Equal("generated", symbol.GetProperty("type").GetString());
        Assert.Equal("constant", symbol.GetProperty("generator").GetString());
        Assert.Equal("@VALUATION_PACKAGE_VERSION@", symbol.GetProperty("parameters").GetProperty("value").GetString());
        Assert.Equal("VALUATION_PACKAGE_VERSION", symbol.GetProperty("replaces").GetString());
    }

    [Theory]
    [MemberData(nameof(TemplateFolders))]
    public void The_source_name_is_the_project_name_so_dotnet_new_renames_it(string folder)
    {
        var manifest = Manifest(Path.Combine(Templates, folder));
        string sourceName = manifest.GetProperty("sourceName").GetString()!;

        Assert.True(File.Exists(Path.Combine(Templates, folder, sourceName + ".csproj")));
        Assert.Equal(sourceName + ".csproj", manifest.GetProperty("primaryOutputs")[0].GetProperty("path").GetString());
        Assert.Equal(folder, manifest.GetProperty("shortName").GetString());
    }

    [Theory]
    [MemberData(nameof(TemplateFolders))]
    public void Every_package_reference_has_a_version_and_ours_name_a_packed_package_at_the_packed_version(string folder)
    {
        // Outside the repository there is no Directory.Packages.props, so each reference carries its version.
        var references = Project(folder).Descendants("PackageReference")
            .Select(r => (Id: (string)r.Attribute("Include")!, Version: (string?)r.Attribute("Version")))
            .ToList();
        var packed = PackedIds();

        Assert.NotEmpty(references);
        Assert.All(references, r => Assert.False(string.IsNullOrEmpty(r.Version), r.Id + " has no version"));
        Assert.Contains(references, r => packed.Contains(r.Id));

        // A package of ours takes the packed version; a version token on any other id names a package nobody packs.
        Assert.All(references, r => Assert.True(
            packed.Contains(r.Id) == (r.Version == "VALUATION_PACKAGE_VERSION"),
            $"{r.Id} {r.Version}: packages of this repository take VALUATION_PACKAGE_VERSION, others a literal version"));
    }

    [Fact]
    public void The_worker_without_the_sandbox_option_drops_the_bridge_package()
    {
        string project = File.ReadAllText(Path.Combine(Templates, "valuation-worker", "ValuationWorker.csproj"));
        int start = project.IndexOf("<!--#if (sandbox) -->", StringComparison.Ordinal);
        int end = project.IndexOf("<!--#endif -->", StringComparison.Ordinal);
        int bridge = project.IndexOf("Include=\"Valuation.Sandbox.Clients\"", StringComparison.Ordinal);

        Assert.True(start >= 0 && end > start, "the sandbox condition is missing");
        Assert.InRange(bridge, start, end);
    }

    private static XDocument Project(string folder) =>
        XDocument.Load(Directory.GetFiles(Path.Combine(Templates, folder), "*.csproj").Single());

    private static HashSet<string> PackedIds() =>
        [.. Directory.GetDirectories(Path.Combine(Root, "src")).SelectMany(d => Directory.GetFiles(d, "*.csproj"))
            .Select(p => XDocument.Load(p).Descendants("PackageId").Select(e => e.Value).FirstOrDefault())
            .OfType<string>()];

    private static JsonElement Manifest(string folder)
    {
        using var document = JsonDocument.Parse(
            File.ReadAllText(Path.Combine(folder, ".template.config", "template.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return document.RootElement.Clone();
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Valuation.Clients.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Valuation.Clients.sln) is not above " + AppContext.BaseDirectory);
    }
}
