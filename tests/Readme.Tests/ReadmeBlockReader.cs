using System.Text.RegularExpressions;

namespace Readme.Tests;

/// <summary>Finds the README files of the repository and reads their ```csharp blocks (docs/readme-snippets.md).</summary>
public static partial class ReadmeBlockReader
{
    private const string Marker = "readme-test:";

    // Folders that hold build output or tool state, never documentation.
    private static readonly string[] SkippedFolders = ["bin", "obj", ".git", "TestResults", "BenchmarkDotNet.Artifacts", "StrykerOutput", "node_modules"];

    /// <summary>The repository root: the nearest folder above the test's output holding Valuation.Clients.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Every README.md in the repository (relative paths, forward slashes), in a stable order.</summary>
    public static IReadOnlyList<string> FindReadmes()
    {
        var found = new List<string>();
        Walk(RepositoryRoot, found);
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    /// <summary>Reads the ```csharp blocks of one README.</summary>
    /// <param name="relativePath">The README's path relative to the repository root.</param>
    public static IReadOnlyList<ReadmeBlock> Read(string relativePath) =>
        Parse(relativePath, File.ReadAllLines(Path.Combine(RepositoryRoot, relativePath)));

    /// <summary>Reads the ```csharp blocks of README text already split into lines.</summary>
    /// <param name="relativePath">The name to report the blocks under.</param>
    /// <param name="lines">The README's lines.</param>
    public static IReadOnlyList<ReadmeBlock> Parse(string relativePath, IReadOnlyList<string> lines)
    {
        var blocks = new List<ReadmeBlock>();
        for (var i = 0; i < lines.Count; i++)
        {
            var fence = FenceOpening().Match(lines[i]);
            if (!fence.Success)
            {
                continue;
            }

            var language = fence.Groups["lang"].Value;
            var close = i + 1;
            while (close < lines.Count && !FenceClosing().IsMatch(lines[close]))
            {
                close++;
            }

            if (close == lines.Count)
            {
                throw new InvalidDataException($"{relativePath}:{i + 1}: the code block is never closed.");
            }

            if (language is "csharp" or "cs" or "c#" or "C#")
            {
                var code = string.Join('\n', lines.Skip(i + 1).Take(close - i - 1));
                blocks.Add(WithContext(relativePath, lines, i, code));
            }

            i = close;
        }

        return blocks;
    }

    private static ReadmeBlock WithContext(string file, IReadOnlyList<string> lines, int fenceIndex, string code)
    {
        // The readme-test comment, if any, ends on the line right above the fence.
        var end = fenceIndex - 1;
        if (end < 0 || !lines[end].TrimEnd().EndsWith("-->", StringComparison.Ordinal))
        {
            return new ReadmeBlock(file, fenceIndex + 1, code, Web: false, Context: string.Empty, ContextLine: 0, IgnoreReason: null);
        }

        var start = end;
        while (start >= 0 && !lines[start].Contains("<!--", StringComparison.Ordinal))
        {
            start--;
        }

        if (start < 0)
        {
            return new ReadmeBlock(file, fenceIndex + 1, code, Web: false, Context: string.Empty, ContextLine: 0, IgnoreReason: null);
        }

        var comment = string.Join('\n', lines.Skip(start).Take(end - start + 1)).Trim();
        comment = comment["<!--".Length..^"-->".Length].Trim();
        if (!comment.StartsWith(Marker, StringComparison.Ordinal))
        {
            return new ReadmeBlock(file, fenceIndex + 1, code, Web: false, Context: string.Empty, ContextLine: 0, IgnoreReason: null);
        }

        var body = comment[Marker.Length..].Trim();
        if (body.StartsWith("ignore", StringComparison.Ordinal))
        {
            var reason = body["ignore".Length..].Trim();
            if (reason.Length == 0)
            {
                throw new InvalidDataException($"{file}:{start + 1}: `readme-test: ignore` must say why the block is not compiled.");
            }

            return new ReadmeBlock(file, fenceIndex + 1, code, Web: false, Context: string.Empty, ContextLine: start + 1, IgnoreReason: reason);
        }

        var web = WebPrefix().Match(body);
        if (web.Success)
        {
            body = body[web.Length..].Trim();
        }

        return new ReadmeBlock(file, fenceIndex + 1, code, web.Success, body, start + 1, IgnoreReason: null);
    }

    private static void Walk(string folder, List<string> found)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "README.md"))
        {
            found.Add(Path.GetRelativePath(RepositoryRoot, file).Replace('\\', '/'));
        }

        foreach (var child in Directory.EnumerateDirectories(folder))
        {
            if (!SkippedFolders.Contains(Path.GetFileName(child), StringComparer.OrdinalIgnoreCase))
            {
                Walk(child, found);
            }
        }
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

        throw new InvalidOperationException($"No Valuation.Clients.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"^ {0,3}```\s*(?<lang>[^\s`]*)")]
    private static partial Regex FenceOpening();

    [GeneratedRegex(@"^ {0,3}```\s*$")]
    private static partial Regex FenceClosing();

    [GeneratedRegex(@"^web\b\s*;?")]
    private static partial Regex WebPrefix();
}
