namespace Valuation.Webhooks.Tests.Strength;

/// <summary>
/// The tests that count the process's open spool files (in <c>/proc/self/fd</c>) run alone: another test spooling a
/// body at the same time would show up in the count.
/// </summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class SpoolFiles
{
    /// <summary>The collection's name.</summary>
    public const string Collection = "spool files";
}
