using Microsoft.Extensions.Logging;

namespace Valuation.Http;

/// <summary>The log lines both clients share: Warning for every retry of a failure. Ids and causes only.</summary>
internal static partial class ClientLog
{
    [LoggerMessage(EventId = 102, EventName = "RetryScheduled", Level = LogLevel.Warning, Message = "{Vendor} {Operation} ({Method}) attempt {Attempt} failed ({ErrorType}); retrying in {Delay}")]
    public static partial void RetryScheduled(ILogger logger, string vendor, string operation, string method, int attempt, string errorType, TimeSpan delay);
}
