using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace Valuation.Benchmarks;

/// <summary>
/// Per-call benchmarks: short, tuned so the whole run fits in ten minutes on two cores. On a loaded machine the
/// generated project's build can outlast BenchmarkDotNet's 2-minute default: the build timeout is 10 minutes, and
/// <c>VALUATION_BENCH_INPROCESS=1</c> runs the same job in process (no build; the server is in process anyway).
/// </summary>
public sealed class CallConfig : ManualConfig
{
    public CallConfig()
    {
        var job = Job.Default
            .WithId("Calls")
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithIterationTime(TimeInterval.FromMilliseconds(250));
        if (Environment.GetEnvironmentVariable("VALUATION_BENCH_INPROCESS") == "1")
        {
            job = job.WithToolchain(BenchmarkDotNet.Toolchains.InProcess.Emit.InProcessEmitToolchain.Instance);
        }

        AddJob(job);
        WithBuildTimeout(TimeSpan.FromMinutes(10));
    }
}

/// <summary>Large documents: one invocation per iteration, 3 measured iterations, peak memory column.</summary>
public sealed class LargeDocumentConfig : ManualConfig
{
    public LargeDocumentConfig()
    {
        AddJob(Job.Default
            .WithId("LargeDocs")
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithInvocationCount(1)
            .WithUnrollFactor(1));
        AddColumn(new PeakMemoryColumn());
    }
}
