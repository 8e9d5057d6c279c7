using System.Net;

namespace Valuation.Http;

/// <summary>
/// Wraps a streamed request body so that every write restarts the call's idle timer: a large upload is bounded by
/// the idle timeout (no byte moved for N seconds), not by a total that a slow link would exceed.
/// </summary>
internal sealed class UploadContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly OutboundCall _call;

    public UploadContent(HttpContent inner, OutboundCall call)
    {
        _inner = inner;
        _call = call;
        foreach (var header in inner.Headers.NonValidated)
        {
            // A single value (Content-Type) as a string: the enumerable overload boxes the values and their enumerator.
            if (header.Value.Count == 1)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value.ToString());
            }
            else
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Not disposed: the transport's stream belongs to the handler, and the wrapper holds nothing else.
#pragma warning disable CA2000
        await _inner.CopyToAsync(new KickingStream(stream, _call), context, cancellationToken).ConfigureAwait(false);
#pragma warning restore CA2000
    }

    protected override bool TryComputeLength(out long length)
    {
        long? known = _inner.Headers.ContentLength;
        length = known ?? 0;
        return known is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Passes writes through to the transport and restarts the idle timer after each; never disposed (the transport belongs to the handler).</summary>
    private sealed class KickingStream(Stream inner, OutboundCall call) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            call.Kick();
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            call.Kick();
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            call.Kick();
        }
    }
}
