namespace Valuation.Webhooks;

/// <summary>How a webhook's sender is authenticated. The same names in every package.</summary>
public enum WebhookAuthenticationScheme
{
    /// <summary>
    /// No check. Only a vendor that defines no webhook authentication allows it (AppraisalWorks); a receiver
    /// configured with it logs a warning at start-up. HouseCanary refuses it at start-up.
    /// </summary>
    None = 0,

    /// <summary>HTTP Basic with <see cref="WebhookReceiverOptions.BasicUserName"/> and <see cref="WebhookReceiverOptions.BasicPassword"/>.</summary>
    Basic = 1,

    /// <summary>A shared token in the header named <see cref="WebhookReceiverOptions.HeaderName"/>, one of <see cref="WebhookReceiverOptions.Tokens"/>.</summary>
    HeaderToken = 2,

    /// <summary>A shared token in the query-string parameter named <see cref="WebhookReceiverOptions.QueryParameterName"/>, one of <see cref="WebhookReceiverOptions.Tokens"/>.</summary>
    QueryToken = 3,

    /// <summary>
    /// An HMAC of the raw body keyed with one of <see cref="WebhookReceiverOptions.Secrets"/>, sent as
    /// <c>sha1=&lt;hex&gt;</c> (or <c>sha256=</c>) in the header named <see cref="WebhookReceiverOptions.SignatureHeaderName"/>;
    /// computed while the body streams in.
    /// </summary>
    Signature = 4,
}
