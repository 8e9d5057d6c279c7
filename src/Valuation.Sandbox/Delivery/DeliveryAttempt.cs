namespace Valuation.Sandbox.Delivery;

/// <summary>One attempt to deliver a HouseCanary callout or an AppraisalWorks postback (a read-only record for tests).</summary>
/// <param name="MessageId">The callout's <c>message_id</c>, or for a postback the sandbox's own delivery id.</param>
/// <param name="MessageType">The callout's <c>message_type</c>, or the postback's <c>eventName</c>.</param>
/// <param name="AttemptNumber">1 for the first attempt, 2 for the first redelivery, and so on.</param>
/// <param name="At">The sandbox-clock instant the attempt was made.</param>
/// <param name="Url">The target URL without its query string (a query token is never recorded).</param>
/// <param name="StatusCode">The receiver's HTTP status, or null when no answer came (timeout, refused connection).</param>
/// <param name="Error">Why the attempt failed, or null when it succeeded.</param>
/// <param name="Body">The exact JSON body sent.</param>
public sealed record DeliveryAttempt(
    string MessageId,
    string MessageType,
    int AttemptNumber,
    DateTimeOffset At,
    Uri Url,
    int? StatusCode,
    string? Error,
    string Body)
{
    /// <summary>True when the receiver answered 2xx in time.</summary>
    public bool Succeeded => Error is null;
}
