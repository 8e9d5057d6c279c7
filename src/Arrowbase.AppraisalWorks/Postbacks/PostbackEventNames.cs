namespace Arrowbase.AppraisalWorks.Postbacks;

/// <summary>The documented postback event names and the kind each one is.</summary>
public static class PostbackEventNames
{
    /// <summary>A new comment: <c>GET /Orders/{uid}/Comments/{detailId}</c>.</summary>
    public const string Comments = "Comments";

    /// <summary>A new document: <c>GET /Orders/{uid}/Documents/{detailId}</c>.</summary>
    public const string Documents = "Documents";

    /// <summary>The order was placed on hold: <c>GET /Orders/{uid}/Hold/{detailId}</c>.</summary>
    public const string Hold = "Hold";

    /// <summary>The order resumed: <c>GET /Orders/{uid}/Resume/{detailId}</c>.</summary>
    public const string Resume = "Resume";

    /// <summary>The order was cancelled: <c>GET /Orders/{uid}/Cancel/{detailId}</c>.</summary>
    public const string Cancel = "Cancel";

    /// <summary>A provider was assigned: <c>GET /Orders/{uid}/Assignment/{detailId}</c>.</summary>
    public const string Assignment = "Assignment";

    /// <summary>The vendor requests a fee change: <c>GET /Orders/{uid}/FeeChanged/{detailId}</c>.</summary>
    public const string FeeChanged = "FeeChanged";

    /// <summary>The expected delivery date changed: <c>GET /Orders/{uid}/ExpectedDelivery</c> (detailId unused).</summary>
    public const string ExpectedDelivery = "ExpectedDelivery";

    /// <summary>The inspection was scheduled: <c>GET /Orders/{uid}/Scheduled</c> (detailId unused).</summary>
    public const string Scheduled = "Scheduled";

    /// <summary>The inspection was rescheduled: <c>GET /Orders/{uid}/Rescheduled</c> (detailId unused).</summary>
    public const string Rescheduled = "Rescheduled";

    /// <summary>The report was completed: <c>GET /Orders/{uid}/Completed</c> (detailId unused).</summary>
    public const string Completed = "Completed";

    /// <summary>Gets every documented event name.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Comments, Documents, Hold, Resume, Cancel, Assignment, FeeChanged, ExpectedDelivery, Scheduled, Rescheduled, Completed];

    /// <summary>Gets the events whose GET ignores the detailId (the route never has a detail segment).</summary>
    public static IReadOnlyList<string> WithoutDetail { get; } = [ExpectedDelivery, Scheduled, Rescheduled, Completed];

    /// <summary>
    /// Gets every spelling recognised for each event: its route segment (the constant itself) and the heading the
    /// document gives its notification (New Comments, New Documents, On Hold, Resume, Cancellation, Provider
    /// Assignment, Fee Changes, Delivery Date Changes, Inspection Appointment, Completed Report). The document's section
    /// headings "Cancel" and "Appointment Set" are recognised too. "Inspection Appointment" names both Scheduled and
    /// Rescheduled: it reads as Scheduled unless the postback's path says Rescheduled.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Spellings { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Comments] = [Comments, "New Comments"],
        [Documents] = [Documents, "New Documents"],
        [Hold] = [Hold, "On Hold"],
        [Resume] = [Resume],
        [Cancel] = [Cancel, "Cancellation"],
        [Assignment] = [Assignment, "Provider Assignment"],
        [FeeChanged] = [FeeChanged, "Fee Changes"],
        [ExpectedDelivery] = [ExpectedDelivery, "Delivery Date Changes"],
        [Scheduled] = [Scheduled, InspectionAppointmentHeading, "Appointment Set"],
        [Rescheduled] = [Rescheduled],
        [Completed] = [Completed, "Completed Report"],
    };

    /// <summary>The heading that names both <see cref="Scheduled"/> and <see cref="Rescheduled"/>.</summary>
    public const string InspectionAppointmentHeading = "Inspection Appointment";

    private static readonly Dictionary<string, string> ByKey = Spellings
        .SelectMany(pair => pair.Value.Select(spelling => (Key: Key(spelling), Name: pair.Key)))
        .ToDictionary(x => x.Key, x => x.Name, StringComparer.Ordinal);

    private static readonly Dictionary<string, string> BySegment = All.ToDictionary(n => n, n => n, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Returns the event that <paramref name="eventName"/> names (a constant of this class), matching each event's
    /// <see cref="Spellings"/> ignoring case, spaces, dashes and underscores (<c>OnHold</c>, <c>on-hold</c>,
    /// <c>FEE CHANGES</c>, <c>fee_changed</c> all match); null when it names none.
    /// </summary>
    /// <param name="eventName">The event name as sent.</param>
    /// <returns>The canonical name, or null.</returns>
    public static string? Normalize(string? eventName) =>
        eventName is null ? null : ByKey.GetValueOrDefault(Key(eventName));

    /// <summary>Returns the event whose route segment is <paramref name="segment"/> (ignoring case), or null.</summary>
    /// <param name="segment">A path segment such as <c>Hold</c>.</param>
    /// <returns>The canonical name, or null.</returns>
    public static string? FromRouteSegment(string? segment) => segment is null ? null : BySegment.GetValueOrDefault(segment);

    private static string Key(string spelling)
    {
        var key = new System.Text.StringBuilder(spelling.Length);
        foreach (char c in spelling)
        {
            if (!char.IsWhiteSpace(c) && c is not ('-' or '_' or '\u2013' or '\u2014'))
            {
                key.Append(char.ToUpperInvariant(c));
            }
        }

        return key.ToString();
    }
}
