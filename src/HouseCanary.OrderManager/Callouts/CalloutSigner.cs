using System.Text;
using System.Text.Json;
using HouseCanary.OrderManager.Json;
using Valuation.Webhooks;

namespace HouseCanary.OrderManager.Callouts;

/// <summary>
/// Test helper: builds callouts serialized and authenticated exactly as HouseCanary would for the configured
/// scheme (Basic header, token header, token query parameter, or <c>sha1=</c> HMAC header), so users can test
/// their <see cref="CalloutHandler"/> through <see cref="CalloutProcessor"/> (or the mapped endpoint) end to end.
/// </summary>
public sealed class CalloutSigner
{
    private readonly CalloutOptions _options;

    /// <summary>Initializes a signer with the same options the receiver verifies with.</summary>
    /// <param name="options">The callout options.</param>
    public CalloutSigner(CalloutOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Serializes a message as HouseCanary sends it (snake_case members, string ids).</summary>
    /// <param name="message">The message.</param>
    /// <returns>The UTF-8 JSON body.</returns>
    public static byte[] Serialize(CalloutMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message switch
        {
            OrderStatusChangeMessage m => JsonSerializer.SerializeToUtf8Bytes(m, OrderManagerJsonContext.Default.OrderStatusChangeMessage),
            OrderItemStatusChangeMessage m => JsonSerializer.SerializeToUtf8Bytes(m, OrderManagerJsonContext.Default.OrderItemStatusChangeMessage),
            OrderCompleteMessage m => JsonSerializer.SerializeToUtf8Bytes(m, OrderManagerJsonContext.Default.OrderCompleteMessage),
            UnknownCalloutMessage m => Encoding.UTF8.GetBytes(m.RawJson.GetRawText()),
            _ => throw new ArgumentException($"Cannot serialize {message.GetType().Name}.", nameof(message)),
        };
    }

    /// <summary>Authenticates a body for the configured scheme.</summary>
    /// <param name="body">The raw body.</param>
    /// <returns>The body with the headers and query string to send.</returns>
    /// <exception cref="InvalidOperationException">The scheme or its credentials are not configured.</exception>
    public SignedCallout Sign(ReadOnlyMemory<byte> body)
    {
        var (headers, query) = WebhookTestRequests.Authenticate(_options, body.Span);
        return new SignedCallout(body, headers, query);
    }

    /// <summary>Serializes and authenticates a message, ready for <see cref="WebhookProcessor{TMessage}.ProcessAsync"/>.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The request.</returns>
    public WebhookRequest CreateRequest(CalloutMessage message) => Sign(Serialize(message)).ToRequest();

    /// <summary>Authenticates a raw body, ready for <see cref="WebhookProcessor{TMessage}.ProcessAsync"/>.</summary>
    /// <param name="body">The raw body.</param>
    /// <returns>The request.</returns>
    public WebhookRequest CreateRequest(ReadOnlyMemory<byte> body) => Sign(body).ToRequest();

    /// <inheritdoc />
    public override string ToString() => $"CalloutSigner({_options.Scheme})";
}

/// <summary>An authenticated callout built by <see cref="CalloutSigner"/>: what to POST and with which headers and query string.</summary>
public sealed class SignedCallout
{
    /// <summary>Initializes a signed callout.</summary>
    /// <param name="body">The raw body.</param>
    /// <param name="headers">The headers to send.</param>
    /// <param name="queryString">The query string (with <c>?</c>) to append to the callout URL, or null.</param>
    public SignedCallout(ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> headers, string? queryString)
    {
        Body = body;
        Headers = headers;
        QueryString = queryString;
    }

    /// <summary>Gets the raw body.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>Gets the headers (case-insensitive names).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the query string, or null.</summary>
    public string? QueryString { get; }

    /// <summary>Converts to a <see cref="WebhookRequest"/>.</summary>
    /// <returns>The request.</returns>
    public WebhookRequest ToRequest() => WebhookRequest.FromHeaders(Body, Headers, QueryString);

    /// <inheritdoc />
    public override string ToString() => $"SignedCallout({Body.Length} bytes, headers: {string.Join(", ", Headers.Keys)})";
}
