namespace Valuation.OpenTelemetry;

/// <summary>
/// The names of every <see cref="System.Diagnostics.ActivitySource"/> and <see cref="System.Diagnostics.Metrics.Meter"/>
/// of the Valuation.Clients packages; each is the package's id, the same for its source and its meter.
/// </summary>
public static class ValuationInstrumentation
{
    /// <summary>The webhook engine (<c>Valuation.Webhooks.Diagnostics.WebhookTelemetry.SourceName</c>).</summary>
    public const string Webhooks = "Valuation.Webhooks";

    /// <summary>The HouseCanary client (<c>HouseCanary.OrderManager.Diagnostics.HouseCanaryTelemetry.SourceName</c>).</summary>
    public const string HouseCanary = "HouseCanary.OrderManager";

    /// <summary>The AppraisalWorks client (<c>Arrowbase.AppraisalWorks.Diagnostics.AppraisalWorksTelemetry.SourceName</c>).</summary>
    public const string AppraisalWorks = "Arrowbase.AppraisalWorks";

    /// <summary>Gets every name, for the sources and the meters alike.</summary>
    public static IReadOnlyList<string> Names { get; } = [Webhooks, HouseCanary, AppraisalWorks];
}
