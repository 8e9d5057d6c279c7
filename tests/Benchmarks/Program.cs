using BenchmarkDotNet.Running;
using Valuation.Benchmarks;

// dotnet run -c Release --project tests/Benchmarks -- --filter '*'
// Each benchmark class runs in its own process; the peak-memory files of an earlier run are removed first.
if (Directory.Exists(PeakMemory.Directory))
{
    Directory.Delete(PeakMemory.Directory, recursive: true);
}

BenchmarkSwitcher.FromAssembly(typeof(CannedServer).Assembly).Run(args);
