namespace HouseCanary.OrderManager;

/// <summary>HouseCanary's business time zone, America/Los_Angeles, which the export naming rules use for "today".</summary>
public static class HouseCanaryTimeZone
{
    /// <summary>The IANA id of the zone.</summary>
    public const string Id = "America/Los_Angeles";

    private static readonly Lazy<TimeZoneInfo> Zone = new(Find);

    /// <summary>Gets the zone. Throws <see cref="TimeZoneNotFoundException"/> (with a hint) when the host has no time-zone data.</summary>
    public static TimeZoneInfo Instance => Zone.Value;

    /// <summary>Gets the calendar date of <paramref name="instant"/> in America/Los_Angeles.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The date in Los Angeles.</returns>
    public static DateOnly DateOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Instance).DateTime);

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(Id);
        }
        catch (TimeZoneNotFoundException ex)
        {
            throw new TimeZoneNotFoundException(
                $"The time zone '{Id}' is not available on this host; install time-zone data (for example the tzdata package) to use HouseCanary's export naming.",
                ex);
        }
    }
}
