using Microsoft.Extensions.Logging;

namespace Valuation.Webhooks;

/// <summary>
/// The engine's log lines, the same for every vendor (the receiver's display name leads each). Every rejection is a
/// Warning with its reason; failures of the store or the handler are Errors with the exception. No line carries a
/// secret, a presented credential or a body.
/// </summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 1, EventName = "WebhookRejected", Level = LogLevel.Warning, Message = "{Receiver} rejected with {StatusCode} ({Outcome}): {Reason}")]
    public static partial void Rejected(ILogger logger, string receiver, int statusCode, WebhookOutcome outcome, string reason);

    [LoggerMessage(EventId = 2, EventName = "WebhookInProgress", Level = LogLevel.Warning, Message = "{Receiver} {Key} arrived while an earlier delivery is still being processed; answered {StatusCode} so that the sender keeps it")]
    public static partial void InProgress(ILogger logger, string receiver, string key, int statusCode);

    [LoggerMessage(EventId = 3, EventName = "WebhookStoreUnavailable", Level = LogLevel.Error, Message = "{Receiver} {Key}: the {Store} failed ({Operation}); answered {StatusCode}, nothing was processed")]
    public static partial void StoreUnavailable(ILogger logger, Exception exception, string receiver, string key, string store, string operation, int statusCode);

    [LoggerMessage(EventId = 4, EventName = "WebhookHandlerFailed", Level = LogLevel.Error, Message = "{Receiver} {Key} ({MessageType}): the handler failed; its claim was released so that a redelivery is processed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string receiver, string key, string messageType);

    [LoggerMessage(EventId = 5, EventName = "WebhookTimedOut", Level = LogLevel.Warning, Message = "{Receiver} {Key} ({MessageType}): the handler did not finish within {Deadline}; its token is cancelled and its claim is kept until it ends")]
    public static partial void TimedOut(ILogger logger, string receiver, string key, string messageType, TimeSpan deadline);

    [LoggerMessage(EventId = 6, EventName = "WebhookUnknownMessage", Level = LogLevel.Warning, Message = "{Receiver} {Key}: unknown message type '{MessageType}'; passed to the handler's unknown-message method")]
    public static partial void Unknown(ILogger logger, string receiver, string key, string messageType);

    [LoggerMessage(EventId = 7, EventName = "WebhookClaimLost", Level = LogLevel.Warning, Message = "{Receiver} {Key}: the claim could not be renewed (it expired and may have been taken by another delivery); the handler's token is cancelled")]
    public static partial void ClaimLost(ILogger logger, string receiver, string key);

    [LoggerMessage(EventId = 8, EventName = "WebhookClaimNotSettled", Level = LogLevel.Error, Message = "{Receiver} {Key}: the de-duplication store failed to {Operation} the claim; the answer is unchanged")]
    public static partial void ClaimNotSettled(ILogger logger, Exception exception, string receiver, string key, string operation);

    [LoggerMessage(EventId = 9, EventName = "WebhookClaimTakenOver", Level = LogLevel.Warning, Message = "{Receiver} {Key}: the claim was no longer ours at {Operation} (another delivery holds it); it was left alone")]
    public static partial void ClaimTakenOver(ILogger logger, string receiver, string key, string operation);

    [LoggerMessage(EventId = 10, EventName = "WebhookLateHandlerEnded", Level = LogLevel.Warning, Message = "{Receiver} {Key}: the handler ended after its deadline ({Result}); the claim is now {Settled}")]
    public static partial void LateHandlerEnded(ILogger logger, Exception? exception, string receiver, string key, string result, string settled);

    [LoggerMessage(EventId = 11, EventName = "WebhookRenewalFailed", Level = LogLevel.Warning, Message = "{Receiver} {Key}: renewing a lease failed; retrying at the next interval")]
    public static partial void RenewalFailed(ILogger logger, Exception exception, string receiver, string key);

    [LoggerMessage(EventId = 12, EventName = "WebhookWithoutAuthentication", Level = LogLevel.Warning, Message = "{Receiver}s are accepted without authentication ({Path}:Scheme is None). Anyone who can reach the endpoint can submit one; agree a HeaderToken, QueryToken or Basic secret with the vendor where it allows.")]
    public static partial void WithoutAuthentication(ILogger logger, string receiver, string path);

    [LoggerMessage(EventId = 13, EventName = "WebhookProcessed", Level = LogLevel.Information, Message = "{Receiver} {Key} ({MessageType}): {Outcome}")]
    public static partial void Settled(ILogger logger, string receiver, string key, string messageType, WebhookOutcome outcome);

    [LoggerMessage(EventId = 20, EventName = "WebhookInboxRetryScheduled", Level = LogLevel.Warning, Message = "{Receiver} inbox message {Id} ({Key}): attempt {Attempt} ended with {Outcome}; retried after {Delay}")]
    public static partial void RetryScheduled(ILogger logger, string receiver, string id, string key, int attempt, WebhookOutcome outcome, TimeSpan delay);

    [LoggerMessage(EventId = 21, EventName = "WebhookInboxDeadLettered", Level = LogLevel.Error, Message = "{Receiver} inbox message {Id} ({Key}) moved to the dead-letter set after {Attempts} attempt(s): {Reason}")]
    public static partial void DeadLettered(ILogger logger, string receiver, string id, string key, int attempts, string reason);

    [LoggerMessage(EventId = 22, EventName = "WebhookInboxFailed", Level = LogLevel.Error, Message = "{Receiver} inbox: {Operation} failed; the worker tries again")]
    public static partial void InboxFailed(ILogger logger, Exception exception, string receiver, string operation);

    [LoggerMessage(EventId = 23, EventName = "WebhookInboxLeaseLost", Level = LogLevel.Warning, Message = "{Receiver} inbox message {Id} ({Key}): the worker's lease was lost; another worker may take it")]
    public static partial void LeaseLost(ILogger logger, string receiver, string id, string key);
}
