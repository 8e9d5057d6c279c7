using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shared.Signing;

namespace Valuation.Webhooks.Tests;

/// <summary>A message of the test receiver: <c>{"id": "...", "type": "..."}</c>.</summary>
public sealed record TestMessage(string Id, string Type);

/// <summary>The options of the test receiver (HMAC-SHA1 signatures, like HouseCanary's).</summary>
public sealed class TestOptions : WebhookReceiverOptions
{
    public const string Secret = "test-secret-value-1";

    public TestOptions()
        : base("Test:Webhooks", 1024 * 1024, HmacAlgorithm.Sha1)
    {
        Scheme = WebhookAuthenticationScheme.Signature;
        SignatureHeaderName = "X-Test-Signature";
        Secrets.Add(Secret);
    }
}

/// <summary>
/// A receiver of the engine that is no vendor's: the engine's rules are tested once, here, independent of the
/// vendors' parsers. Its handler is a delegate, so tests decide what a run does.
/// </summary>
public sealed class TestProcessor(WebhookReceiverOptions options, Func<TestMessage, CancellationToken, Task> handle, IMessageDeduplicationStore? store = null, IWebhookInbox? inbox = null, TimeProvider? time = null, ILogger? logger = null, string name = "test-receiver", IServiceScopeFactory? scopes = null, string displayName = "Test webhook")
    : WebhookProcessor<TestMessage>(name, displayName, options, store, inbox, scopes, time, logger)
{
    /// <summary>Gets the service provider each run of the handler was given, in order.</summary>
    public List<IServiceProvider?> HandlerServices { get; } = [];

    /// <summary>The engine's <c>Printable</c>, for tests.</summary>
    public static string MakePrintable(string? value, int maxLength = 64) => Printable(value, maxLength);

    protected override TestMessage Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return new TestMessage(root.GetProperty("id").GetString()!, root.GetProperty("type").GetString()!);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new WebhookMessageException("The body is not a test message: " + ex.Message, ex);
        }
    }

    protected override string GetDeduplicationKey(TestMessage message) => "test:" + message.Id;

    /// <summary>Gets whether the engine's own <c>IsUnknown</c> (every type is known) is used instead of type "unknown".</summary>
    public bool EveryTypeKnown { get; init; }

    protected override bool IsUnknown(TestMessage message) => EveryTypeKnown ? base.IsUnknown(message) : message.Type == "unknown";

    protected override string GetMessageType(TestMessage message) => message.Type;

    protected override Task HandleAsync(TestMessage message, IServiceProvider? services, CancellationToken cancellationToken)
    {
        lock (HandlerServices)
        {
            HandlerServices.Add(services);
        }

        return handle(message, cancellationToken);
    }

    public static byte[] Body(string id, string type = "known") => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["id"] = id, ["type"] = type });

    public static WebhookRequest Request(string id, string type = "known", WebhookReceiverOptions? options = null) => WebhookTestRequests.Create(options ?? new TestOptions(), Body(id, type));
}
