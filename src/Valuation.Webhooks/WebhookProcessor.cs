using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Shared.Signing;
using Valuation.Webhooks.Deduplication;
using Valuation.Webhooks.Diagnostics;
using Valuation.Webhooks.Inbox;
using Valuation.Webhooks.Reading;

namespace Valuation.Webhooks;

/// <summary>
/// The one webhook engine. Every vendor's processor derives from it and supplies only what is the vendor's own:
/// how a verified body parses, what its de-duplication key is, and how it reaches the user's handler.
/// </summary>
/// <remarks>
/// <para>The pipeline: bounded read (a declared length past <see cref="WebhookReceiverOptions.MaxBodyBytes"/> gets 413
/// before a byte is read, a streamed one as soon as it passes it) → authenticate (credentials before the body; the
/// Signature scheme's HMACs while the body streams in, holding at most
/// <see cref="WebhookReceiverOptions.BufferThresholdBytes"/> of an unverified body in memory) → parse → de-duplication
/// key → either store it in the durable inbox and answer 2xx, or claim it → the handler, with a deadline, while the
/// claim is renewed → complete the claim (or release it on failure).</para>
/// <para>Exactly-once: a claim carries an owner token, so complete and release act only on their own claim; a
/// redelivery that arrives while the first run is in progress gets 409, so the sender keeps its copy; a handler
/// that outlives its deadline keeps (and renews) its claim until it ends, then completes or releases it.</para>
/// <para>Thread-safe; create one per receiver and share it.</para>
/// </remarks>
/// <typeparam name="TMessage">The vendor's parsed message type.</typeparam>
public abstract class WebhookProcessor<TMessage> : IWebhookProcessor
    where TMessage : class
{
    private readonly RequestAuthenticator _authenticator;
    private readonly IMessageDeduplicationStore _store;
    private readonly IServiceScopeFactory? _scopes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<Task, byte> _lateHandlers = new();

    /// <summary>Initializes the engine for one receiver.</summary>
    /// <param name="name">The receiver's name, such as <c>housecanary-callouts</c> (its inbox and worker are registered under it).</param>
    /// <param name="displayName">How log lines name one message, such as <c>HouseCanary callout</c>.</param>
    /// <param name="options">The receiver's options, read once; invalid ones throw.</param>
    /// <param name="store">The de-duplication store; a private in-memory one when null.</param>
    /// <param name="inbox">The durable inbox to store messages in before processing, or null to process while the sender waits.</param>
    /// <param name="scopes">Opens a service scope per message when the request brings none (dependency injection), or null.</param>
    /// <param name="timeProvider">The clock of deadlines and leases; the system clock when null.</param>
    /// <param name="logger">The logger; none when null.</param>
    /// <exception cref="ArgumentException">The options break a rule (the message lists every one, never a secret).</exception>
    protected WebhookProcessor(
        string name,
        string displayName,
        WebhookReceiverOptions options,
        IMessageDeduplicationStore? store,
        IWebhookInbox? inbox,
        IServiceScopeFactory? scopes,
        TimeProvider? timeProvider,
        ILogger? logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(displayName);
        ArgumentNullException.ThrowIfNull(options);
        var failures = options.Validate();
        if (failures.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", failures), nameof(options));
        }

        Name = name;
        DisplayName = displayName;
        Options = options;
        Inbox = inbox;
        _time = timeProvider ?? TimeProvider.System;
        _store = store ?? new InMemoryMessageDeduplicationStore(timeProvider: _time);
        _scopes = scopes;
        _logger = logger ?? NullLogger.Instance;
        _authenticator = new RequestAuthenticator(options);
        if (options.Scheme == WebhookAuthenticationScheme.None)
        {
            WebhookLog.WithoutAuthentication(_logger, displayName, options.ConfigurationPath);
        }
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Gets how log lines name one message, such as <c>HouseCanary callout</c>.</summary>
    public string DisplayName { get; }

    /// <inheritdoc />
    public WebhookReceiverOptions Options { get; }

    /// <inheritdoc />
    public IWebhookInbox? Inbox { get; }

    /// <summary>Processes an incoming request: verify, parse, then handle it (or store it in the inbox).</summary>
    /// <param name="request">The raw request.</param>
    /// <param name="cancellationToken">
    /// The request's abort token. When it fires, the cancellation propagates; a handler that still runs keeps its
    /// claim until it ends, so a redelivery cannot run it twice.
    /// </param>
    /// <returns>The result, with the HTTP status to answer and the short text to answer with.</returns>
    public Task<WebhookResult<TMessage>> ProcessAsync(WebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Nothing listens: no span, no counters, not even a wrapping state machine on the hot path.
        return WebhookDiagnostics.Source.HasListeners() || WebhookDiagnostics.Processed.Enabled || WebhookDiagnostics.Duplicates.Enabled
            ? ProcessObservedAsync(request, cancellationToken)
            : ProcessRequestAsync(request, cancellationToken);
    }

    private async Task<WebhookResult<TMessage>> ProcessObservedAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        Activity? activity = WebhookDiagnostics.Source.HasListeners() ? StartActivity(attempt: null) : null;
        try
        {
            var result = await ProcessRequestAsync(request, cancellationToken).ConfigureAwait(false);
            Record(activity, result);
            return result;
        }
        catch (Exception ex)
        {
            RecordAbort(activity, ex);
            throw;
        }
        finally
        {
            activity?.Dispose();
        }
    }

    private async Task<WebhookResult<TMessage>> ProcessRequestAsync(WebhookRequest request, CancellationToken cancellationToken)
    {
        long max = Options.MaxBodyBytes;
        if (request.DeclaredLength > max)
        {
            return Reject(WebhookOutcome.PayloadTooLarge, string.Create(CultureInfo.InvariantCulture, $"The body declares {request.DeclaredLength} bytes; the limit is {max}."));
        }

        byte[] presented = new byte[Hmac.MaxHashSizeInBytes];
        var early = _authenticator.CheckBeforeBody(request, presented, out int presentedLength);
        if (!early.IsValid)
        {
            return Unauthorized(early);
        }

        IncrementalHash[]? hashes = _authenticator.SignsBody ? _authenticator.RentHashes() : null;
        BufferedBody? body = null;
        try
        {
            var (status, read) = await BodyReader.ReadAsync(
                request,
                max,
                hashes is null ? int.MaxValue : Options.BufferThresholdBytes,
                hashes,
                Options.BodyReadTimeout,
                _time,
                cancellationToken).ConfigureAwait(false);
            switch (status)
            {
                case BodyReadStatus.TooLarge:
                    return Reject(WebhookOutcome.PayloadTooLarge, string.Create(CultureInfo.InvariantCulture, $"The body exceeds the limit of {max} bytes."));
                case BodyReadStatus.TimedOut:
                    return Reject(WebhookOutcome.RequestTimeout, string.Create(CultureInfo.InvariantCulture, $"The body did not arrive within {Options.BodyReadTimeout}."));
                default:
                    body = read!;
                    break;
            }

            if (hashes is not null)
            {
                var verification = RequestAuthenticator.FinishSignature(hashes, presented.AsSpan(0, presentedLength));
                if (!verification.IsValid)
                {
                    return Unauthorized(verification);
                }
            }

            ReadOnlyMemory<byte> bytes = await body.ToMemoryAsync(cancellationToken).ConfigureAwait(false);
            return await ProcessVerifiedAsync(bytes, request.Services, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (hashes is not null)
            {
                _authenticator.ReturnHashes(hashes);
            }

            body?.Dispose();
        }
    }

    /// <inheritdoc />
    async Task<WebhookResult> IWebhookProcessor.ProcessAsync(WebhookRequest request, CancellationToken cancellationToken) =>
        await ProcessAsync(request, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async Task<WebhookResult> ProcessInboxDeliveryAsync(InboxDelivery delivery, IServiceProvider? services, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        Activity? activity = WebhookDiagnostics.Source.HasListeners() ? StartActivity(delivery.Attempts + 1) : null;
        try
        {
            WebhookResult<TMessage> result;
            TMessage message;
            try
            {
                message = Parse(delivery.Body);
            }
            catch (WebhookMessageException ex)
            {
                result = new WebhookResult<TMessage>(WebhookOutcome.Malformed, "The stored message no longer parses: " + ex.Message, deduplicationKey: delivery.DeduplicationKey);
                Record(activity, result);
                return result;
            }

            result = await RunAsync(message, delivery.DeduplicationKey, services, timeout, cancellationToken).ConfigureAwait(false);
            Record(activity, result);
            return result;
        }
        catch (Exception ex)
        {
            RecordAbort(activity, ex);
            throw;
        }
        finally
        {
            activity?.Dispose();
        }
    }

    /// <summary>Parses a verified body.</summary>
    /// <param name="body">The raw, verified body.</param>
    /// <returns>The message.</returns>
    /// <exception cref="WebhookMessageException">The body is not a valid message, or names a route that is refused.</exception>
    protected abstract TMessage Parse(ReadOnlyMemory<byte> body);

    /// <summary>Gets a message's de-duplication key (a redelivery has the same one).</summary>
    /// <param name="message">The message.</param>
    /// <returns>The key, prefixed with the vendor's name.</returns>
    protected abstract string GetDeduplicationKey(TMessage message);

    /// <summary>Gets whether a message is of a type this version does not know (logged at Warning, answered 200).</summary>
    /// <param name="message">The message.</param>
    /// <returns>True for an unknown type.</returns>
    protected virtual bool IsUnknown(TMessage message) => false;

    /// <summary>Gets a message's type as log lines name it.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The type, such as <c>order_complete</c>.</returns>
    protected virtual string GetMessageType(TMessage message) => typeof(TMessage).Name;

    /// <summary>Gets how long a processed message is remembered.</summary>
    /// <param name="message">The message.</param>
    /// <returns><see cref="WebhookReceiverOptions.DeduplicationRetention"/> unless the vendor says otherwise.</returns>
    protected virtual TimeSpan GetRetention(TMessage message) => Options.DeduplicationRetention;

    /// <summary>
    /// Adds the vendor's own attributes to the span of a processed message, such as <c>messaging.message.id</c> and
    /// the order's ids. Called only while the span records (an <see cref="ActivityListener"/> or OpenTelemetry
    /// listens to <see cref="WebhookTelemetry.SourceName"/>). Never add a secret, a credential or a URL's query.
    /// </summary>
    /// <param name="activity">The span (kind <see cref="ActivityKind.Consumer"/>, named <c>process {receiver}</c>).</param>
    /// <param name="message">The parsed message.</param>
    protected virtual void EnrichActivity(Activity activity, TMessage message)
    {
    }

    /// <summary>Runs the user's handler for a claimed message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="services">The service scope to resolve the handler from, or null when there is none.</param>
    /// <param name="cancellationToken">Cancelled at the deadline, when the request is aborted, or when the claim is lost.</param>
    /// <returns>A task that completes when handled; a fault makes the sender redeliver.</returns>
    protected abstract Task HandleAsync(TMessage message, IServiceProvider? services, CancellationToken cancellationToken);

    /// <summary>Makes text that came from a sender safe for a log line or a key: control characters become <c>?</c>, and it is cut to <paramref name="maxLength"/>.</summary>
    /// <param name="value">The text.</param>
    /// <param name="maxLength">The longest result.</param>
    /// <returns>The printable text.</returns>
    protected static string Printable(string? value, int maxLength = 64)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var chars = value.Length > maxLength ? value.AsSpan(0, maxLength).ToArray() : value.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsControl(chars[i]) || char.IsSurrogate(chars[i]))
            {
                chars[i] = '?';
            }
        }

        return new string(chars);
    }

    /// <summary>Waits for handlers that outlived their deadline to end and settle their claims (for tests and shutdown).</summary>
    /// <returns>A task that completes when none is left.</returns>
    public async Task WhenLateHandlersSettledAsync()
    {
        while (!_lateHandlers.IsEmpty)
        {
            await Task.WhenAll(_lateHandlers.Keys).ConfigureAwait(false);
        }
    }

    private async Task<WebhookResult<TMessage>> ProcessVerifiedAsync(ReadOnlyMemory<byte> body, IServiceProvider? services, CancellationToken cancellationToken)
    {
        TMessage message;
        try
        {
            message = Parse(body);
        }
        catch (WebhookMessageException ex)
        {
            return Reject(WebhookOutcome.Malformed, ex.Message);
        }

        string key = GetDeduplicationKey(message);
        if (Inbox is { } inbox)
        {
            string id;
            try
            {
                id = await inbox.EnqueueAsync(key, body, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                WebhookLog.StoreUnavailable(_logger, ex, DisplayName, key, "inbox", "enqueue", WebhookResult.GetStatusCode(WebhookOutcome.StoreUnavailable));
                return new(WebhookOutcome.StoreUnavailable, $"The inbox failed to store {key} ({ex.GetType().Name}); nothing was accepted.", message, key, ex);
            }

            string type = GetMessageType(message);
            WebhookLog.Settled(_logger, DisplayName, key, type, WebhookOutcome.Accepted);
            return new(WebhookOutcome.Accepted, $"Stored in the inbox as {id}.", message, key);
        }

        return await RunAsync(message, key, services, Options.ProcessingTimeout, cancellationToken).ConfigureAwait(false);
    }

    private async Task<WebhookResult<TMessage>> RunAsync(TMessage message, string key, IServiceProvider? services, TimeSpan deadline, CancellationToken cancellationToken)
    {
        string type = GetMessageType(message);
        ClaimResult claim;
        try
        {
            claim = await _store.TryClaimAsync(key, Options.ClaimLease, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            WebhookLog.StoreUnavailable(_logger, ex, DisplayName, key, "de-duplication store", "claim", WebhookResult.GetStatusCode(WebhookOutcome.StoreUnavailable));
            return new(WebhookOutcome.StoreUnavailable, $"The de-duplication store failed to claim {key} ({ex.GetType().Name}); nothing was processed.", message, key, ex);
        }

        if (claim.Status == ClaimStatus.AlreadyProcessed)
        {
            WebhookLog.Settled(_logger, DisplayName, key, type, WebhookOutcome.Duplicate);
            return new(WebhookOutcome.Duplicate, $"{key} was already processed.", message, key);
        }

        if (claim.Status != ClaimStatus.Claimed || claim.Claim is not { } held)
        {
            WebhookLog.InProgress(_logger, DisplayName, key, WebhookResult.GetStatusCode(WebhookOutcome.InProgress));
            return new(WebhookOutcome.InProgress, $"An earlier delivery of {key} is still being processed.", message, key);
        }

        bool unknown = IsUnknown(message);
        if (unknown)
        {
            WebhookLog.Unknown(_logger, DisplayName, key, type);
        }

        var handlerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        int lost = 0;
        long started = WebhookDiagnostics.HandlerDuration.Enabled ? _time.GetTimestamp() : 0;
        Task handler = InvokeHandlerAsync(message, services, handlerCancellation.Token);
        LeaseRenewal? renewal = null;
        try
        {
            if (handler.IsCompleted)
            {
                // Done before its first await: no lease to keep alive, no deadline to watch.
                await handler.ConfigureAwait(false);
            }
            else
            {
                renewal = LeaseRenewal.ForClaim(
                    _store,
                    held,
                    Options.ClaimLease,
                    _time,
                    onLost: () =>
                    {
                        Volatile.Write(ref lost, 1);
                        WebhookLog.ClaimLost(_logger, DisplayName, key);
                        handlerCancellation.Cancel();
                    },
                    onError: ex => WebhookLog.RenewalFailed(_logger, ex, DisplayName, key));

                // A handler that ignores its token still cannot hold the answer beyond the deadline.
                await handler.WaitAsync(deadline, _time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex)
        {
            TimeSpan ran = started != 0 ? _time.GetElapsedTime(started) : TimeSpan.Zero;
            await handlerCancellation.CancelAsync().ConfigureAwait(false);
            if (handler.IsCompleted)
            {
                if (renewal is not null)
                {
                    await renewal.DisposeAsync().ConfigureAwait(false);
                }

                handlerCancellation.Dispose();
                await ReleaseAsync(held).ConfigureAwait(false);
            }
            else
            {
                // The handler still runs: keep (and renew) the claim until it ends, so that a redelivery meanwhile
                // gets 409 instead of a second run; then complete or release it.
                TrackLate(FinishLateAsync(handler, held, GetRetention(message), renewal!, handlerCancellation));
            }

            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                RecordHandlerDuration(started, ran, type, unknown, "cancelled");
                throw;
            }

            if (ex is TimeoutException)
            {
                RecordHandlerDuration(started, ran, type, unknown, WebhookDiagnostics.OutcomeName(WebhookOutcome.TimedOut));
                WebhookLog.TimedOut(_logger, DisplayName, key, type, deadline);
                return new(WebhookOutcome.TimedOut, string.Create(CultureInfo.InvariantCulture, $"The handler did not finish {key} within {deadline}."), message, key, ex);
            }

            RecordHandlerDuration(started, ran, type, unknown, WebhookDiagnostics.OutcomeName(WebhookOutcome.HandlerFailed));
            WebhookLog.HandlerFailed(_logger, ex, DisplayName, key, type);
            string why = Volatile.Read(ref lost) == 1 ? "its claim was lost" : $"{ex.GetType().Name}: {ex.Message}";
            return new(WebhookOutcome.HandlerFailed, $"The handler failed for {key} ({why}).", message, key, ex);
        }

        var outcome = unknown ? WebhookOutcome.Unknown : WebhookOutcome.Processed;
        RecordHandlerDuration(started, started != 0 ? _time.GetElapsedTime(started) : TimeSpan.Zero, type, unknown, WebhookDiagnostics.OutcomeName(outcome));
        if (renewal is not null)
        {
            await renewal.DisposeAsync().ConfigureAwait(false);
        }

        handlerCancellation.Dispose();

        // The handler succeeded: a store failure now is logged, and the answer is still 2xx (anything else would
        // make the sender redeliver and run the handler a second time).
        await CompleteAsync(held, GetRetention(message)).ConfigureAwait(false);
        WebhookLog.Settled(_logger, DisplayName, key, type, outcome);
        return new(outcome, unknown ? $"{key} is of unknown type '{type}'; passed to the unknown-message handler." : $"{key} processed.", message, key);
    }

    private async Task InvokeHandlerAsync(TMessage message, IServiceProvider? services, CancellationToken cancellationToken)
    {
        if (services is null && _scopes is not null)
        {
            var scope = _scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                await HandleAsync(message, scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await HandleAsync(message, services, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FinishLateAsync(Task handler, MessageClaim held, TimeSpan retention, LeaseRenewal renewal, CancellationTokenSource handlerCancellation)
    {
        Exception? failure = null;
        try
        {
            await handler.ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The late handler's failure is logged; its claim is released.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }

        await renewal.DisposeAsync().ConfigureAwait(false);
        handlerCancellation.Dispose();
        WebhookLog.LateHandlerEnded(_logger, failure, DisplayName, held.Key, failure is null ? "succeeded" : "failed", failure is null ? "completed" : "released");
        if (failure is null)
        {
            await CompleteAsync(held, retention).ConfigureAwait(false);
        }
        else
        {
            await ReleaseAsync(held).ConfigureAwait(false);
        }
    }

    private void TrackLate(Task task)
    {
        _lateHandlers.TryAdd(task, 0);
        _ = task.ContinueWith(t => _lateHandlers.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task CompleteAsync(MessageClaim claim, TimeSpan retention)
    {
        try
        {
            if (!await _store.CompleteAsync(claim, retention, CancellationToken.None).ConfigureAwait(false))
            {
                WebhookLog.ClaimTakenOver(_logger, DisplayName, claim.Key, "complete");
            }
        }
#pragma warning disable CA1031 // The handler ran: a store failure now must not turn into a redelivery.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WebhookLog.ClaimNotSettled(_logger, ex, DisplayName, claim.Key, "complete");
        }
    }

    private async Task ReleaseAsync(MessageClaim claim)
    {
        try
        {
            if (!await _store.ReleaseAsync(claim, CancellationToken.None).ConfigureAwait(false))
            {
                WebhookLog.ClaimTakenOver(_logger, DisplayName, claim.Key, "release");
            }
        }
#pragma warning disable CA1031 // A failed release must not hide the failure being reported; the claim expires by its lease.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            WebhookLog.ClaimNotSettled(_logger, ex, DisplayName, claim.Key, "release");
        }
    }

    private WebhookResult<TMessage> Unauthorized(VerificationResult verification)
    {
        if (WebhookDiagnostics.VerificationFailures.Enabled || WebhookDiagnostics.Source.HasListeners())
        {
            string reason = WebhookDiagnostics.FailureName(verification.Failure);
            WebhookDiagnostics.VerificationFailures.Add(1, new(WebhookTelemetry.ReceiverAttribute, Name), new(WebhookTelemetry.VerificationFailureAttribute, reason));
            if (Activity.Current is { IsAllDataRequested: true } current && ReferenceEquals(current.Source, WebhookDiagnostics.Source))
            {
                current.SetTag(WebhookTelemetry.VerificationFailureAttribute, reason);
            }
        }

        return Reject(WebhookOutcome.Unauthorized, $"{Options.Scheme} authentication failed ({verification.Failure}): {verification.Message}");
    }

    private Activity? StartActivity(int? attempt)
    {
        var activity = WebhookDiagnostics.Source.StartActivity("process " + Name, ActivityKind.Consumer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.destination.name", Name);
            activity.SetTag(WebhookTelemetry.ReceiverAttribute, Name);
            if (attempt is { } n)
            {
                activity.SetTag(WebhookTelemetry.AttemptAttribute, n);
            }
        }

        return activity;
    }

    private void Record(Activity? activity, WebhookResult<TMessage> result)
    {
        var outcome = result.Outcome;
        string outcomeName = WebhookDiagnostics.OutcomeName(outcome);
        bool duplicate = outcome is WebhookOutcome.Duplicate or WebhookOutcome.InProgress;
        string? metricType = null;
        if (result.Message is { } parsed && (WebhookDiagnostics.Processed.Enabled || (duplicate && WebhookDiagnostics.Duplicates.Enabled)))
        {
            metricType = IsUnknown(parsed) ? WebhookDiagnostics.OtherMessageType : GetMessageType(parsed);
        }

        if (WebhookDiagnostics.Processed.Enabled)
        {
            var tags = new TagList { { WebhookTelemetry.ReceiverAttribute, Name }, { WebhookTelemetry.OutcomeAttribute, outcomeName } };
            if (metricType is not null)
            {
                tags.Add(WebhookTelemetry.MessageTypeAttribute, metricType);
            }

            WebhookDiagnostics.Processed.Add(1, in tags);
        }

        if (duplicate && WebhookDiagnostics.Duplicates.Enabled)
        {
            var tags = new TagList { { WebhookTelemetry.ReceiverAttribute, Name }, { WebhookTelemetry.OutcomeAttribute, outcomeName } };
            if (metricType is not null)
            {
                tags.Add(WebhookTelemetry.MessageTypeAttribute, metricType);
            }

            WebhookDiagnostics.Duplicates.Add(1, in tags);
        }

        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }

        if (outcome == WebhookOutcome.Accepted)
        {
            activity.DisplayName = "receive " + Name;
            activity.SetTag("messaging.operation.type", "receive");
        }

        activity.SetTag(WebhookTelemetry.OutcomeAttribute, outcomeName);
        activity.SetTag(WebhookTelemetry.DuplicateAttribute, duplicate);
        activity.SetTag("http.response.status_code", result.StatusCode);
        if (result.DeduplicationKey is { } key)
        {
            activity.SetTag(WebhookTelemetry.DeduplicationKeyAttribute, key);
        }

        if (result.Message is { } message)
        {
            activity.SetTag(WebhookTelemetry.MessageTypeAttribute, GetMessageType(message));
            EnrichActivity(activity, message);
        }

        if (!result.IsSuccess)
        {
            activity.SetTag("error.type", result.Exception?.GetType().FullName ?? outcomeName);
            activity.SetStatus(ActivityStatusCode.Error, outcomeName);
        }
    }

    private void RecordAbort(Activity? activity, Exception exception)
    {
        if (WebhookDiagnostics.Processed.Enabled)
        {
            WebhookDiagnostics.Processed.Add(1, new(WebhookTelemetry.ReceiverAttribute, Name), new(WebhookTelemetry.OutcomeAttribute, "cancelled"));
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(WebhookTelemetry.OutcomeAttribute, "cancelled");
            activity.SetTag("error.type", exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, "cancelled");
        }
    }

    private void RecordHandlerDuration(long started, TimeSpan ran, string type, bool unknown, string outcome)
    {
        if (started != 0 && WebhookDiagnostics.HandlerDuration.Enabled)
        {
            WebhookDiagnostics.HandlerDuration.Record(
                ran.TotalSeconds,
                new(WebhookTelemetry.ReceiverAttribute, Name),
                new(WebhookTelemetry.MessageTypeAttribute, unknown ? WebhookDiagnostics.OtherMessageType : type),
                new(WebhookTelemetry.OutcomeAttribute, outcome));
        }
    }

    private WebhookResult<TMessage> Reject(WebhookOutcome outcome, string reason)
    {
        WebhookLog.Rejected(_logger, DisplayName, WebhookResult.GetStatusCode(outcome), outcome, reason);
        return new WebhookResult<TMessage>(outcome, reason);
    }
}
