using Valuation.Webhooks.Inbox;

namespace Valuation.Webhooks;

/// <summary>
/// A receiver of one vendor's webhooks, as hosts see it: the ASP.NET Core endpoint calls
/// <see cref="ProcessAsync"/>, the inbox worker <see cref="ProcessInboxDeliveryAsync"/>. Implemented by
/// <see cref="WebhookProcessor{TMessage}"/>.
/// </summary>
public interface IWebhookProcessor
{
    /// <summary>Gets the receiver's name (such as <c>housecanary-callouts</c>): its inbox and worker are registered under it.</summary>
    string Name { get; }

    /// <summary>Gets the receiver's options (read once, at construction).</summary>
    WebhookReceiverOptions Options { get; }

    /// <summary>Gets the durable inbox messages are stored in before processing, or null when they are processed while the sender waits.</summary>
    IWebhookInbox? Inbox { get; }

    /// <summary>Processes an incoming request: verify, parse, then handle it (or store it in the inbox).</summary>
    /// <param name="request">The raw request.</param>
    /// <param name="cancellationToken">The request's abort token.</param>
    /// <returns>The result, with the HTTP status to answer.</returns>
    Task<WebhookResult> ProcessAsync(WebhookRequest request, CancellationToken cancellationToken = default);

    /// <summary>Processes a message taken from the inbox: parse, claim, then the handler within <paramref name="timeout"/>.</summary>
    /// <param name="delivery">The delivery (its body was verified when it was stored).</param>
    /// <param name="services">The service scope to resolve the handler from, or null for the processor's own.</param>
    /// <param name="timeout">The handler's deadline.</param>
    /// <param name="cancellationToken">Cancels processing (the worker is stopping).</param>
    /// <returns>The result: its outcome tells the worker whether to complete, retry or dead-letter the delivery.</returns>
    Task<WebhookResult> ProcessInboxDeliveryAsync(InboxDelivery delivery, IServiceProvider? services, TimeSpan timeout, CancellationToken cancellationToken = default);
}
