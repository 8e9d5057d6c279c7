namespace Valuation.Webhooks.Reading;

/// <summary>
/// A body read so far: in memory up to a threshold, then spooled to a temporary file that is unlinked at once
/// (so nothing is left behind, even by a killed process) and closed on dispose.
/// </summary>
internal sealed class BufferedBody : IDisposable
{
    private readonly int _threshold;
    private readonly long _initialCapacity;
    private byte[] _memory = [];
    private ReadOnlyMemory<byte>? _wrapped;
    private FileStream? _spool;

    public BufferedBody(int threshold, long? declaredLength)
    {
        _threshold = threshold;
        _initialCapacity = Math.Min(declaredLength is > 0 ? declaredLength.Value : 4096, threshold);
    }

    /// <summary>Wraps a body that is already in memory.</summary>
    public BufferedBody(ReadOnlyMemory<byte> body)
    {
        _wrapped = body;
        Length = body.Length;
    }

    public long Length { get; private set; }

    public bool IsSpooled => _spool is not null;

    public async ValueTask AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_spool is null && Length + data.Length > _threshold)
        {
            _spool = OpenSpool();
            await _spool.WriteAsync(_memory.AsMemory(0, (int)Length), cancellationToken).ConfigureAwait(false);
            _memory = [];
        }

        if (_spool is not null)
        {
            await _spool.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            Ensure((int)Length + data.Length);
            data.CopyTo(_memory.AsMemory((int)Length));
        }

        Length += data.Length;
    }

    /// <summary>Returns the whole body in memory, in one array of its exact size when it was spooled.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ToMemoryAsync(CancellationToken cancellationToken)
    {
        if (_wrapped is { } wrapped)
        {
            return wrapped;
        }

        if (_spool is null)
        {
            return _memory.AsMemory(0, (int)Length);
        }

        byte[] all = GC.AllocateUninitializedArray<byte>((int)Length);
        _spool.Position = 0;
        await _spool.ReadExactlyAsync(all, cancellationToken).ConfigureAwait(false);
        return all;
    }

    public void Dispose()
    {
        _spool?.Dispose();
        _spool = null;
        _memory = [];
    }

    private static FileStream OpenSpool()
    {
        string path = Path.Combine(Path.GetTempPath(), "valuation-webhook-" + Guid.NewGuid().ToString("N") + ".body");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 0, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        if (!OperatingSystem.IsWindows())
        {
            // Unlinked while open: the file lives only as long as this handle, so a killed process leaves nothing.
            File.Delete(path);
        }

        return stream;
    }

    private void Ensure(int needed)
    {
        if (needed <= _memory.Length)
        {
            return;
        }

        long grown = Math.Max(Math.Max(_memory.Length * 2L, _initialCapacity), needed);
        Array.Resize(ref _memory, (int)Math.Min(grown, _threshold));
    }
}
