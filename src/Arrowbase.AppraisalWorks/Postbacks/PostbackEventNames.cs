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

    /// <summary>Returns the documented spelling of <paramref name="eventName"/> (matched ignoring case), or null when unknown.</summary>
    /// <param name="eventName">The event name.</param>
    /// <returns>The canonical name, or null.</returns>
    public static string? Normalize(string? eventName) =>
        eventName is null ? null : All.FirstOrDefault(n => string.Equals(n, eventName, StringComparison.OrdinalIgnoreCase));
}
