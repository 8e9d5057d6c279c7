using Shared.Signing;
using Valuation.Webhooks;

namespace Arrowbase.AppraisalWorks.Postbacks;

/// <summary>
/// Settings of the postback receiver (configuration section <c>AppraisalWorks:Postbacks</c>), with the names every
/// receiver shares (see <see cref="WebhookReceiverOptions"/>). AppraisalWorks defines no postback authentication,
/// so <see cref="WebhookReceiverOptions.Scheme"/> defaults to <see cref="WebhookAuthenticationScheme.None"/> (a
/// warning is logged at start-up); a shared token agreed with AppraisalWorks (such as one in the postback URL's query
/// string) is the receiver's optional defence. The Signature scheme is refused: AppraisalWorks signs nothing it sends.
/// <see cref="object.ToString"/> never prints tokens or passwords.
/// </summary>
public sealed class PostbackOptions : WebhookReceiverOptions
{
    /// <summary>The configuration section postbacks bind from.</summary>
    public const string SectionName = "AppraisalWorks:Postbacks";

    /// <summary>The default <see cref="WebhookReceiverOptions.HeaderName"/> of the HeaderToken scheme.</summary>
    public const string DefaultHeaderName = "X-AppraisalWorks-Token";

    /// <summary>The default <see cref="WebhookReceiverOptions.MaxBodyBytes"/>: 64 KiB (a postback is a few hundred bytes).</summary>
    public const long DefaultMaxBodyBytes = 64 * 1024;

    /// <summary>Initializes the options with AppraisalWorks' defaults.</summary>
    public PostbackOptions()
        : base(SectionName, DefaultMaxBodyBytes, HmacAlgorithm.Sha256)
    {
        HeaderName = DefaultHeaderName;
        DeduplicationRetention = TimeSpan.FromDays(7);
    }

    /// <summary>
    /// Gets or sets how long a postback whose route ignores its detailId (ExpectedDelivery, Scheduled, Rescheduled,
    /// Completed), or whose detailId is 0, is remembered: such events are keyed without the detailId, legitimately
    /// repeat, and their GET returns the current state; default 2 minutes.
    /// </summary>
    public TimeSpan RepeatableEventDeduplicationWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <inheritdoc />
    protected override IEnumerable<string> ValidateVendorRules()
    {
        const string P = SectionName + ":";
        if (Scheme == WebhookAuthenticationScheme.Signature)
        {
            yield return P + "Scheme cannot be Signature: AppraisalWorks signs no postback. Use None, HeaderToken, QueryToken or Basic.";
        }

        if (MaxBodyBytes < 256)
        {
            yield return P + "MaxBodyBytes must be at least 256.";
        }

        if (RepeatableEventDeduplicationWindow <= TimeSpan.Zero)
        {
            yield return P + "RepeatableEventDeduplicationWindow must be positive.";
        }
    }

    /// <inheritdoc />
    public override string ToString() => base.ToString().TrimEnd(')') + $", RepeatableEventDeduplicationWindow: {RepeatableEventDeduplicationWindow})";
}
