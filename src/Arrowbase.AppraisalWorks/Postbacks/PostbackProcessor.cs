using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;
using Valuation.Webhooks.Inbox;

namespace Arrowbase.AppraisalWorks.Postbacks;

/// <summary>
/// AppraisalWorks' adapter on the webhook engine (<see cref="WebhookProcessor{TMessage}"/>): a postback parses with
/// <see cref="PostbackEvent.Parse(ReadOnlySpan{byte})"/>, its <c>path</c> is checked against the route rebuilt from
/// its parts (<see cref="PostbackRoute"/>; a mismatch gets 400 and nothing is fetched), it is de-duplicated on
/// <c>transactionUID</c> + event (+ <c>detailId</c>, only for events whose route uses it), and then its details
/// are fetched with a signed GET on the rebuilt route and passed, typed, to the <see cref="PostbackHandler"/>. An
/// unknown event name is logged at Warning and reaches <see cref="PostbackHandler.OnUnknownEventAsync"/> without a
/// fetch. Everything else (the bounded read, the schemes, the owned and renewed claim, the deadline, the status
/// table, the log lines) is the engine's, the same as for HouseCanary. The document says the client answers 200 on
/// receipt, and a Completed fetch moves tens of megabytes: an inbox (<c>.UseInMemoryInbox()</c>,
/// <c>.UseRedisInbox(...)</c>) answers at once and fetches afterwards.
/// </summary>
public sealed class PostbackProcessor : WebhookProcessor<PostbackEvent>
{
    /// <summary>The receiver's name: its inbox, inbox options and worker are registered under it.</summary>
    public const string ReceiverName = "appraisalworks-postbacks";

    private readonly PostbackOptions _options;
    private readonly IAppraisalWorksClient? _client;
    private readonly PostbackHandler? _handler;

    /// <summary>Initializes a processor with one client and one handler instance, processing while AppraisalWorks waits.</summary>
    /// <param name="client">The client that fetches the events' details.</param>
    /// <param name="handler">The user's handler.</param>
    /// <param name="store">The de-duplication store; a private in-memory one when null.</param>
    /// <param name="options">The postback options; invalid ones throw.</param>
    /// <param name="logger">A logger, or null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <exception cref="ArgumentException">The options break a rule.</exception>
    public PostbackProcessor(IAppraisalWorksClient client, PostbackHandler handler, IMessageDeduplicationStore? store, PostbackOptions options, ILogger<PostbackProcessor>? logger = null, TimeProvider? timeProvider = null)
        : this(options, client ?? throw new ArgumentNullException(nameof(client)), handler ?? throw new ArgumentNullException(nameof(handler)), store, inbox: null, scopes: null, timeProvider, logger)
    {
    }

    /// <summary>
    /// Initializes a processor in full (the dependency-injection registration uses this): a null
    /// <paramref name="client"/> or <paramref name="handler"/> is resolved per message from the request's service
    /// scope, or from a scope of <paramref name="scopes"/>.
    /// </summary>
    /// <param name="options">The postback options; invalid ones throw.</param>
    /// <param name="client">The client, or null to resolve <see cref="IAppraisalWorksClient"/> per message.</param>
    /// <param name="handler">The handler, or null to resolve <see cref="PostbackHandler"/> per message.</param>
    /// <param name="store">The de-duplication store; a private in-memory one when null.</param>
    /// <param name="inbox">The durable inbox (accept, then process), or null.</param>
    /// <param name="scopes">Opens a service scope per message when the request brings none, or null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <param name="logger">A logger, or null.</param>
    /// <exception cref="ArgumentException">The options break a rule.</exception>
    public PostbackProcessor(PostbackOptions options, IAppraisalWorksClient? client, PostbackHandler? handler, IMessageDeduplicationStore? store, IWebhookInbox? inbox, IServiceScopeFactory? scopes, TimeProvider? timeProvider, ILogger<PostbackProcessor>? logger)
        : base(ReceiverName, "AppraisalWorks postback", options, store, inbox, scopes, timeProvider, logger)
    {
        _options = options;
        _client = client;
        _handler = handler;
    }

    /// <inheritdoc />
    protected override PostbackEvent Parse(ReadOnlyMemory<byte> body)
    {
        PostbackEvent evt;
        try
        {
            evt = PostbackEvent.Parse(body.Span);
        }
        catch (PostbackFormatException ex)
        {
            throw new WebhookMessageException(ex.Message, ex);
        }

        if (evt.IsKnown)
        {
            try
            {
                PostbackRoute.Verify(evt);
            }
            catch (PostbackRouteException ex)
            {
                throw new WebhookMessageException("The postback's path is refused; nothing is fetched: " + ex.Message, ex);
            }
        }

        return evt;
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>appraisalworks:{uid}:{event}</c> for the events whose route ignores the detailId (ExpectedDelivery,
    /// Scheduled, Rescheduled, Completed): a flood of them with different detailIds is one message, fetched once.
    /// Every other event adds <c>:{detailId}</c>.
    /// </remarks>
    protected override string GetDeduplicationKey(PostbackEvent message)
    {
        ArgumentNullException.ThrowIfNull(message);
        string name = message.KnownName ?? Printable(message.EventName, 128);
        return IgnoresDetail(message)
            ? string.Create(CultureInfo.InvariantCulture, $"appraisalworks:{message.TransactionUid}:{name}")
            : string.Create(CultureInfo.InvariantCulture, $"appraisalworks:{message.TransactionUid}:{name}:{message.DetailId}");
    }

    /// <inheritdoc />
    protected override bool IsUnknown(PostbackEvent message) => message is { IsKnown: false };

    /// <inheritdoc />
    protected override string GetMessageType(PostbackEvent message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.KnownName ?? Printable(message.EventName);
    }

    /// <inheritdoc />
    protected override TimeSpan GetRetention(PostbackEvent message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.DetailId == 0 || IgnoresDetail(message) ? _options.RepeatableEventDeduplicationWindow : _options.DeduplicationRetention;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Adds <c>appraisalworks.transaction_uid</c>, <c>appraisalworks.event</c> and <c>appraisalworks.detail_id</c>.
    /// The fetch of the event's details runs inside this span, so its span (and its HTTP span) is a child of it.
    /// </remarks>
    protected override void EnrichActivity(Activity activity, PostbackEvent message)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(message);
        activity.SetTag("appraisalworks.transaction_uid", Printable(message.TransactionUid, 128));
        activity.SetTag("appraisalworks.event", message.KnownName ?? Printable(message.EventName));
        activity.SetTag("appraisalworks.detail_id", message.DetailId);
    }

    /// <inheritdoc />
    protected override async Task HandleAsync(PostbackEvent message, IServiceProvider? services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var handler = _handler
            ?? services?.GetService<PostbackHandler>()
            ?? throw new InvalidOperationException("No AppraisalWorks postback handler is registered; call services.AddAppraisalWorksPostbacks<THandler>(...).");
        if (!message.IsKnown)
        {
            await handler.OnUnknownEventAsync(message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var client = _client
            ?? services?.GetService<IAppraisalWorksClient>()
            ?? throw new InvalidOperationException("No IAppraisalWorksClient is registered to fetch the postback's details; call services.AddAppraisalWorks(...).");
        var opened = new List<Stream>();
        AppraisalWorksResponse details;
        try
        {
            details = await client.FetchEventAsync(
                message,
                async (file, ct) =>
                {
                    var stream = await handler.OpenDocumentStreamAsync(message, file, ct).ConfigureAwait(false);
                    opened.Add(stream);
                    return stream;
                },
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var stream in opened)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }

        await DispatchAsync(handler, message, details, cancellationToken).ConfigureAwait(false);
    }

    private static bool IgnoresDetail(PostbackEvent message) =>
        message.KnownName is { } name && PostbackEventNames.WithoutDetail.Contains(name);

    private static Task DispatchAsync(PostbackHandler handler, PostbackEvent evt, AppraisalWorksResponse data, CancellationToken ct) => data switch
    {
        CommentDetails d => handler.OnCommentsAsync(evt, d, ct),
        DocumentDetails d => handler.OnDocumentsAsync(evt, d, ct),
        HoldDetails d => handler.OnHoldAsync(evt, d, ct),
        ResumeDetails d => handler.OnResumeAsync(evt, d, ct),
        CancelDetails d => handler.OnCancelAsync(evt, d, ct),
        AssignmentDetails d => handler.OnAssignmentAsync(evt, d, ct),
        FeeChangeDetails d => handler.OnFeeChangedAsync(evt, d, ct),
        ExpectedDeliveryDetails d => handler.OnExpectedDeliveryAsync(evt, d, ct),
        AppointmentDetails d when evt.KnownName == PostbackEventNames.Rescheduled => handler.OnRescheduledAsync(evt, d, ct),
        AppointmentDetails d => handler.OnScheduledAsync(evt, d, ct),
        CompletedReport d => handler.OnCompletedAsync(evt, d, ct),
        _ => throw new InvalidOperationException($"No handler method for {data.GetType().Name}."),
    };
}
