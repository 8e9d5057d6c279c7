using Microsoft.Extensions.Logging;

namespace Arrowbase.AppraisalWorks.Diagnostics;

/// <summary>
/// The client's log lines of what happened: Information for an order created and a completed report fetched,
/// Warning for every retry of a failure. Ids only; never a key, a signature or a document.
/// </summary>
internal static partial class AppraisalWorksLog
{
    [LoggerMessage(EventId = 100, EventName = "OrderCreated", Level = LogLevel.Information, Message = "AppraisalWorks order {TransactionUid} created")]
    public static partial void OrderCreated(ILogger logger, string transactionUid);

    [LoggerMessage(EventId = 101, EventName = "ReportFetched", Level = LogLevel.Information, Message = "AppraisalWorks completed report of order {TransactionUid} fetched ({DocumentCount} document(s))")]
    public static partial void ReportFetched(ILogger logger, string transactionUid, int documentCount);

    [LoggerMessage(EventId = 102, EventName = "RetryScheduled", Level = LogLevel.Warning, Message = "AppraisalWorks {Operation} ({Method}) attempt {Attempt} failed ({ErrorType}); retrying in {Delay}")]
    public static partial void RetryScheduled(ILogger logger, string operation, string method, int attempt, string errorType, TimeSpan delay);
}
