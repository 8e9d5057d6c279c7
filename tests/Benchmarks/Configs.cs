using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Perfolizer.Horology;

namespace Valuation.Benchmarks;

/// <summary>Per-call benchmarks: short, tuned so the whole run fits in ten minutes on two cores.</summary>
public sealed class CallConfig : ManualConfig
{
    public CallConfig()
    {
        AddJob(Job.Default
            .WithId("Calls")
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithIterationTime(TimeInterval.FromMilliseconds(250)));
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
