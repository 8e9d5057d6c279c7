using System.Buffers;
using System.Globalization;
using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Valuation.Http;

/// <summary>
/// One call through the <see cref="OutboundPipeline"/>: the response (headers read), the token that bounds the
/// call (the caller's, plus the total timeout of a JSON call or the idle timeout of a streamed one), and the reads of
/// its body, each capped and each translating a transport failure into the package's typed exception. Dispose it to
/// release the response and the timer.
/// </summary>
internal sealed class OutboundCall : IDisposable
{
    /// <summary>The key under which a request carries its call, for the retry predicate and the timeout generators.</summary>
    internal static readonly HttpRequestOptionsKey<OutboundCall> Key = new("Valuation.Http.OutboundCall");

    private readonly Func<OutboundFailure, Exception> _createException;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _cts;
    private readonly CancellationToken _callerToken;
    private readonly long _started;
    private readonly CancellationTokenRegistration _callerRegistration;
    private bool _detached;
    private HttpResponseMessage? _response;

    internal OutboundCall(OutboundSettings settings, HttpRequestMessage request, string operation, OutboundMode mode, Func<OutboundFailure, Exception> createException, TimeProvider time, CancellationToken callerToken)
    {
        Settings = settings;
        Method = request.Method;
        Uri = request.RequestUri!;
        Operation = operation;
        Mode = mode;
        IsUpload = mode == OutboundMode.Streamed && request.Content is not null;
        _createException = createException;
        _time = time;
        _callerToken = callerToken;
        _started = time.GetTimestamp();
        var limit = mode == OutboundMode.Buffered ? settings.TotalRequestTimeout : settings.IdleTimeout;
        if (time == TimeProvider.System)
        {
            _cts = callerToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callerToken) : new CancellationTokenSource();
            _cts.CancelAfter(limit);
        }
        else
        {
            // The timer runs on the given clock (a test's fake one); the caller's token is linked by hand.
            _cts = new CancellationTokenSource(limit, time);
            _callerRegistration = callerToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _cts);
        }
    }

    /// <summary>Gets the settings in force for this call.</summary>
    public OutboundSettings Settings { get; }

    /// <summary>Gets the request method.</summary>
    public HttpMethod Method { get; }

    /// <summary>Gets the URI the request was sent to (before any redirect a handler followed).</summary>
    public Uri Uri { get; }

    /// <summary>Gets the operation's name, such as <c>CreateOrder</c>.</summary>
    public string Operation { get; }

    /// <summary>Gets how the body is bounded.</summary>
    public OutboundMode Mode { get; }

    /// <summary>Gets a value indicating whether the request streams a body up (its attempts are not cut by the resilience timeouts).</summary>
    public bool IsUpload { get; }

    /// <summary>Gets the response, once its headers arrived.</summary>
    public HttpResponseMessage Response => _response ?? throw new InvalidOperationException("No response has arrived yet.");

    /// <summary>Gets the token that bounds the call: cancelled by the caller, the total timeout or the idle timeout.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Gets the call of a request, when it was sent through the pipeline.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The call, or null.</returns>
    public static OutboundCall? From(HttpRequestMessage request) =>
        request is OutboundRequest outbound ? outbound.Call
        : request.Options.TryGetValue(Key, out var call) ? call : null;

    /// <summary>Gets whether waiting <paramref name="wait"/> more would still end within the total timeout (always, for a streamed call).</summary>
    /// <param name="wait">The wait.</param>
    /// <returns>True when there is time left for it.</returns>
    public bool HasTimeLeft(TimeSpan wait) =>
        Mode == OutboundMode.Streamed || _time.GetElapsedTime(_started) + wait < Settings.TotalRequestTimeout;

    /// <summary>Restarts the idle timer of a streamed call: a byte moved.</summary>
    public void Kick()
    {
        if (Mode == OutboundMode.Streamed)
        {
            try
            {
                _cts.CancelAfter(Settings.IdleTimeout);
            }
            catch (ObjectDisposedException)
            {
                // The call is over; nothing to extend.
            }
        }
    }

    /// <summary>Gets the call's description for messages: its operation, method and URL (without a query).</summary>
    public string Description => $"{Operation} ({Method.Method} {UrlRedaction.Redact(Uri)})";

    /// <summary>Hands the response over to the caller: disposing the call no longer disposes it.</summary>
    /// <returns>The response.</returns>
    public HttpResponseMessage DetachResponse()
    {
        var response = Response;
        _detached = true;
        return response;
    }

    internal void Attach(HttpResponseMessage response) => _response = response;

    /// <summary>Reads the whole body into a pooled buffer, refusing one larger than the cap.</summary>
    /// <returns>The body; dispose it.</returns>
    public async Task<PooledBody> ReadBodyAsync()
    {
        long cap = Mode == OutboundMode.Buffered ? Settings.MaxResponseBytes : Settings.MaxDownloadBytes;
        cap = Math.Min(cap, Array.MaxLength - 1);
        long? announced = Response.Content.Headers.ContentLength;
        if (announced > cap)
        {
            throw TooLarge(cap, announced);
        }

        if (announced == 0)
        {
            return new PooledBody([], 0);
        }

        byte[] buffer = ArrayPool<byte>.Shared.Rent(announced is { } n ? (int)n + 1 : 4096);
        int total = 0;
        try
        {
            var stream = await Response.Content.ReadAsStreamAsync(Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (total == buffer.Length)
                    {
                        byte[] bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, cap + 1));
                        buffer.AsSpan(0, total).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    int read = await stream.ReadAsync(buffer.AsMemory(total), Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                    if (total > cap)
                    {
                        throw TooLarge(cap, announced);
                    }

                    Kick();
                }
            }

            var body = new PooledBody(buffer, total);
            buffer = [];
            return body;
        }
        catch (Exception ex) when (Translate(ex, total) is { } typed)
        {
            throw typed;
        }
        finally
        {
            if (buffer.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/> of an error body (the rest is left unread). A body that breaks off
    /// or stalls yields what arrived: the status is what matters. The caller's cancellation still propagates.
    /// </summary>
    /// <param name="maxBytes">The most bytes kept.</param>
    /// <returns>The (possibly truncated) body; dispose it.</returns>
    public async Task<PooledBody> ReadErrorBodyAsync(int maxBytes)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(maxBytes);
        int total = 0;
        bool more = false;
        try
        {
            var stream = await Response.Content.ReadAsStreamAsync(Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (total < maxBytes)
                {
                    int read = await stream.ReadAsync(buffer.AsMemory(total, maxBytes - total), Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                }

                more = total == maxBytes;
            }
        }
        catch (OperationCanceledException ex) when (_callerToken.IsCancellationRequested)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw Translate(ex) ?? ex;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            more = true;
        }

        return new PooledBody(buffer, total, more);
    }

    /// <summary>Opens the body as a stream whose reads restart the idle timer, respect the download cap, and fail with the package's typed exception.</summary>
    /// <returns>The stream; dispose it.</returns>
    public async Task<Stream> OpenStreamAsync()
    {
        try
        {
            var inner = await Response.Content.ReadAsStreamAsync(Token).ConfigureAwait(false);
            long cap = Mode == OutboundMode.Buffered ? Settings.MaxResponseBytes : Settings.MaxDownloadBytes;
            long? announced = Response.Content.Headers.ContentLength;
            if (announced > cap)
            {
                await inner.DisposeAsync().ConfigureAwait(false);
                throw TooLarge(cap, announced);
            }

            return new ResponseStream(inner, this, cap);
        }
        catch (Exception ex) when (Translate(ex, 0) is { } typed)
        {
            throw typed;
        }
    }

    /// <summary>Creates the package's typed exception for a failure of this call.</summary>
    /// <param name="kind">The failure.</param>
    /// <param name="what">What happened, as a clause after the call's description.</param>
    /// <param name="status">The status, when a response arrived.</param>
    /// <param name="inner">The cause.</param>
    /// <returns>The exception to throw.</returns>
    public Exception Fail(OutboundFailureKind kind, string what, HttpStatusCode? status = null, Exception? inner = null)
    {
        bool applied = OutboundFailure.MayHaveApplied(Method, kind, status);
        string tail = RetryClassifier.IsSafeMethod(Method) ? string.Empty
            : applied ? " The request may have been applied: check its effect before repeating it."
            : " The request was not applied.";
        string message = $"{Settings.VendorName} {Description} {what}.{tail}";
        return _createException(new OutboundFailure(kind, message, applied, status, inner));
    }

    /// <summary>
    /// Translates a failure raised while sending or reading into the package's typed exception (or, for the caller's
    /// own cancellation, an <see cref="OperationCanceledException"/> carrying the caller's token); null when it must
    /// propagate as it is (already typed, or not about transport).
    /// </summary>
    /// <param name="exception">The failure.</param>
    /// <param name="bytesRead">The body bytes read before it, for the message.</param>
    /// <returns>The typed exception, or null.</returns>
    public Exception? Translate(Exception exception, long? bytesRead = null)
    {
        if (exception is OperationCanceledException canceled && _callerToken.IsCancellationRequested)
        {
            // The caller's own cancellation surfaces as such, carrying the caller's token (not the call's linked one).
            return canceled.CancellationToken == _callerToken ? null : new OperationCanceledException(canceled.Message, canceled, _callerToken);
        }

        string after = bytesRead is > 0 ? string.Create(CultureInfo.InvariantCulture, $" after {bytesRead} body bytes") : string.Empty;
        return exception switch
        {
            TimeoutRejectedException timeout => Fail(
                OutboundFailureKind.Timeout,
                string.Create(CultureInfo.InvariantCulture, $"timed out after {timeout.Timeout.TotalSeconds:0.###} s ({Settings.OptionsSection}:AttemptTimeout or {Settings.OptionsSection}:TotalRequestTimeout)"),
                inner: exception),
            BrokenCircuitException => Fail(OutboundFailureKind.CircuitOpen, "was not sent: the circuit breaker is open after repeated failures of this host; try again after its break duration", inner: exception),
            ExecutionRejectedException => Fail(OutboundFailureKind.Rejected, $"was rejected by the resilience pipeline ({exception.GetType().Name}) and not sent", inner: exception),
            HttpRequestException when RetryClassifier.ProvesNothingWasSent(exception) => Fail(
                OutboundFailureKind.ConnectionFailed,
                $"could not connect ({((HttpRequestException)exception).HttpRequestError}: refused, or the host is unknown)",
                inner: exception),
            OperationCanceledException when _cts.IsCancellationRequested => Mode == OutboundMode.Buffered
                ? Fail(
                    OutboundFailureKind.Timeout,
                    string.Create(CultureInfo.InvariantCulture, $"timed out{after}: {Settings.OptionsSection}:TotalRequestTimeout ({Settings.TotalRequestTimeout.TotalSeconds:0.###} s) elapsed"),
                    StatusOrNull(),
                    exception)
                : Fail(
                    OutboundFailureKind.IdleTimeout,
                    string.Create(CultureInfo.InvariantCulture, $"stalled{after}: no byte moved for {Settings.OptionsSection}:IdleTimeout ({Settings.IdleTimeout.TotalSeconds:0.###} s)"),
                    StatusOrNull(),
                    exception),
            OperationCanceledException => Fail(OutboundFailureKind.Timeout, "timed out (the HttpClient's own timeout elapsed)", inner: exception),
            HttpRequestException or IOException => Fail(
                OutboundFailureKind.ConnectionBroken,
                $"failed{after}: the connection broke ({(exception as HttpRequestException)?.HttpRequestError.ToString() ?? exception.GetType().Name}) {(_response is null ? "before a response arrived" : "while the response was read")}",
                StatusOrNull(),
                exception),
            _ => null,
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_detached)
        {
            _response?.Dispose();
        }

        _callerRegistration.Dispose();
        _cts.Dispose();
    }

    private HttpStatusCode? StatusOrNull() => _response?.StatusCode;

    private Exception TooLarge(long cap, long? announced) => Fail(
        OutboundFailureKind.ResponseTooLarge,
        announced is { } n
            ? string.Create(CultureInfo.InvariantCulture, $"was answered with a body of {n} bytes, more than the cap of {cap} ({Settings.OptionsSection}:{CapName}); it was not read")
            : string.Create(CultureInfo.InvariantCulture, $"was answered with a body larger than the cap of {cap} bytes ({Settings.OptionsSection}:{CapName}); reading stopped there"),
        _response?.StatusCode);

    private string CapName => Mode == OutboundMode.Buffered ? "MaxResponseBytes" : "MaxDownloadBytes";

    /// <summary>The body of a call as a stream: each read restarts the idle timer, counts against the cap, and fails typed.</summary>
    private sealed class ResponseStream(Stream inner, OutboundCall call, long cap) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => _read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return Count(inner.Read(buffer));
            }
            catch (Exception ex) when (call.Translate(ex, _read) is { } typed)
            {
                throw typed;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                // The caller's token is already part of the call's; any other token is linked in (one allocation per read).
                using var linked = cancellationToken.CanBeCanceled && cancellationToken != call._callerToken
                    ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call.Token)
                    : null;
                return Count(await inner.ReadAsync(buffer, linked?.Token ?? call.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested && !call.Token.IsCancellationRequested)
            {
                // The reader's own token ended the read, not the call: a cancellation for the reader, not a timeout.
                throw new OperationCanceledException(ex.Message, ex, cancellationToken);
            }
            catch (Exception ex) when (call.Translate(ex, _read) is { } typed)
            {
                throw typed;
            }
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            await base.DisposeAsync().ConfigureAwait(false);
        }

        private int Count(int read)
        {
            _read += read;
            if (_read > cap)
            {
                throw call.TooLarge(cap, null);
            }

            if (read > 0)
            {
                call.Kick();
            }

            return read;
        }
    }
}
