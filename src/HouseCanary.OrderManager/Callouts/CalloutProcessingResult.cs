namespace HouseCanary.OrderManager.Callouts;

/// <summary>What became of a callout.</summary>
public enum CalloutOutcome
{
    /// <summary>Verified, parsed and handled (answer 200).</summary>
    Processed = 0,

    /// <summary>A redelivery of a message already processed or being processed; not handled again (answer 200).</summary>
    Duplicate = 1,

    /// <summary>Verified but of an unknown <c>message_type</c>; passed to <see cref="CalloutHandler.OnUnknownMessageAsync"/> (answer 200).</summary>
    Unknown = 2,

    /// <summary>Authentication failed (answer 401).</summary>
    Unauthorized = 3,

    /// <summary>The body is not a valid message (answer 400).</summary>
    BadRequest = 4,

    /// <summary>The body exceeds <see cref="CalloutOptions.MaxBodyBytes"/> (answer 413).</summary>
    PayloadTooLarge = 5,

    /// <summary>The handler threw or timed out (answer 500, so HouseCanary redelivers).</summary>
    HandlerFailed = 6,
}

/// <summary>The result of <see cref="CalloutProcessor.ProcessAsync"/>: the outcome, the HTTP status to answer, and why.</summary>
public sealed class CalloutProcessingResult
{
    /// <summary>Initializes a result.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <param name="message">A short explanation, safe to log and to return (never a secret).</param>
    /// <param name="callout">The parsed message, if parsing got that far.</param>
    public CalloutProcessingResult(CalloutOutcome outcome, string message, CalloutMessage? callout = null)
    {
        Outcome = outcome;
        Message = message;
        Callout = callout;
    }

    /// <summary>Gets the outcome.</summary>
    public CalloutOutcome Outcome { get; }

    /// <summary>Gets the HTTP status code to answer HouseCanary with: 2xx stops redelivery, anything else asks for it.</summary>
    public int StatusCode => Outcome switch
    {
        CalloutOutcome.Processed or CalloutOutcome.Duplicate or CalloutOutcome.Unknown => 200,
        CalloutOutcome.Unauthorized => 401,
        CalloutOutcome.BadRequest => 400,
        CalloutOutcome.PayloadTooLarge => 413,
        _ => 500,
    };

    /// <summary>Gets a value indicating whether the answer is 2xx (HouseCanary will not redeliver).</summary>
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>Gets a short explanation, safe to log and to return.</summary>
    public string Message { get; }

    /// <summary>Gets the parsed message, if parsing got that far.</summary>
    public CalloutMessage? Callout { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Outcome} ({StatusCode}): {Message}";
}
