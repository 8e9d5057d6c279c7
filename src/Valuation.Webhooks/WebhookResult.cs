using System.Globalization;

namespace Valuation.Webhooks;

/// <summary>
/// The result of processing a webhook: the outcome, the HTTP status to answer (one table for every vendor), the
/// reason (for logs) and the short text the sender is told (never internals such as a store's diagnostics).
/// </summary>
public class WebhookResult
{
    /// <summary>Initializes a result.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="reason">Why, safe to log (never a secret).</param>
    /// <param name="deduplicationKey">The message's de-duplication key, when parsing got that far.</param>
    /// <param name="exception">The failure, for <see cref="WebhookOutcome.StoreUnavailable"/>, <see cref="WebhookOutcome.HandlerFailed"/> and <see cref="WebhookOutcome.TimedOut"/>.</param>
    public WebhookResult(WebhookOutcome outcome, string reason, string? deduplicationKey = null, Exception? exception = null)
    {
        ArgumentNullException.ThrowIfNull(reason);
        Outcome = outcome;
        Reason = reason;
        DeduplicationKey = deduplicationKey;
        Exception = exception;
    }

    /// <summary>Gets the outcome.</summary>
    public WebhookOutcome Outcome { get; }

    /// <summary>Gets the HTTP status to answer: 2xx stops the sender's redelivery, anything else asks for it.</summary>
    public int StatusCode => GetStatusCode(Outcome);

    /// <summary>Gets a value indicating whether the answer is 2xx (the sender will not redeliver).</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>Gets why, as logged (it may name the message, the store's failure or the handler's exception type; never a secret).</summary>
    public string Reason { get; }

    /// <summary>Gets the short text to answer the sender with: what it needs to know, nothing internal.</summary>
    public string ResponseText => Outcome switch
    {
        WebhookOutcome.Processed or WebhookOutcome.Unknown => "Processed.",
        WebhookOutcome.Accepted => "Accepted.",
        WebhookOutcome.Duplicate => "Already processed.",
        WebhookOutcome.InProgress => "An earlier delivery of this message is still being processed; deliver it again later.",
        WebhookOutcome.Unauthorized => "Unauthorized.",
        WebhookOutcome.Malformed => "Malformed: " + Reason,
        WebhookOutcome.PayloadTooLarge => "The body is larger than this receiver accepts.",
        WebhookOutcome.RequestTimeout => "The body did not arrive in time.",
        WebhookOutcome.TimedOut => "Processing did not finish in time; deliver it again later.",
        _ => "Temporarily unable to process; deliver it again later.",
    };

    /// <summary>Gets the message's de-duplication key, when parsing got that far.</summary>
    public string? DeduplicationKey { get; }

    /// <summary>Gets the failure behind a store, handler or deadline outcome, if any.</summary>
    public Exception? Exception { get; }

    /// <summary>The one table from outcome to HTTP status, shared by every receiver.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>The HTTP status code.</returns>
    public static int GetStatusCode(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Processed or WebhookOutcome.Accepted or WebhookOutcome.Duplicate or WebhookOutcome.Unknown => 200,
        WebhookOutcome.InProgress => 409,
        WebhookOutcome.Unauthorized => 401,
        WebhookOutcome.Malformed => 400,
        WebhookOutcome.PayloadTooLarge => 413,
        WebhookOutcome.RequestTimeout => 408,
        WebhookOutcome.StoreUnavailable or WebhookOutcome.TimedOut => 503,
        _ => 500,
    };

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Outcome} ({StatusCode}): {Reason}");
}

/// <summary>A <see cref="WebhookResult"/> with the parsed message, when parsing got that far.</summary>
/// <typeparam name="TMessage">The vendor's message type.</typeparam>
public sealed class WebhookResult<TMessage> : WebhookResult
    where TMessage : class
{
    /// <summary>Initializes a result.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="reason">Why, safe to log.</param>
    /// <param name="message">The parsed message, if any.</param>
    /// <param name="deduplicationKey">The message's de-duplication key, if any.</param>
    /// <param name="exception">The failure, if any.</param>
    public WebhookResult(WebhookOutcome outcome, string reason, TMessage? message = null, string? deduplicationKey = null, Exception? exception = null)
        : base(outcome, reason, deduplicationKey, exception)
    {
        Message = message;
    }

    /// <summary>Gets the parsed message, if parsing got that far.</summary>
    public TMessage? Message { get; }
}
