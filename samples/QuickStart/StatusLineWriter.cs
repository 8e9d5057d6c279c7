using System.Text;

namespace QuickStart;

/// <summary>
/// The tour's output: a thread-safe writer (the local receiver's handlers write from their own threads) that can also
/// show one status line rewritten in place, such as a download's progress on a terminal. Every other write first
/// erases the status line, so nothing runs into it, and the status is drawn again below the finished line.
/// </summary>
/// <remarks>
/// The status is erased with a carriage return and spaces, which every terminal understands, and kept narrower than the
/// terminal so that it never wraps (a wrapped line could not be erased that way).
/// </remarks>
public sealed class StatusLineWriter : TextWriter
{
    private readonly TextWriter _inner;
    private readonly Func<int>? _width;
    private readonly Lock _gate = new();
    private string? _status;
    private int _drawnWidth;
    private bool _atLineStart = true;

    /// <summary>Wraps <paramref name="inner"/>, which stays owned by the caller.</summary>
    /// <param name="inner">Where the text goes (the console, or a <see cref="StringWriter"/> in tests).</param>
    /// <param name="width">The terminal's width in columns, read whenever the status is drawn; null or a value of 0 or less: no limit.</param>
    public StatusLineWriter(TextWriter inner, Func<int>? width = null)
        : base(inner?.FormatProvider)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _width = width;
        CoreNewLine = inner.NewLine.ToCharArray();
    }

    /// <inheritdoc />
    public override Encoding Encoding => _inner.Encoding;

    /// <summary>The status text currently shown (or waiting for the current line to end), or null.</summary>
    public string? Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    /// <summary>Shows <paramref name="text"/> as the status line, replacing the previous one in place.</summary>
    /// <param name="text">One line of text, without line breaks.</param>
    public void ShowStatus(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        lock (_gate)
        {
            text = Fit(text);
            if (text == _status && _drawnWidth > 0)
            {
                return;
            }

            if (!_atLineStart)
            {
                // Someone left a line unfinished: end it rather than draw over it.
                _inner.Write(CoreNewLine);
                _atLineStart = true;
            }

            _status = text;
            _inner.Write('\r');
            _inner.Write(text);
            if (_drawnWidth > text.Length)
            {
                // Blank what a longer previous status left behind.
                _inner.Write(new string(' ', _drawnWidth - text.Length));
            }

            _drawnWidth = Math.Max(_drawnWidth, text.Length);
            _inner.Flush();
        }
    }

    /// <summary>Erases the status line, if one is shown; the next line is written where it was.</summary>
    public void ClearStatus()
    {
        lock (_gate)
        {
            Erase();
            _status = null;
        }
    }

    /// <inheritdoc />
    public override void Write(char value) => Write([value], newLine: false);

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count), newLine: false);

    /// <inheritdoc />
    public override void Write(ReadOnlySpan<char> buffer) => Write(buffer, newLine: false);

    /// <inheritdoc />
    public override void Write(string? value) => Write(value.AsSpan(), newLine: false);

    /// <inheritdoc />
    public override void WriteLine() => Write([], newLine: true);

    /// <inheritdoc />
    public override void WriteLine(string? value) => Write(value.AsSpan(), newLine: true);

    /// <inheritdoc />
    public override void WriteLine(ReadOnlySpan<char> buffer) => Write(buffer, newLine: true);

    /// <inheritdoc />
    public override void Flush()
    {
        lock (_gate)
        {
            _inner.Flush();
        }
    }

    private void Write(ReadOnlySpan<char> text, bool newLine)
    {
        if (text.IsEmpty && !newLine)
        {
            return;
        }

        lock (_gate)
        {
            Erase();
            _inner.Write(text);
            if (newLine)
            {
                _inner.Write(CoreNewLine);
            }

            _atLineStart = newLine || text[^1] == '\n';
            if (_atLineStart && _status is { } status)
            {
                _inner.Write(status);
                _drawnWidth = status.Length;
            }

            _inner.Flush();
        }
    }

    private void Erase()
    {
        if (_drawnWidth == 0)
        {
            return;
        }

        _inner.Write('\r');
        _inner.Write(new string(' ', _drawnWidth));
        _inner.Write('\r');
        _drawnWidth = 0;
    }

    private string Fit(string text)
    {
        int width = _width?.Invoke() ?? 0;
        return width > 1 && text.Length >= width ? text[..(width - 1)] : text;
    }

    /// <summary>The console's width in columns, or 0 when it cannot be read (no terminal).</summary>
    /// <returns>The width, or 0.</returns>
    public static int ConsoleWidth()
    {
        try
        {
            return Console.WindowWidth;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (PlatformNotSupportedException)
        {
            return 0;
        }
    }
}
