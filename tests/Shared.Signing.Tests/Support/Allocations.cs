namespace Shared.Signing.Tests.Support;

internal static class Allocations
{
    /// <summary>
    /// The bytes this thread allocates per run of <paramref name="action"/>, averaged over 100 runs after two warm-up
    /// runs. So many runs that code renting from the shared pool without returning would exhaust what the pool holds
    /// (other tests return arrays to it too) and have to allocate.
    /// </summary>
    public static long OfSteadyState(Action action)
    {
        const int Runs = 100;
        action();
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Runs; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Runs;
    }
}
