namespace Arrowbase.AppraisalWorks.Documents;

/// <summary>
/// Passes decoded document bytes to the caller's destination and reports the running total to an
/// <see cref="IProgress{T}"/> (as HouseCanary's downloads do). Never disposes the destination: the caller owns it.
/// </summary>
internal sealed class ProgressStream(Stream destination, ProgressStream.Counter counter) : Stream
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

    /// <summary>Wraps a destination factory so that every destination it returns reports to <paramref name="progress"/>.</summary>
    /// <param name="factory">The caller's factory.</param>
    /// <param name="progress">The progress, or null (the factory is returned as is).</param>
    /// <returns>The factory to read with.</returns>
    public static Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> Wrap(Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> factory, IProgress<long>? progress)
    {
        if (progress is null)
        {
            return factory;
        }

        var counter = new Counter(progress);
        return async (info, cancellationToken) =>
        {
            var destination = await factory(info, cancellationToken).ConfigureAwait(false);
            return destination is null ? null! : new ProgressStream(destination, counter);
        };
    }

    public override void Flush() => destination.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => destination.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        destination.Write(buffer);
        counter.Add(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await destination.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        counter.Add(buffer.Length);
    }

    /// <summary>The running total of one call, shared by its documents' streams.</summary>
    internal sealed class Counter(IProgress<long> progress)
    {
        private long _total;

        public void Add(int bytes)
        {
            if (bytes > 0)
            {
                progress.Report(Interlocked.Add(ref _total, bytes));
            }
        }
    }
}
