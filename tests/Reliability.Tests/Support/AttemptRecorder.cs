using System.Collections.Concurrent;
using System.Net;

namespace Reliability.Tests.Support;

/// <summary>One attempt as it left the pipeline (after the auth handler), so retries are seen one by one.</summary>
internal sealed record Attempt(string Method, string PathAndQuery, string? Authorization, string? RequestDate);

/// <summary>
/// Counts the attempts of a client (every retry passes through it, since it is the innermost handler) and how many
/// are still in flight. An attempt stays in flight until its response is disposed (or it failed), so a response the
/// client forgot to dispose shows as a leak.
/// </summary>
internal sealed class AttemptRecorder
{
    private int _active;

    public ConcurrentQueue<Attempt> Attempts { get; } = new();

    public int Active => Volatile.Read(ref _active);

    /// <summary>Called when an attempt starts (for example to cancel the caller's token while it is on the wire).</summary>
    public Action<Attempt>? OnAttempt { get; set; }

    public DelegatingHandler CreateHandler() => new Handler(this);

    /// <summary>Waits (briefly) for every attempt to finish and says whether none is left in flight.</summary>
    public bool SettlesToZero() => SpinWait.SpinUntil(() => Active == 0, TimeSpan.FromSeconds(5));

    private sealed class Handler(AttemptRecorder recorder) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var attempt = new Attempt(
                request.Method.Method,
                request.RequestUri!.PathAndQuery,
                request.Headers.Authorization?.ToString(),
                request.Headers.TryGetValues("x-request-date", out var dates) ? string.Join("|", dates) : null);
            recorder.Attempts.Enqueue(attempt);
            Interlocked.Increment(ref recorder._active);
            recorder.OnAttempt?.Invoke(attempt);
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken);
            }
            catch
            {
                Interlocked.Decrement(ref recorder._active);
                throw;
            }

            response.Content = new TrackedContent(response.Content, () => Interlocked.Decrement(ref recorder._active));
            return response;
        }
    }

    /// <summary>Passes the body through and reports its disposal once.</summary>
    private sealed class TrackedContent : HttpContent
    {
        private readonly HttpContent _inner;
        private Action? _onDispose;

        public TrackedContent(HttpContent inner, Action onDispose)
        {
            _inner = inner;
            _onDispose = onDispose;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => _inner.CopyToAsync(stream);

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) => _inner.CopyToAsync(stream, cancellationToken);

        protected override Task<Stream> CreateContentReadStreamAsync() => _inner.ReadAsStreamAsync();

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => _inner.ReadAsStreamAsync(cancellationToken);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Interlocked.Exchange(ref _onDispose, null)?.Invoke();
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
