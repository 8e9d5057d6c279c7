using MutationScope;

namespace MutationScope.Tests;

public sealed class ReportTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"mutation-report-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Scores_count_detected_over_valid_mutants_per_file()
    {
        File.WriteAllText(_path, """
            {
              "schemaVersion": "2",
              "thresholds": { "high": 80, "low": 60 },
              "projectRoot": "/repo/src/Lib",
              "files": {
                "/repo/src/Lib/B.cs": { "language": "cs", "source": "", "mutants": [
                  { "id": "1", "mutatorName": "m", "status": "Killed", "location": {} },
                  { "id": "2", "mutatorName": "m", "status": "Timeout", "location": {} },
                  { "id": "3", "mutatorName": "m", "status": "Survived", "location": {} },
                  { "id": "4", "mutatorName": "m", "status": "NoCoverage", "location": {} },
                  { "id": "5", "mutatorName": "m", "status": "Ignored", "location": {} },
                  { "id": "6", "mutatorName": "m", "status": "CompileError", "location": {} }
                ] },
                "/repo/src/Lib/A.cs": { "language": "cs", "source": "", "mutants": [
                  { "id": "7", "mutatorName": "m", "status": "Ignored", "location": {} }
                ] },
                "/repo/src/Lib/Empty.cs": { "language": "cs", "source": "", "mutants": [] }
              }
            }
            """);

        var scores = Report.Read(_path);
        Assert.Equal(["A.cs", "B.cs", "Empty.cs"], scores.Select(s => s.File));
        Assert.Null(scores[0].Score);
        Assert.Equal(50.0, scores[1].Score);

        string table = Report.ToMarkdown(scores);
        Assert.Contains("| `A.cs` | n/a | 0 | 0 | 0 | 0 | 1 | 0 |", table, StringComparison.Ordinal);
        Assert.Contains("| `B.cs` | 50.0% | 1 | 1 | 1 | 1 | 1 | 1 |", table, StringComparison.Ordinal);
        Assert.DoesNotContain("Empty.cs", table, StringComparison.Ordinal);
        Assert.Contains("| **total** | 50.0% | 1 | 1 | 1 | 1 | 2 | 1 |", table, StringComparison.Ordinal);
    }
}
