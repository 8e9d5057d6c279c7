using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MutationScope;

/// <summary>The mutant counts of one file in a Stryker JSON report (mutation-testing-elements schema).</summary>
/// <param name="File">The path relative to the project root, with forward slashes.</param>
internal sealed record FileScore(string File, int Killed, int Timeout, int Survived, int NoCoverage, int Ignored, int CompileError)
{
    /// <summary>Gets the mutants a test detected.</summary>
    public int Detected => Killed + Timeout;

    /// <summary>Gets the mutants that count: detected or not (ignored and non-compiling ones do not).</summary>
    public int Valid => Detected + Survived + NoCoverage;

    /// <summary>Gets Stryker's mutation score, detected / valid, in percent; null when no mutant counts.</summary>
    public double? Score => Valid == 0 ? null : 100.0 * Detected / Valid;
}

/// <summary>Reads a Stryker JSON report and prints its scores per file.</summary>
internal static class Report
{
    /// <summary>Reads the per-file counts of a report.</summary>
    /// <param name="reportPath">mutation-report.json.</param>
    /// <returns>One entry per file, sorted by path.</returns>
    public static IReadOnlyList<FileScore> Read(string reportPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(reportPath));
        var root = document.RootElement;
        string projectRoot = root.TryGetProperty("projectRoot", out var r) ? r.GetString() ?? "" : "";
        var scores = new List<FileScore>();
        foreach (var file in root.GetProperty("files").EnumerateObject())
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var mutant in file.Value.GetProperty("mutants").EnumerateArray())
            {
                string status = mutant.GetProperty("status").GetString() ?? "";
                counts[status] = counts.GetValueOrDefault(status) + 1;
            }

            string path = Path.IsPathRooted(file.Name) && projectRoot.Length > 0 ? Path.GetRelativePath(projectRoot, file.Name) : file.Name;
            scores.Add(new FileScore(
                path.Replace('\\', '/'),
                counts.GetValueOrDefault("Killed"),
                counts.GetValueOrDefault("Timeout"),
                counts.GetValueOrDefault("Survived"),
                counts.GetValueOrDefault("NoCoverage"),
                counts.GetValueOrDefault("Ignored"),
                counts.GetValueOrDefault("CompileError")));
        }

        return [.. scores.OrderBy(s => s.File, StringComparer.Ordinal)];
    }

    /// <summary>Formats the scores as a Markdown table, files with no mutant left out, and a total row.</summary>
    /// <param name="scores">The per-file counts.</param>
    /// <returns>The table.</returns>
    public static string ToMarkdown(IReadOnlyList<FileScore> scores)
    {
        var table = new StringBuilder()
            .AppendLine("| file | score | killed | timeout | survived | no coverage | ignored | compile error |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var s in scores.Where(s => s.Valid + s.Ignored + s.CompileError > 0))
        {
            Row(table, $"`{s.File}`", s);
        }

        var total = new FileScore(
            "total",
            scores.Sum(s => s.Killed),
            scores.Sum(s => s.Timeout),
            scores.Sum(s => s.Survived),
            scores.Sum(s => s.NoCoverage),
            scores.Sum(s => s.Ignored),
            scores.Sum(s => s.CompileError));
        Row(table, "**total**", total);
        return table.ToString();
    }

    private static void Row(StringBuilder table, string name, FileScore s) =>
        table.Append(CultureInfo.InvariantCulture, $"| {name} | {Percent(s.Score)} | {s.Killed} | {s.Timeout} | {s.Survived} | {s.NoCoverage} | {s.Ignored} | {s.CompileError} |").AppendLine();

    private static string Percent(double? score) => score is { } value ? value.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";
}
