using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Valuation.Benchmarks;

/// <summary>
/// Peak resident memory of one benchmark invocation, measured inside the benchmark's own process (Linux):
/// before each iteration a blocking, compacting, aggressive GC returns free memory to the OS, then
/// <c>/proc/self/clear_refs</c> ("5") resets the kernel's high-water mark (VmHWM) to the current resident set; after the
/// iteration the peak is VmHWM minus the resident set at the start. The largest value over the process's iterations
/// is written to a file that <see cref="PeakMemoryColumn"/> reads in the host process. It covers the whole process
/// (client, in-process Kestrel, runtime), so the common parts cancel out between variants.
/// </summary>
public static class PeakMemory
{
    private static long _startRss;
    private static long _maxPeak;

    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), "valuation-benchmarks-peak");

    public static void BeforeIteration()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        File.WriteAllText("/proc/self/clear_refs", "5");
        _startRss = ReadStatusKb("VmRSS:");
    }

    /// <summary>Records the iteration's peak and saves the largest so far under <paramref name="benchmark"/>.</summary>
    public static void AfterIteration(string benchmark)
    {
        long peak = ReadStatusKb("VmHWM:") - _startRss;
        _maxPeak = Math.Max(_maxPeak, peak);
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path.Combine(Directory, benchmark + ".txt"), (_maxPeak * 1024).ToString(CultureInfo.InvariantCulture));
    }

    private static long ReadStatusKb(string field)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException($"/proc/self/status has no {field}");
    }
}

/// <summary>Shows the peak recorded by <see cref="PeakMemory"/> for each benchmark (in MB).</summary>
public sealed class PeakMemoryColumn : IColumn
{
    public string Id => nameof(PeakMemoryColumn);

    public string ColumnName => "Peak RSS delta";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Metric;

    public int PriorityInCategory => 10;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => "Largest rise of the process's resident memory (VmHWM - VmRSS at iteration start) over one invocation";

    public static string Key(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Descriptor.Type.Name + "." + benchmarkCase.Descriptor.WorkloadMethod.Name;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        string file = Path.Combine(PeakMemory.Directory, Key(benchmarkCase) + ".txt");
        return File.Exists(file) && long.TryParse(File.ReadAllText(file), NumberStyles.Integer, CultureInfo.InvariantCulture, out long bytes)
            ? (bytes / (1024.0 * 1024.0)).ToString("N1", CultureInfo.InvariantCulture) + " MB"
            : "-";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;
}
