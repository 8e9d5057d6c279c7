namespace HouseCanary.OrderManager.Callouts;

/// <summary>A callout body is not a valid message; the message, <see cref="Path"/>, <see cref="LineNumber"/> and <see cref="BytePositionInLine"/> say where.</summary>
public sealed class CalloutParseException : Exception
{
    /// <summary>Initializes an exception.</summary>
    public CalloutParseException()
        : this("The callout body is not a valid HouseCanary message.")
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">What was wrong.</param>
    public CalloutParseException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes an exception with a message and cause.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="innerException">The cause.</param>
    public CalloutParseException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes an exception with its location.</summary>
    /// <param name="message">What was wrong.</param>
    /// <param name="path">The JSON path, such as <c>$.new_status</c>, if known.</param>
    /// <param name="lineNumber">The zero-based line, if known.</param>
    /// <param name="bytePositionInLine">The zero-based byte position within the line, if known.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CalloutParseException(string message, string? path, long? lineNumber, long? bytePositionInLine, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        LineNumber = lineNumber;
        BytePositionInLine = bytePositionInLine;
    }

    /// <summary>Gets the JSON path of the problem, if known.</summary>
    public string? Path { get; }

    /// <summary>Gets the zero-based line of the problem, if known.</summary>
    public long? LineNumber { get; }

    /// <summary>Gets the zero-based byte position within <see cref="LineNumber"/>, if known.</summary>
    public long? BytePositionInLine { get; }
}
