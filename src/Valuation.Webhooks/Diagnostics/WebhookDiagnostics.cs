using System.Diagnostics;
using System.Diagnostics.Metrics;
using Shared.Signing;

namespace Valuation.Webhooks.Diagnostics;

/// <summary>
/// The engine's <see cref="ActivitySource"/>, <see cref="Meter"/> and instruments (names in <see cref="WebhookTelemetry"/>).
/// Every caller guards its work with <see cref="ActivitySource.HasListeners"/> or <see cref="Instrument.Enabled"/>, so
/// a process that listens to nothing pays for a flag read.
/// </summary>
internal static class WebhookDiagnostics
{
    private static readonly string? Version = typeof(WebhookDiagnostics).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Source = new(WebhookTelemetry.SourceName, Version);

    public static readonly Meter Meter = new(WebhookTelemetry.SourceName, Version);

    public static readonly Counter<long> Processed = Meter.CreateCounter<long>(
        WebhookTelemetry.ProcessedInstrument, "{webhook}", "Webhooks by outcome: every request and every inbox delivery, rejections included.");

    public static readonly Counter<long> VerificationFailures = Meter.CreateCounter<long>(
        WebhookTelemetry.VerificationFailuresInstrument, "{webhook}", "Webhooks whose authentication failed, by reason.");

    public static readonly Counter<long> Duplicates = Meter.CreateCounter<long>(
        WebhookTelemetry.DuplicatesInstrument, "{webhook}", "Redeliveries of a message already processed or still in progress.");

    public static readonly Histogram<double> HandlerDuration = Meter.CreateHistogram(
        WebhookTelemetry.HandlerDurationInstrument,
        "s",
        "How long the handler ran until the answer.",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });

    private static readonly string[] Outcomes =
    [
        "processed", "accepted", "duplicate", "unknown", "in_progress", "unauthorized", "malformed",
        "payload_too_large", "request_timeout", "store_unavailable", "handler_failed", "timed_out",
    ];

    public static readonly ObservableGauge<long> InboxDepth = Meter.CreateObservableGauge(
        WebhookTelemetry.InboxDepthInstrument, InboxGauges.ObserveDepth, "{message}", "Messages an inbox holds, by state (sampled).");

    public static readonly ObservableGauge<double> InboxAge = Meter.CreateObservableGauge(
        WebhookTelemetry.InboxAgeInstrument, InboxGauges.ObserveAge, "s", "Age of an inbox's oldest message not yet completed; 0 when there is none (sampled).");

    /// <summary>The name of a message type in metrics: the type, or <c>_OTHER</c> for a type this version does not know (its name comes from the sender, so it could be anything).</summary>
    public const string OtherMessageType = "_OTHER";

    /// <summary>Gets the outcome's snake-case name.</summary>
    /// <param name="outcome">The outcome.</param>
    /// <returns>Such as <c>payload_too_large</c>.</returns>
    public static string OutcomeName(WebhookOutcome outcome) =>
        (uint)outcome < (uint)Outcomes.Length ? Outcomes[(int)outcome] : "other";

    /// <summary>Gets a verification failure's snake-case name.</summary>
    /// <param name="failure">The failure.</param>
    /// <returns>Such as <c>mismatch</c>.</returns>
    public static string FailureName(VerificationFailure failure) => failure switch
    {
        VerificationFailure.Missing => "missing",
        VerificationFailure.Malformed => "malformed",
        VerificationFailure.Mismatch => "mismatch",
        VerificationFailure.NotConfigured => "not_configured",
        _ => "other",
    };
}
