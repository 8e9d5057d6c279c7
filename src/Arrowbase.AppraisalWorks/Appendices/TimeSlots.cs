namespace Arrowbase.AppraisalWorks.Appendices;

/// <summary>The inspection time slots of the Inspection Schedule notes.</summary>
public static class TimeSlots
{
    /// <summary>Slot 1: 8 to noon.</summary>
    public const string Morning = "1";

    /// <summary>Slot 2: noon to 5.</summary>
    public const string Afternoon = "2";

    /// <summary>Slot 3: 5 to 9.</summary>
    public const string Evening = "3";

    /// <summary>Gets every slot with its description.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Morning] = "8 - Noon",
        [Afternoon] = "Noon - 5",
        [Evening] = "5 - 9",
    };

    /// <summary>Gets whether <paramref name="slot"/> is "1", "2" or "3".</summary>
    /// <param name="slot">The slot.</param>
    /// <returns>True when valid.</returns>
    public static bool IsDefined(string? slot) => slot is not null && All.ContainsKey(slot);
}
