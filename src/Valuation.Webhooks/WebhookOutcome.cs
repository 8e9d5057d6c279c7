namespace Valuation.Webhooks;

/// <summary>What became of a webhook. <see cref="WebhookResult.GetStatusCode"/> maps each to the HTTP status answered.</summary>
public enum WebhookOutcome
{
    /// <summary>Verified, parsed and handled (200).</summary>
    Processed = 0,

    /// <summary>Verified, parsed and stored in the durable inbox; a worker processes it (200).</summary>
    Accepted = 1,

    /// <summary>A redelivery of a message already processed; not handled again (200).</summary>
    Duplicate = 2,

    /// <summary>Verified but of a type this version does not know; logged at Warning and passed to the handler's unknown-message method (200).</summary>
    Unknown = 3,

    /// <summary>A redelivery that arrived while an earlier delivery is still being processed (409): the sender keeps its copy and redelivers.</summary>
    InProgress = 4,

    /// <summary>Authentication failed (401).</summary>
    Unauthorized = 5,

    /// <summary>The body is not a valid message, or it names a route that is refused (400).</summary>
    Malformed = 6,

    /// <summary>The body is larger than <see cref="WebhookReceiverOptions.MaxBodyBytes"/> (413).</summary>
    PayloadTooLarge = 7,

    /// <summary>The body did not arrive within <see cref="WebhookReceiverOptions.BodyReadTimeout"/> (408).</summary>
    RequestTimeout = 8,

    /// <summary>The de-duplication store or the inbox failed, so nothing was processed (503): the sender redelivers.</summary>
    StoreUnavailable = 9,

    /// <summary>The handler (for AppraisalWorks: the fetch of the event's details, or the handler) failed (500): the sender redelivers.</summary>
    HandlerFailed = 10,

    /// <summary>The handler did not finish within its deadline (503): the sender redelivers; the claim is kept until the handler ends.</summary>
    TimedOut = 11,
}
