using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;
using Valuation.Webhooks.Inbox;

namespace HouseCanary.OrderManager.Callouts;

/// <summary>
/// HouseCanary's adapter on the webhook engine (<see cref="WebhookProcessor{TMessage}"/>): a callout parses with
/// <see cref="CalloutParser"/>, is de-duplicated on its <c>message_id</c>, and reaches the
/// <see cref="CalloutHandler"/> method of its type (an unknown <c>message_type</c> is logged at Warning and reaches
/// <see cref="CalloutHandler.OnUnknownMessageAsync"/>). Everything else (the bounded read, the four schemes, the
/// claim with an owner token renewed while the handler runs, the deadline, the status table, the log lines) is
/// the engine's, the same as for AppraisalWorks. Needs no ASP.NET Core: answer with
/// <see cref="WebhookResult.StatusCode"/> and <see cref="WebhookResult.ResponseText"/>, or map it with
/// <c>app.MapHouseCanaryCallouts()</c> (package HouseCanary.OrderManager.AspNetCore).
/// </summary>
public sealed class CalloutProcessor : WebhookProcessor<CalloutMessage>
{
    /// <summary>The receiver's name: its inbox, inbox options and worker are registered under it.</summary>
    public const string ReceiverName = "housecanary-callouts";

    private readonly CalloutParser _parser = new();
    private readonly CalloutHandler? _handler;

    /// <summary>Initializes a processor that dispatches to one handler instance, processing while HouseCanary waits.</summary>
    /// <param name="options">The callout options; invalid ones throw.</param>
    /// <param name="handler">The user's handler.</param>
    /// <param name="store">Remembers claimed and processed <c>message_id</c>s; a private in-memory store when null.</param>
    /// <param name="timeProvider">The clock of the deadline and the claim's lease; the system clock when null.</param>
    /// <param name="logger">A logger, or null.</param>
    /// <exception cref="ArgumentException">The options break a rule of HouseCanary's or of the engine's.</exception>
    public CalloutProcessor(CalloutOptions options, CalloutHandler handler, IMessageDeduplicationStore? store = null, TimeProvider? timeProvider = null, ILogger<CalloutProcessor>? logger = null)
        : this(options, handler ?? throw new ArgumentNullException(nameof(handler)), store, inbox: null, scopes: null, timeProvider, logger)
    {
    }

    /// <summary>
    /// Initializes a processor in full (the dependency-injection registration uses this): with no
    /// <paramref name="handler"/>, the <see cref="CalloutHandler"/> is resolved per message from the request's
    /// service scope, or from a scope of <paramref name="scopes"/>.
    /// </summary>
    /// <param name="options">The callout options; invalid ones throw.</param>
    /// <param name="handler">The user's handler, or null to resolve it per message.</param>
    /// <param name="store">The de-duplication store; a private in-memory one when null.</param>
    /// <param name="inbox">The durable inbox (accept, then process), or null to process while HouseCanary waits.</param>
    /// <param name="scopes">Opens a service scope per message when the request brings none, or null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="logger">A logger, or null.</param>
    /// <exception cref="ArgumentException">The options break a rule of HouseCanary's or of the engine's.</exception>
    public CalloutProcessor(CalloutOptions options, CalloutHandler? handler, IMessageDeduplicationStore? store, IWebhookInbox? inbox, IServiceScopeFactory? scopes, TimeProvider? timeProvider, ILogger<CalloutProcessor>? logger)
        : base(ReceiverName, "HouseCanary callout", options, store, inbox, scopes, timeProvider, logger)
    {
        _handler = handler;
    }

    /// <inheritdoc />
    protected override CalloutMessage Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return _parser.Parse(body);
        }
        catch (CalloutParseException ex)
        {
            throw new WebhookMessageException(ex.Message, ex);
        }
    }

    /// <inheritdoc />
    protected override string GetDeduplicationKey(CalloutMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return string.Create(CultureInfo.InvariantCulture, $"housecanary:{message.MessageId}");
    }

    /// <inheritdoc />
    protected override bool IsUnknown(CalloutMessage message) => message is UnknownCalloutMessage;

    /// <inheritdoc />
    protected override string GetMessageType(CalloutMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.MessageType;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Adds <c>messaging.message.id</c> (the callout's <c>message_id</c>), <c>housecanary.order.id</c> and, for item
    /// callouts, <c>housecanary.order_item.id</c>. Never the <c>download_url</c> (a pre-signed URL) or the report.
    /// </remarks>
    protected override void EnrichActivity(Activity activity, CalloutMessage message)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(message);
        if (!string.IsNullOrEmpty(message.MessageId))
        {
            activity.SetTag("messaging.message.id", Printable(message.MessageId, 128));
        }

        if (!message.OrderId.IsEmpty)
        {
            activity.SetTag("housecanary.order.id", Printable(message.OrderId.Value, 128));
        }

        var item = message switch
        {
            OrderItemStatusChangeMessage m => m.OrderItemId,
            OrderCompleteMessage m => m.OrderItemId,
            _ => default,
        };
        if (!item.IsEmpty)
        {
            activity.SetTag("housecanary.order_item.id", Printable(item.Value, 128));
        }
    }

    /// <inheritdoc />
    protected override Task HandleAsync(CalloutMessage message, IServiceProvider? services, CancellationToken cancellationToken)
    {
        var handler = _handler
            ?? services?.GetService<CalloutHandler>()
            ?? throw new InvalidOperationException("No HouseCanary callout handler is registered; call services.AddHouseCanaryCallouts<THandler>(...).");
        return message switch
        {
            OrderStatusChangeMessage m => handler.OnOrderStatusChangeAsync(m, cancellationToken),
            OrderItemStatusChangeMessage m => handler.OnOrderItemStatusChangeAsync(m, cancellationToken),
            OrderCompleteMessage m => handler.OnOrderCompleteAsync(m, cancellationToken),
            UnknownCalloutMessage m => handler.OnUnknownMessageAsync(m, cancellationToken),
            _ => throw new InvalidOperationException($"No dispatch for {message.GetType().Name}."),
        };
    }
}
