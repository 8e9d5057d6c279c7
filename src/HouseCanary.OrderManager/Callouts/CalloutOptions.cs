using Shared.Signing;
using Valuation.Webhooks;

namespace HouseCanary.OrderManager.Callouts;

/// <summary>
/// Settings of the callout receiver (configuration section <c>HouseCanary:Callouts</c>): the scheme agreed with
/// HouseCanary at onboarding and its credentials, with the names every receiver shares (see
/// <see cref="WebhookReceiverOptions"/>). Validated at start-up against HouseCanary's rules: a scheme other than
/// None, a handler deadline under HouseCanary's 30 seconds, a retention that outlasts its redeliveries.
/// <see cref="object.ToString"/> never shows a password, token or secret.
/// </summary>
public sealed class CalloutOptions : WebhookReceiverOptions
{
    /// <summary>The configuration section callouts bind from.</summary>
    public const string SectionName = "HouseCanary:Callouts";

    /// <summary>The default <see cref="WebhookReceiverOptions.SignatureHeaderName"/>, as the document's example names it.</summary>
    public const string DefaultSignatureHeaderName = "X-HC-Signature";

    /// <summary>The default <see cref="WebhookReceiverOptions.MaxBodyBytes"/>: 50 MiB, room for an <c>order_complete</c> carrying its report PDF as base64.</summary>
    public const long DefaultMaxBodyBytes = 50L * 1024 * 1024;

    /// <summary>How long HouseCanary waits for a 2xx before it counts a delivery as failed (the document: "within 30 seconds").</summary>
    public static readonly TimeSpan HouseCanaryDeadline = TimeSpan.FromSeconds(30);

    /// <summary>The shortest retention that outlasts HouseCanary's redeliveries (up to 10, at least 5 minutes apart).</summary>
    public static readonly TimeSpan MinimumDeduplicationRetention = TimeSpan.FromMinutes(50);

    /// <summary>Initializes the options with HouseCanary's defaults (HMAC-SHA1 signatures in <c>X-HC-Signature</c>, 50 MiB bodies).</summary>
    public CalloutOptions()
        : base(SectionName, DefaultMaxBodyBytes, HmacAlgorithm.Sha1)
    {
        SignatureHeaderName = DefaultSignatureHeaderName;
    }

    /// <inheritdoc />
    protected override IEnumerable<string> ValidateVendorRules()
    {
        const string P = SectionName + ":";
        if (Scheme == WebhookAuthenticationScheme.None)
        {
            yield return P + "Scheme is required: HouseCanary authenticates every callout with Basic, HeaderToken, QueryToken or Signature (the one agreed at onboarding).";
        }

        if (ProcessingTimeout >= HouseCanaryDeadline)
        {
            yield return P + "ProcessingTimeout must be under 30 seconds: HouseCanary counts a callout not answered 2xx within 30 seconds as failed and redelivers it (use an inbox for longer work).";
        }

        if (DeduplicationRetention < MinimumDeduplicationRetention)
        {
            yield return P + "DeduplicationRetention must be at least 50 minutes (HouseCanary redelivers up to 10 times, at least 5 minutes apart).";
        }
    }
}
