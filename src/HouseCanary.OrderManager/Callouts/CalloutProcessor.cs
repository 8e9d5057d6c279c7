using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Shared.Signing.Deduplication;

namespace HouseCanary.OrderManager.Callouts;

/// <summary>
/// Processes one callout end to end: enforce the body size limit while reading, verify on the raw bytes (fail
/// closed), parse, claim the <c>message_id</c> (de-duplication), dispatch to the <see cref="CalloutHandler"/>, then
/// complete the claim (or release it on failure so HouseCanary's redelivery is processed; a handler that overruns
/// its timeout keeps the claim until it ends). Failures of the store after the handler ran are logged, never
/// turned into a second run. Needs no ASP.NET Core;
/// answer HouseCanary with <see cref="CalloutProcessingResult.StatusCode"/>.
/// </summary>
public sealed partial class CalloutProcessor
{
    private const int InitialBufferSize = 64 * 1024;
    private static readonly TimeSpan MinimumClaimLease = TimeSpan.FromMinutes(4);

    private readonly CalloutVerifier _verifier;
    private readonly CalloutParser _parser;
    private readonly IMessageDeduplicationStore _store;
    private readonly CalloutHandler _handler;
    private readonly CalloutOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Initializes a processor.</summary>
    /// <param name="verifier">Authenticates callouts.</param>
    /// <param name="parser">Parses callouts.</param>
    /// <param name="store">Remembers processed <c>message_id</c>s.</param>
    /// <param name="handler">The user's handler.</param>
    /// <param name="options">Size limit, retention and timeout.</param>
    /// <param name="timeProvider">The clock for the processing timeout; the system clock when null.</param>
    /// <param name="logger">A logger, or null.</param>
    public CalloutProcessor(
        CalloutVerifier verifier,
        CalloutParser parser,
        IMessageDeduplicationStore store,
        CalloutHandler handler,
        CalloutOptions options,
        TimeProvider? timeProvider = null,
        ILogger<CalloutProcessor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(options);
        _verifier = verifier;
        _parser = parser;
        _store = store;
        _handler = handler;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Processes a callout.</summary>
    /// <param name="request">The raw callout.</param>
    /// <param name="cancellationToken">
    /// The request's abort token. When it fires the cancellation propagates; the claim is released once the
    /// handler has ended (it is kept while the handler still runs, so a redelivery cannot run it twice).
    /// </param>
    /// <returns>The outcome and the HTTP status to answer.</returns>
    public async Task<CalloutProcessingResult> ProcessAsync(CalloutRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        long max = _options.MaxBodyBytes;
        if (request.DeclaredLength > max)
        {
            return Reject(CalloutOutcome.PayloadTooLarge, $"The callout body declares {request.DeclaredLength} bytes; the limit is {max}.");
        }

        // Basic, Header and QueryString credentials do not depend on the body: check them before reading a byte
        // of it, so an unauthenticated sender cannot make the processor buffer up to MaxBodyBytes.
        bool signsBody = _verifier.Scheme == CalloutAuthenticationScheme.Signature;
        if (!signsBody)
        {
            var early = _verifier.Verify(ReadOnlySpan<byte>.Empty, request.GetHeader, request.QueryString);
            if (!early.IsValid)
            {
                return Reject(CalloutOutcome.Unauthorized, $"The callout failed {_verifier.Scheme} authentication: {early.Message}");
            }
        }

        ReadOnlyMemory<byte> body;
        if (request.BodyBytes is { } bytes)
        {
            body = bytes;
        }
        else
        {
            var read = await ReadLimitedAsync(request.BodyStream!, max, cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                return Reject(CalloutOutcome.PayloadTooLarge, $"The callout body exceeds the limit of {max} bytes.");
            }

            body = read.Value;
        }

        if (signsBody)
        {
            var verification = _verifier.Verify(body.Span, request.GetHeader, request.QueryString);
            if (!verification.IsValid)
            {
                return Reject(CalloutOutcome.Unauthorized, $"The callout failed {_verifier.Scheme} authentication: {verification.Message}");
            }
        }

        CalloutMessage message;
        try
        {
            message = _parser.Parse(body);
        }
        catch (CalloutParseException ex)
        {
            return Reject(CalloutOutcome.BadRequest, ex.Message);
        }

        string key = message.MessageId!;
        DeduplicationClaim claim;
        try
        {
            claim = await _store.TryClaimAsync(key, ClaimLease, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStoreFailed(_logger, ex, "claim", key);
            return new CalloutProcessingResult(CalloutOutcome.HandlerFailed, "The de-duplication store failed; HouseCanary will redeliver.", message);
        }

        if (claim != DeduplicationClaim.Claimed)
        {
            LogDuplicate(_logger, key, claim);
            return new CalloutProcessingResult(
                CalloutOutcome.Duplicate,
                claim == DeduplicationClaim.AlreadyProcessed ? "Already processed." : "Another delivery of this message is being processed.",
                message);
        }

        var timeout = new CancellationTokenSource(_options.ProcessingTimeout, _time);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Task handlerTask = StartHandler(message, linked.Token);
        try
        {
            // A handler that ignores its token still cannot hold the answer beyond the timeout.
            await handlerTask.WaitAsync(_options.ProcessingTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (handlerTask.IsCompleted)
            {
                linked.Dispose();
                timeout.Dispose();
                if (handlerTask.IsCompletedSuccessfully)
                {
                    await CompleteClaimAsync(key).ConfigureAwait(false);
                }
                else
                {
                    await ReleaseClaimAsync(key).ConfigureAwait(false);
                }
            }
            else
            {
                // The handler still runs (it ignored or has not yet seen its cancelled token): keep the claim
                // until it ends, then complete or release it, so a redelivery cannot run it a second time meanwhile.
                _ = FinishAfterHandlerAsync(handlerTask, message.MessageType, key, linked, timeout);
            }

            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            bool timedOut = ex is TimeoutException or OperationCanceledException;
            LogHandlerFailed(_logger, ex, message.MessageType, key);
            return new CalloutProcessingResult(
                CalloutOutcome.HandlerFailed,
                timedOut
                    ? $"The handler did not finish within {_options.ProcessingTimeout}; HouseCanary will redeliver."
                    : $"The handler failed ({ex.GetType().Name}); HouseCanary will redeliver.",
                message);
        }

        linked.Dispose();
        timeout.Dispose();

        // The handler succeeded: a store failure now is logged, and the answer is still 200 (a 5xx would make
        // HouseCanary redeliver and run the handler a second time).
        await CompleteClaimAsync(key).ConfigureAwait(false);
        bool unknown = message is UnknownCalloutMessage;
        LogProcessed(_logger, message.MessageType, key);
        return new CalloutProcessingResult(
            unknown ? CalloutOutcome.Unknown : CalloutOutcome.Processed,
            unknown ? $"Unknown message_type '{message.MessageType}' passed to OnUnknownMessageAsync." : "Processed.",
            message);
    }

    /// <summary>
    /// Gets how long a claim holds if this process dies mid-handler: the processing timeout, but at least four
    /// minutes (HouseCanary redelivers no sooner than five minutes later, so a longer lease never delays a
    /// redelivery, and a handler that overruns its timeout keeps its claim while it still runs).
    /// </summary>
    private TimeSpan ClaimLease => _options.ProcessingTimeout > MinimumClaimLease ? _options.ProcessingTimeout : MinimumClaimLease;

    private Task StartHandler(CalloutMessage message, CancellationToken cancellationToken)
    {
        try
        {
            return message switch
            {
                OrderStatusChangeMessage m => _handler.OnOrderStatusChangeAsync(m, cancellationToken),
                OrderItemStatusChangeMessage m => _handler.OnOrderItemStatusChangeAsync(m, cancellationToken),
                OrderCompleteMessage m => _handler.OnOrderCompleteAsync(m, cancellationToken),
                UnknownCalloutMessage m => _handler.OnUnknownMessageAsync(m, cancellationToken),
                _ => throw new InvalidOperationException($"No dispatch for {message.GetType().Name}."),
            };
        }
        catch (Exception ex)
        {
            // A handler that throws before its first await.
            return Task.FromException(ex);
        }
    }

    private async Task FinishAfterHandlerAsync(Task handlerTask, string messageType, string key, CancellationTokenSource linked, CancellationTokenSource timeout)
    {
        bool succeeded;
        try
        {
            await handlerTask.ConfigureAwait(false);
            succeeded = true;
        }
        catch (Exception ex)
        {
            succeeded = false;
            LogLateHandlerFailed(_logger, ex, messageType, key);
        }
        finally
        {
            linked.Dispose();
            timeout.Dispose();
        }

        if (succeeded)
        {
            LogLateHandlerSucceeded(_logger, messageType, key);
            await CompleteClaimAsync(key).ConfigureAwait(false);
        }
        else
        {
            await ReleaseClaimAsync(key).ConfigureAwait(false);
        }
    }

    private async Task CompleteClaimAsync(string key)
    {
        try
        {
            await _store.CompleteAsync(key, _options.DeduplicationRetention, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogStoreFailed(_logger, ex, "complete", key);
        }
    }

    private async Task ReleaseClaimAsync(string key)
    {
        try
        {
            await _store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LogStoreFailed(_logger, ex, "release", key);
        }
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(Stream stream, long max, CancellationToken cancellationToken)
    {
        // Start small whatever Content-Length claims and grow as bytes actually arrive.
        byte[] buffer = new byte[(int)Math.Min(InitialBufferSize, max + 1)];
        int total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > max)
                {
                    return null;
                }

                long grown = Math.Min(Math.Min((long)buffer.Length * 2, max + 1), Array.MaxLength);
                if (grown <= buffer.Length)
                {
                    return null;
                }

                Array.Resize(ref buffer, (int)grown);
            }

            int n = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
            if (total > max)
            {
                return null;
            }
        }

        return buffer.AsMemory(0, total);
    }

    private CalloutProcessingResult Reject(CalloutOutcome outcome, string message)
    {
        LogRejected(_logger, outcome, message);
        return new CalloutProcessingResult(outcome, message);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "HouseCanary callout rejected ({Outcome}): {Reason}")]
    private static partial void LogRejected(ILogger logger, CalloutOutcome outcome, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "HouseCanary callout {MessageId} is a repeat ({Claim}); not handled again")]
    private static partial void LogDuplicate(ILogger logger, string messageId, DeduplicationClaim claim);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "HouseCanary callout handler failed for {MessageType} {MessageId}; the claim was released for redelivery")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string messageType, string messageId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "HouseCanary callout {MessageType} {MessageId} processed")]
    private static partial void LogProcessed(ILogger logger, string messageType, string messageId);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "The de-duplication store failed to {Operation} the claim of callout {MessageId}")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string operation, string messageId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "HouseCanary callout handler for {MessageType} {MessageId} finished after its timeout; the claim is completed")]
    private static partial void LogLateHandlerSucceeded(ILogger logger, string messageType, string messageId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Error, Message = "HouseCanary callout handler for {MessageType} {MessageId} failed after its timeout; the claim is released")]
    private static partial void LogLateHandlerFailed(ILogger logger, Exception exception, string messageType, string messageId);
}
