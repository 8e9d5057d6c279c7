namespace Valuation.Webhooks;

/// <summary>
/// Thrown by a vendor's <see cref="WebhookProcessor{TMessage}.Parse"/> when a verified body is not a valid message
/// or names a route that is refused; the processor answers 400 with its message.
/// </summary>
public sealed class WebhookMessageException : Exception
{
    /// <summary>Initializes an exception.</summary>
    public WebhookMessageException()
        : this("The body is not a valid message.")
    {
    }

    /// <summary>Initializes an exception with a message.</summary>
    /// <param name="message">What was wrong (told to the sender: never a secret).</param>
    public WebhookMessageException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes an exception with a message and cause.</summary>
    /// <param name="message">What was wrong (told to the sender: never a secret).</param>
    /// <param name="innerException">The cause.</param>
    public WebhookMessageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
