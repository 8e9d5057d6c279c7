namespace HouseCanary.OrderManager.Models;

/// <summary>
/// The order status values HouseCanary documents. Statuses travel as strings and are kept as strings, so a value
/// added by HouseCanary later is preserved rather than rejected; compare with these constants.
/// </summary>
public static class OrderStatus
{
    /// <summary>The order was received (<c>new</c>).</summary>
    public const string New = "new";

    /// <summary>The order passed review and is being executed (<c>accepted</c>).</summary>
    public const string Accepted = "accepted";

    /// <summary>The report is being produced (<c>reportpending</c>).</summary>
    public const string ReportPending = "reportpending";

    /// <summary>The order is complete (<c>complete</c>).</summary>
    public const string Complete = "complete";

    /// <summary>The order was cancelled (<c>cancelled</c>).</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>The order item status values HouseCanary documents (the same words as <see cref="OrderStatus"/>); unknown values are kept as strings.</summary>
public static class OrderItemStatus
{
    /// <summary>The item was received (<c>new</c>).</summary>
    public const string New = "new";

    /// <summary>The item passed validation and is being executed (<c>accepted</c>).</summary>
    public const string Accepted = "accepted";

    /// <summary>The item's report is being produced (<c>reportpending</c>).</summary>
    public const string ReportPending = "reportpending";

    /// <summary>The item is complete (<c>complete</c>).</summary>
    public const string Complete = "complete";

    /// <summary>The item was cancelled, for example because it failed HouseCanary's validation (<c>cancelled</c>).</summary>
    public const string Cancelled = "cancelled";
}

/// <summary>The export request status values; unknown values are kept as strings.</summary>
public static class ExportStatus
{
    /// <summary>The export is queued (<c>pending</c>).</summary>
    public const string Pending = "pending";

    /// <summary>The export is being built (<c>in_progress</c>).</summary>
    public const string InProgress = "in_progress";

    /// <summary>The export is ready; <see cref="ExportRequest.ExportedData"/> holds its download URL (<c>complete</c>).</summary>
    public const string Complete = "complete";

    /// <summary>The export failed (<c>failed</c>).</summary>
    public const string Failed = "failed";

    private static readonly string[] CompleteWords = [Complete, "completed"];

    // Statuses that end an export without a file. Only "complete" and "failed" are seen publicly; the others are
    // the usual spellings of an end without a result, so that a wait never outlives an export that is over.
    private static readonly string[] FailedWords = [Failed, "failure", "error", "errored", "cancelled", "canceled", "expired", "rejected", "aborted", "timeout", "timed_out"];

    /// <summary>Gets whether <paramref name="status"/> says the export is ready (<c>complete</c>, or <c>completed</c>; any casing).</summary>
    /// <param name="status">The status as sent.</param>
    /// <returns>True when complete.</returns>
    public static bool IsComplete(string? status) => Matches(status, CompleteWords);

    /// <summary>
    /// Gets whether <paramref name="status"/> says the export ended without a file: <c>failed</c>, or another end
    /// word (<c>error</c>, <c>cancelled</c>, <c>canceled</c>, <c>expired</c>, <c>rejected</c>, <c>aborted</c>, ...; any casing).
    /// </summary>
    /// <param name="status">The status as sent.</param>
    /// <returns>True when the export is over without a file.</returns>
    public static bool IsFailed(string? status) => Matches(status, FailedWords);

    private static bool Matches(string? status, string[] words) =>
        status is not null && words.Contains(status.Trim().Replace(' ', '_').Replace('-', '_'), StringComparer.OrdinalIgnoreCase);
}

/// <summary>The order types. The document supports only Agile Insights (<c>valueReport</c>) today.</summary>
public static class OrderTypes
{
    /// <summary>Agile Insights: an automated valuation report per address (<c>valueReport</c>).</summary>
    public const string ValueReport = "valueReport";
}

/// <summary>The export formats of <c>POST orders/{id}/export/{fmt}?exclude_json=…</c>.</summary>
public static class ExportFormats
{
    /// <summary>A zip archive (<c>zip</c>).</summary>
    public const string Zip = "zip";
}
