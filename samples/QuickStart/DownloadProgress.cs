using System.Globalization;

namespace QuickStart;

/// <summary>
/// Shows a download's progress: on a terminal, the status line of a <see cref="StatusLineWriter"/>, rewritten in place
/// and erased before any other line; otherwise plain milestone lines (redirected output, tests). Receives the
/// cumulative byte count, synchronously, from the SDKs' downloads.
/// </summary>
public sealed class DownloadProgress : IProgress<long>
{
    private const long MilestoneBytes = 256 * 1024;
    private readonly TextWriter _output;
    private readonly string _label;
    private readonly StatusLineWriter? _status;
    private long _nextMilestone = MilestoneBytes;
    private long _last;

    /// <summary>Creates a progress display for one file.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="label">The file's name.</param>
    /// <param name="interactive">True for a single updating line, drawn as the status line of <paramref name="output"/>
    /// when it is a <see cref="StatusLineWriter"/> (any other writer gets milestone lines).</param>
    public DownloadProgress(TextWriter output, string label, bool interactive)
    {
        _output = output;
        _label = label;
        _status = interactive ? output as StatusLineWriter : null;
    }

    /// <inheritdoc />
    public void Report(long value)
    {
        _last = value;
        if (_status is not null)
        {
            _status.ShowStatus($"    downloading {_label}: {Format(value)}");
        }
        else if (value >= _nextMilestone)
        {
            _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    downloading {_label}: {Format(value)}"));
            while (_nextMilestone <= value)
            {
                _nextMilestone += MilestoneBytes;
            }
        }
    }

    /// <summary>Ends the display with the saved file's line.</summary>
    /// <param name="path">Where the file was written.</param>
    public void Complete(string path)
    {
        _status?.ClearStatus();
        long size = new FileInfo(path).Length;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    saved {path} ({Format(Math.Max(size, _last))})"));
    }

    /// <summary>Formats a byte count for people.</summary>
    /// <param name="bytes">The count.</param>
    /// <returns>Such as <c>48.0 KB</c>.</returns>
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.0} MB"),
    };
}

/// <summary>A write-only stream that reports the bytes written through it to an <see cref="IProgress{T}"/>.</summary>
public sealed class ProgressStream : Stream
{
    private readonly Stream _inner;
    private readonly IProgress<long> _progress;
    private long _written;

    /// <summary>Wraps <paramref name="inner"/>, which this stream disposes.</summary>
    /// <param name="inner">The destination.</param>
    /// <param name="progress">Receives the cumulative count.</param>
    public ProgressStream(Stream inner, IProgress<long> progress)
    {
        _inner = inner;
        _progress = progress;
    }

    /// <summary>Bytes written so far.</summary>
    public long Written => _written;

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => _written;

    /// <inheritdoc />
    public override long Position { get => _written; set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override void Flush() => _inner.Flush();

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count)
    {
        _inner.Write(buffer, offset, count);
        Advance(count);
    }

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await _inner.WriteAsync(buffer, cancellationToken);
        Advance(buffer.Length);
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync();
        await base.DisposeAsync();
    }

    private void Advance(int count)
    {
        _written += count;
        _progress.Report(_written);
    }
}
