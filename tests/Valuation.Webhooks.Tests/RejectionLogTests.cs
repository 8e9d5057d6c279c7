using System.Text;
using Arrowbase.AppraisalWorks;
using Arrowbase.AppraisalWorks.Postbacks;
using HouseCanary.OrderManager.Callouts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Valuation.Webhooks.Tests;

/// <summary>
/// Every answer that is not a plain success is logged once, at Warning or above, with its reason and no secret; the
/// sender is told only a short text. The same lines, with the same event ids, for both vendors.
/// </summary>
public sealed class RejectionLogTests
{
    private const string TokenSecret = "tok-very-secret-42";
    private const string BasicSecret = "basic-very-secret-43";

    public static TheoryData<string, WebhookOutcome, string> Rejections => new()
    {
        { "no signature header", WebhookOutcome.Unauthorized, "signature header is missing" },
        { "malformed signature", WebhookOutcome.Unauthorized, "Malformed" },
        { "wrong signature", WebhookOutcome.Unauthorized, "does not match" },
        { "wrong token", WebhookOutcome.Unauthorized, "token is not accepted" },
        { "wrong basic", WebhookOutcome.Unauthorized, "user name or password is not accepted" },
        { "malformed body", WebhookOutcome.Malformed, "not a test message" },
        { "declared too large", WebhookOutcome.PayloadTooLarge, "declares" },
        { "streamed too large", WebhookOutcome.PayloadTooLarge, "exceeds the limit" },
        { "stalled body", WebhookOutcome.RequestTimeout, "did not arrive" },
        { "in progress", WebhookOutcome.InProgress, "still being processed" },
        { "store down", WebhookOutcome.StoreUnavailable, "de-duplication store" },
        { "handler throws", WebhookOutcome.HandlerFailed, "handler failed" },
        { "handler too slow", WebhookOutcome.TimedOut, "did not finish" },
        { "unknown type", WebhookOutcome.Unknown, "unknown message type" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task Each_rejection_is_logged_once_at_warning_or_above_with_its_reason_and_without_a_secret(string name, WebhookOutcome expected, string reason)
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger();
        var options = new TestOptions { MaxBodyBytes = 4096 };
        var store = new InMemoryMessageDeduplicationStore(timeProvider: time);
        Func<TestMessage, CancellationToken, Task> handle = (_, _) => Task.CompletedTask;
        WebhookRequest request = TestProcessor.Request("m-1", options: options);
        switch (name)
        {
            case "no signature header":
                request = new WebhookRequest(TestProcessor.Body("m-1"));
                break;
            case "malformed signature":
                request = new WebhookRequest(TestProcessor.Body("m-1"), n => n == "X-Test-Signature" ? "sha1=" + TestOptions.Secret : null);
                break;
            case "wrong signature":
                request = new WebhookRequest(TestProcessor.Body("m-1"), n => n == "X-Test-Signature" ? "sha1=" + new string('a', 40) : null);
                break;
            case "wrong token":
                options = new TestOptions { Scheme = WebhookAuthenticationScheme.HeaderToken, HeaderName = "X-Token", Tokens = { TokenSecret } };
                request = new WebhookRequest(TestProcessor.Body("m-1"), n => n == "X-Token" ? TokenSecret + "x" : null);
                break;
            case "wrong basic":
                options = new TestOptions { Scheme = WebhookAuthenticationScheme.Basic, BasicUserName = "user", BasicPassword = BasicSecret };
                request = new WebhookRequest(TestProcessor.Body("m-1"), n => n == "Authorization" ? "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + BasicSecret + "x")) : null);
                break;
            case "malformed body":
                request = WebhookTestRequests.Create(options, "{\"id\": 5"u8.ToArray());
                break;
            case "declared too large":
                request = new WebhookRequest(new MemoryStream(new byte[10]), 5000, request.GetHeader, null);
                break;
            case "streamed too large":
                request = new WebhookRequest(new MemoryStream(new byte[5000]), null, request.GetHeader, null);
                break;
            case "stalled body":
                request = new WebhookRequest(new StallingStream(), null, request.GetHeader, null);
                break;
            case "in progress":
                Assert.Equal(ClaimStatus.Claimed, (await store.TryClaimAsync("test:m-1", TimeSpan.FromMinutes(1))).Status);
                break;
            case "store down":
                store = null!;
                break;
            case "handler throws":
                handle = (_, _) => throw new InvalidOperationException("the database is down");
                break;
            case "handler too slow":
                handle = (_, ct) => Task.Delay(Timeout.Infinite, ct);
                break;
            case "unknown type":
                request = TestProcessor.Request("m-1", "unknown", options);
                break;
        }

        IMessageDeduplicationStore effectiveStore = store ?? DownStore();
        var processor = new TestProcessor(options, handle, effectiveStore, time: time, logger: logger);
        var pending = processor.ProcessAsync(request);
        for (int i = 0; i < 40 && !pending.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5);
        }

        var result = await pending;

        Assert.Equal(expected, result.Outcome);
        // A handler that overran its deadline also logs, later, how it ended: that is a second event, not a rejection.
        var lines = logger.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning && r.Id.Name != "WebhookLateHandlerEnded").ToList();
        var line = Assert.Single(lines);
        Assert.Contains(reason, line.Message, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("Test webhook", line.Message, StringComparison.Ordinal);
        foreach (string secret in new[] { TestOptions.Secret, TokenSecret, BasicSecret, "the database is down" }.Where(s => s != "the database is down" || expected != WebhookOutcome.HandlerFailed))
        {
            Assert.DoesNotContain(secret, line.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, result.ResponseText, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("InvalidOperationException", result.ResponseText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_vendors_log_a_refused_signature_or_token_with_the_same_event_and_shape()
    {
        var hcLogger = new FakeLogger<CalloutProcessor>();
        var awLogger = new FakeLogger<PostbackProcessor>();
        var callouts = new CalloutProcessor(new CalloutOptions { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { "hc-secret" } }, new NoCallouts(), logger: hcLogger);
        var postbackOptions = new PostbackOptions { Scheme = WebhookAuthenticationScheme.QueryToken, Tokens = { "aw-secret" } };
        var postbacks = new PostbackProcessor(Substitute.For<IAppraisalWorksClient>(), new NoPostbacks(), null, postbackOptions, awLogger);

        var hc = await callouts.ProcessAsync(new WebhookRequest("{}"u8.ToArray(), n => n == "X-HC-Signature" ? "sha1=" + new string('0', 40) : null));
        var aw = await postbacks.ProcessAsync(new WebhookRequest(PostbackTestMessages.CreateBody("U-1", "Hold", 5), queryString: "?token=nope"));

        Assert.Equal((401, 401), (hc.StatusCode, aw.StatusCode));
        Assert.Equal(hc.ResponseText, aw.ResponseText);
        var hcLine = Assert.Single(hcLogger.Collector.GetSnapshot());
        var awLine = Assert.Single(awLogger.Collector.GetSnapshot());
        Assert.Equal((LogLevel.Warning, "WebhookRejected"), (hcLine.Level, hcLine.Id.Name));
        Assert.Equal((hcLine.Level, hcLine.Id), (awLine.Level, awLine.Id));
        Assert.StartsWith("HouseCanary callout rejected with 401 (Unauthorized): Signature authentication failed", hcLine.Message, StringComparison.Ordinal);
        Assert.StartsWith("AppraisalWorks postback rejected with 401 (Unauthorized): QueryToken authentication failed", awLine.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_outage_gives_the_same_503_in_both_packages_and_tells_the_sender_nothing_internal()
    {
        var down = DownStore();
        var callouts = new CalloutProcessor(new CalloutOptions { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { "s" } }, new NoCallouts(), down);
        var postbacks = new PostbackProcessor(Substitute.For<IAppraisalWorksClient>(), new NoPostbacks(), down, new PostbackOptions());
        var hcRequest = new CalloutSigner(new CalloutOptions { Scheme = WebhookAuthenticationScheme.Signature, Secrets = { "s" } })
            .CreateRequest(new OrderStatusChangeMessage { MessageType = CalloutMessageTypes.OrderStatusChange, MessageId = "m", OrderId = "1", NewStatus = "complete" });

        var hc = await callouts.ProcessAsync(hcRequest);
        var aw = await postbacks.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Hold", 5));

        Assert.Equal((WebhookOutcome.StoreUnavailable, 503), (hc.Outcome, hc.StatusCode));
        Assert.Equal((WebhookOutcome.StoreUnavailable, 503), (aw.Outcome, aw.StatusCode));
        Assert.DoesNotContain("127.0.0.1", hc.ResponseText + aw.ResponseText, StringComparison.Ordinal);
        Assert.DoesNotContain("Connection refused", hc.ResponseText + aw.ResponseText, StringComparison.Ordinal);
    }

    private static IMessageDeduplicationStore DownStore()
    {
        var store = Substitute.For<IMessageDeduplicationStore>();
#pragma warning disable CA2012 // NSubstitute configures the call.
        store.TryClaimAsync(Arg.Any<string>(), Arg.Any<TimeSpan>(), Arg.Any<CancellationToken>())
            .Returns(ValueTask.FromException<ClaimResult>(new IOException("Connection refused (127.0.0.1:1)")));
#pragma warning restore CA2012
        return store;
    }

    private sealed class NoCallouts : CalloutHandler;

    private sealed class NoPostbacks : PostbackHandler
    {
        public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken) => ValueTask.FromResult(Stream.Null);
    }

    /// <summary>A body that never sends a byte (until cancelled).</summary>
    private sealed class StallingStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => 0; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
