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
}

/// <summary>The order types. The document supports only Agile Insights (<c>valueReport</c>) today.</summary>
public static class OrderTypes
{
    /// <summary>Agile Insights: an automated valuation report per address (<c>valueReport</c>).</summary>
    public const string ValueReport = "valueReport";
}

/// <summary>The export formats of <c>POST orders/{id}/export/{fmt}/</c>.</summary>
public static class ExportFormats
{
    /// <summary>A zip archive (<c>zip</c>).</summary>
    public const string Zip = "zip";
}
