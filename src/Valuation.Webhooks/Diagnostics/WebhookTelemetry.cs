namespace Valuation.Webhooks.Diagnostics;

/// <summary>
/// The names of the engine's telemetry: its <see cref="System.Diagnostics.ActivitySource"/> and
/// <see cref="System.Diagnostics.Metrics.Meter"/> (both <see cref="SourceName"/>), its instruments and the attributes
/// of its spans and measurements. Listen with an <see cref="System.Diagnostics.ActivityListener"/> and a
/// <see cref="System.Diagnostics.Metrics.MeterListener"/>, or add them to OpenTelemetry with
/// <c>AddValuationInstrumentation()</c> (package Valuation.Clients.OpenTelemetry). No attribute carries a secret, a
/// credential or a body.
/// </summary>
public static class WebhookTelemetry
{
    /// <summary>The name of the engine's <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>: the package id.</summary>
    public const string SourceName = "Valuation.Webhooks";

    /// <summary>Counter of webhooks by outcome (every request and every inbox delivery, rejections included); unit <c>{webhook}</c>.</summary>
    public const string ProcessedInstrument = "valuation.webhooks.processed";

    /// <summary>Counter of authentication failures by reason; unit <c>{webhook}</c>.</summary>
    public const string VerificationFailuresInstrument = "valuation.webhooks.verification_failures";

    /// <summary>Counter of redeliveries recognised by the de-duplication store (already processed, or still in progress); unit <c>{webhook}</c>.</summary>
    public const string DuplicatesInstrument = "valuation.webhooks.duplicates";

    /// <summary>Histogram of how long the user's handler ran until the answer (seconds).</summary>
    public const string HandlerDurationInstrument = "valuation.webhooks.handler.duration";

    /// <summary>Observable gauge of the messages an inbox holds, by state; unit <c>{message}</c>.</summary>
    public const string InboxDepthInstrument = "valuation.webhooks.inbox.depth";

    /// <summary>Observable gauge of the age of an inbox's oldest message not yet completed (seconds; 0 when empty).</summary>
    public const string InboxAgeInstrument = "valuation.webhooks.inbox.age";

    /// <summary>Attribute: the receiver's name, such as <c>housecanary-callouts</c>.</summary>
    public const string ReceiverAttribute = "valuation.webhook.receiver";

    /// <summary>Attribute: the outcome in snake case, such as <c>processed</c>, <c>duplicate</c>, <c>unauthorized</c>.</summary>
    public const string OutcomeAttribute = "valuation.webhook.outcome";

    /// <summary>Attribute: the message's type, such as <c>order_complete</c> (<c>_OTHER</c> in metrics for a type this version does not know).</summary>
    public const string MessageTypeAttribute = "valuation.webhook.message_type";

    /// <summary>Attribute (spans): whether the message was a redelivery of one already processed or in progress.</summary>
    public const string DuplicateAttribute = "valuation.webhook.duplicate";

    /// <summary>Attribute (spans): the message's de-duplication key, such as <c>housecanary:{message_id}</c>.</summary>
    public const string DeduplicationKeyAttribute = "valuation.webhook.deduplication_key";

    /// <summary>Attribute (spans): the inbox attempt, 1 for the first processing of a stored message.</summary>
    public const string AttemptAttribute = "valuation.webhook.attempt";

    /// <summary>Attribute: why authentication failed: <c>missing</c>, <c>malformed</c>, <c>mismatch</c> or <c>not_configured</c>.</summary>
    public const string VerificationFailureAttribute = "valuation.webhook.verification_failure";

    /// <summary>Attribute (inbox gauges): the inbox's name (the receiver's).</summary>
    public const string InboxAttribute = "valuation.webhook.inbox";

    /// <summary>Attribute (inbox depth): <c>ready</c>, <c>in_flight</c>, <c>scheduled</c> or <c>dead_lettered</c>.</summary>
    public const string InboxStateAttribute = "valuation.webhook.inbox.state";
}
