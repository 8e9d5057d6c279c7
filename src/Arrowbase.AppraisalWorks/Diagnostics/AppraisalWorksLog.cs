using Microsoft.Extensions.Logging;

namespace Arrowbase.AppraisalWorks.Diagnostics;

/// <summary>
/// The client's log lines of what happened: Information for an order created and a completed report fetched,
/// the Warning of every retry comes from the shared pipeline (<c>Valuation.Http.ClientLog.RetryScheduled</c>). Ids only; never a key, a signature or a document.
/// </summary>
internal static partial class AppraisalWorksLog
{
    [LoggerMessage(EventId = 100, EventName = "OrderCreated", Level = LogLevel.Information, Message = "AppraisalWorks order {TransactionUid} created")]
    public static partial void OrderCreated(ILogger logger, string transactionUid);

    [LoggerMessage(EventId = 101, EventName = "ReportFetched", Level = LogLevel.Information, Message = "AppraisalWorks completed report of order {TransactionUid} fetched ({DocumentCount} document(s))")]
    public static partial void ReportFetched(ILogger logger, string transactionUid, int documentCount);
}
