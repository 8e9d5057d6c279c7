namespace Arrowbase.AppraisalWorks.Postbacks;

/// <summary>What became of a postback.</summary>
public enum PostbackOutcome
{
    /// <summary>Verified, fetched and handled (200).</summary>
    Processed = 0,

    /// <summary>Already processed or being processed (200, not handled again).</summary>
    Duplicate = 1,

    /// <summary>An undocumented event name, passed to <see cref="PostbackHandler.OnUnknownEventAsync"/> (200).</summary>
    UnknownEvent = 2,

    /// <summary>The shared-secret check failed (401).</summary>
    Unauthorized = 3,

    /// <summary>The body is not a valid postback (400).</summary>
    Malformed = 4,

    /// <summary>The path does not match the event's parts or is hostile (400); nothing was fetched.</summary>
    RefusedPath = 5,

    /// <summary>The body is larger than allowed (413).</summary>
    PayloadTooLarge = 6,

    /// <summary>Fetching the event's data from AppraisalWorks failed (502).</summary>
    FetchFailed = 7,

    /// <summary>The handler threw, or the de-duplication store failed before anything was processed (500).</summary>
    HandlerFailed = 8,

    /// <summary>The dedupe store failed to claim the postback (503): nothing was fetched, the sender should redeliver.</summary>
    StoreUnavailable = 9,
}

/// <summary>The result of processing a postback: the outcome, the HTTP status to answer, and why.</summary>
/// <param name="Outcome">The outcome.</param>
/// <param name="StatusCode">The HTTP status to answer.</param>
/// <param name="Message">A description safe to log (no secrets).</param>
/// <param name="Event">The parsed event, when parsing got that far.</param>
/// <param name="Data">The fetched data, when processed.</param>
/// <param name="Exception">The failure, for FetchFailed, HandlerFailed and StoreUnavailable.</param>
public sealed record PostbackResult(PostbackOutcome Outcome, int StatusCode, string Message, PostbackEvent? Event = null, AppraisalWorksResponse? Data = null, Exception? Exception = null);
