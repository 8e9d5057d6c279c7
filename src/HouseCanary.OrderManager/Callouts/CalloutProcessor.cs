using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Shared.Signing.Deduplication;

namespace HouseCanary.OrderManager.Callouts;

/// <summary>
/// Processes one callout end to end: enforce the body size limit while reading, verify on the raw bytes (fail
/// closed), parse, claim the <c>message_id</c> (de-duplication), dispatch to the <see cref="CalloutHandler"/>, then
/// complete the claim (or release it on failure so HouseCanary's redelivery is processed). Needs no ASP.NET Core;
/// answer HouseCanary with <see cref="CalloutProcessingResult.StatusCode"/>.
/// </summary>
public sealed partial class CalloutProcessor
{
    private const int InitialBufferSize = 64 * 1024;

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
    /// <param name="cancellationToken">The request's abort token. When it fires the claim is released and the cancellation propagates.</param>
    /// <returns>The outcome and the HTTP status to answer.</returns>
    public async Task<CalloutProcessingResult> ProcessAsync(CalloutRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        long max = _options.MaxBodyBytes;
        if (request.DeclaredLength > max)
        {
            return Reject(CalloutOutcome.PayloadTooLarge, $"The callout body declares {request.DeclaredLength} bytes; the limit is {max}.");
        }

        ReadOnlyMemory<byte> body;
        if (request.BodyBytes is { } bytes)
        {
            body = bytes;
        }
        else
        {
            var read = await ReadLimitedAsync(request.BodyStream!, request.DeclaredLength, max, cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                return Reject(CalloutOutcome.PayloadTooLarge, $"The callout body exceeds the limit of {max} bytes.");
            }

            body = read.Value;
        }

        var verification = _verifier.Verify(body.Span, request.GetHeader, request.QueryString);
        if (!verification.IsValid)
        {
            return Reject(CalloutOutcome.Unauthorized, $"The callout failed {_verifier.Scheme} authentication: {verification.Message}");
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
            claim = await _store.TryClaimAsync(key, _options.ProcessingTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStoreFailed(_logger, ex, key);
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

        try
        {
            await DispatchAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex)
        {
            await _store.ReleaseAsync(key, CancellationToken.None).ConfigureAwait(false);
            bool timedOut = ex is TimeoutException or OperationCanceledException;
            LogHandlerFailed(_logger, ex, message.MessageType, key);
            return new CalloutProcessingResult(
                CalloutOutcome.HandlerFailed,
                timedOut
                    ? $"The handler did not finish within {_options.ProcessingTimeout}; HouseCanary will redeliver."
                    : $"The handler failed ({ex.GetType().Name}); HouseCanary will redeliver.",
                message);
        }

        await _store.CompleteAsync(key, _options.DeduplicationRetention, CancellationToken.None).ConfigureAwait(false);
        bool unknown = message is UnknownCalloutMessage;
        LogProcessed(_logger, message.MessageType, key);
        return new CalloutProcessingResult(
            unknown ? CalloutOutcome.Unknown : CalloutOutcome.Processed,
            unknown ? $"Unknown message_type '{message.MessageType}' passed to OnUnknownMessageAsync." : "Processed.",
            message);
    }

    private async Task DispatchAsync(CalloutMessage message, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ProcessingTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Task task = message switch
        {
            OrderStatusChangeMessage m => _handler.OnOrderStatusChangeAsync(m, linked.Token),
            OrderItemStatusChangeMessage m => _handler.OnOrderItemStatusChangeAsync(m, linked.Token),
            OrderCompleteMessage m => _handler.OnOrderCompleteAsync(m, linked.Token),
            UnknownCalloutMessage m => _handler.OnUnknownMessageAsync(m, linked.Token),
            _ => throw new InvalidOperationException($"No dispatch for {message.GetType().Name}."),
        };

        // A handler that ignores its token still cannot hold the answer beyond the timeout.
        await task.WaitAsync(_options.ProcessingTimeout, _time, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(Stream stream, long? declared, long max, CancellationToken cancellationToken)
    {
        int initial = (int)Math.Min(Math.Min(declared ?? InitialBufferSize, max) + 1, Array.MaxLength);
        byte[] buffer = new byte[Math.Max(initial, 1)];
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

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "The de-duplication store failed for callout {MessageId}")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string messageId);
}
