using System.Diagnostics;
using CsCheck;
using Xunit.Abstractions;

namespace Reliability.Tests.Support;

/// <summary>Runs a CsCheck sample with a case counter and a time limit per case, and reports the count.</summary>
internal static class Hostile
{
    /// <summary>The cases per target in every run (CI included): issue 7 asks for at least 10,000.</summary>
    public const int Cases = 10_000;

    /// <summary>Any single case that takes longer is reported as a hang.</summary>
    public static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(5);

    public static Gen<(int Index, int Seed)> SeedGen(int seeds) => Gen.Select(Gen.Int[0, seeds - 1], Gen.Int);

    public static void Run<T>(ITestOutputHelper output, string target, Gen<T> gen, Action<T> check)
    {
        long count = 0;
        long slowest = 0;
        var run = Task.Run(() => gen.Sample(
            value =>
            {
                long started = Stopwatch.GetTimestamp();
                check(value);
                long elapsed = Stopwatch.GetTimestamp() - started;
                InterlockedMax(ref slowest, elapsed);
                if (Stopwatch.GetElapsedTime(started) > CaseLimit)
                {
                    throw new TimeoutException($"{target}: one case ran longer than {CaseLimit}.");
                }

                Interlocked.Increment(ref count);
            },
            iter: Cases));
        Finish(output, target, run, ref count, ref slowest);
    }

    public static void RunAsync<T>(ITestOutputHelper output, string target, Gen<T> gen, Func<T, Task> check)
    {
        long count = 0;
        long slowest = 0;
        var run = Task.Run(() => gen.SampleAsync(
            async value =>
            {
                long started = Stopwatch.GetTimestamp();
                await check(value).WaitAsync(CaseLimit);
                InterlockedMax(ref slowest, Stopwatch.GetTimestamp() - started);
                Interlocked.Increment(ref count);
            },
            iter: Cases));
        Finish(output, target, run, ref count, ref slowest);
    }

    private static void Finish(ITestOutputHelper output, string target, Task run, ref long count, ref long slowest)
    {
        if (!run.Wait(TimeSpan.FromMinutes(2)))
        {
            Assert.Fail($"{target}: the sample did not finish within 2 minutes (a hang).");
        }

        run.GetAwaiter().GetResult();
        long done = Interlocked.Read(ref count);
        output.WriteLine($"hostile-input {target}: {done} cases, slowest {Stopwatch.GetElapsedTime(0, Interlocked.Read(ref slowest)).TotalMilliseconds:F1} ms");
        Assert.True(done >= Cases, $"{target}: only {done} cases ran.");
    }

    private static void InterlockedMax(ref long location, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref location)) && Interlocked.CompareExchange(ref location, value, current) != current)
        {
        }
    }
}
