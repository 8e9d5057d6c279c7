using Arrowbase.AppraisalWorks.Postbacks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;

namespace Arrowbase.AppraisalWorks.Tests;

/// <summary>A failing dedupe store never crashes the endpoint nor causes a second handler run; an unauthenticated processor warns once.</summary>
public class PostbackStoreFailureTests
{
    private sealed class CountingHandler : PostbackHandler
    {
        public int Holds { get; private set; }

        public Exception? Throw { get; set; }

        public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken) => ValueTask.FromResult(Stream.Null);

        public override Task OnHoldAsync(PostbackEvent postbackEvent, HoldDetails details, CancellationToken cancellationToken)
        {
            Holds++;
            return Throw is null ? Task.CompletedTask : Task.FromException(Throw);
        }
    }

    private static IAppraisalWorksClient Client()
    {
        var client = Substitute.For<IAppraisalWorksClient>();
        client.FetchEventAsync(Arg.Any<PostbackEvent>(), Arg.Any<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>?>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<AppraisalWorksResponse>(new HoldDetails { Reason = "delay", IsSuccess = true }));
        return client;
    }

    /// <summary>Always claims; each operation throws its configured exception.</summary>
    private sealed class FailingStore : IMessageDeduplicationStore
    {
        public Exception? OnClaim { get; init; }

        public Exception? OnComplete { get; init; }

        public Exception? OnRelease { get; init; }

        public ValueTask<ClaimResult> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default) =>
            OnClaim is null ? ValueTask.FromResult(ClaimResult.Claimed(MessageClaim.CreateNew(key))) : ValueTask.FromException<ClaimResult>(OnClaim);

        public ValueTask<bool> RenewAsync(MessageClaim claim, TimeSpan lease, CancellationToken cancellationToken = default) => ValueTask.FromResult(true);

        public ValueTask<bool> CompleteAsync(MessageClaim claim, TimeSpan retention, CancellationToken cancellationToken = default) =>
            OnComplete is null ? ValueTask.FromResult(true) : ValueTask.FromException<bool>(OnComplete);

        public ValueTask<bool> ReleaseAsync(MessageClaim claim, CancellationToken cancellationToken = default) =>
            OnRelease is null ? ValueTask.FromResult(true) : ValueTask.FromException<bool>(OnRelease);
    }

    private static WebhookRequest Hold() => PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Hold", 5);

    [Fact]
    public async Task A_store_that_cannot_claim_gives_503_so_the_sender_redelivers_and_nothing_is_fetched()
    {
        var client = Client();
        var handler = new CountingHandler();
        var store = new FailingStore { OnClaim = new TimeoutException("redis timeout") };
        var logger = new FakeLogger<PostbackProcessor>();
        var processor = new PostbackProcessor(client, handler, store, new PostbackOptions(), logger);

        var result = await processor.ProcessAsync(Hold());

        Assert.Equal((WebhookOutcome.StoreUnavailable, 503), (result.Outcome, result.StatusCode));
        Assert.IsType<TimeoutException>(result.Exception);
        Assert.Contains("TimeoutException", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("redis timeout", result.ResponseText, StringComparison.Ordinal);
        Assert.Equal(0, handler.Holds);
        Assert.Empty(client.ReceivedCalls());
    }

    [Fact]
    public async Task A_store_that_fails_to_complete_after_a_successful_handler_still_answers_200_and_logs()
    {
        var handler = new CountingHandler();
        var store = new FailingStore { OnComplete = new InvalidOperationException("redis down") };
        var logger = new FakeLogger<PostbackProcessor>();
        var processor = new PostbackProcessor(Client(), handler, store, new PostbackOptions(), logger);

        var result = await processor.ProcessAsync(Hold());

        Assert.Equal((WebhookOutcome.Processed, 200), (result.Outcome, result.StatusCode));
        Assert.Equal(1, handler.Holds);
        var error = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.Contains("U-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_store_that_fails_to_release_after_a_handler_failure_keeps_the_handlers_error()
    {
        var handler = new CountingHandler { Throw = new InvalidOperationException("db down") };
        var store = new FailingStore { OnRelease = new IOException("redis down") };
        var logger = new FakeLogger<PostbackProcessor>();
        var processor = new PostbackProcessor(Client(), handler, store, new PostbackOptions(), logger);

        var result = await processor.ProcessAsync(Hold());

        Assert.Equal((WebhookOutcome.HandlerFailed, 500), (result.Outcome, result.StatusCode));
        Assert.Equal("db down", result.Exception?.Message);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Error && r.Exception is IOException);
    }

    [Fact]
    public async Task A_store_that_fails_to_release_after_a_failed_fetch_still_answers_500()
    {
        var client = Substitute.For<IAppraisalWorksClient>();
        client.FetchEventAsync(Arg.Any<PostbackEvent>(), Arg.Any<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AppraisalWorksException("boom"));
        var store = new FailingStore { OnRelease = new IOException("redis down") };
        var processor = new PostbackProcessor(client, new CountingHandler(), store, new PostbackOptions(), new FakeLogger<PostbackProcessor>());

        var result = await processor.ProcessAsync(Hold());

        Assert.Equal((WebhookOutcome.HandlerFailed, 500), (result.Outcome, result.StatusCode));
        Assert.Equal("boom", result.Exception?.Message);
    }

    [Fact]
    public async Task A_processor_without_authentication_warns_once_at_construction_not_per_postback()
    {
        var options = new PostbackOptions();
        var logger = new FakeLogger<PostbackProcessor>();
        var processor = new PostbackProcessor(Client(), new CountingHandler(), new InMemoryMessageDeduplicationStore(), options, logger);
        var second = new PostbackProcessor(Client(), new CountingHandler(), new InMemoryMessageDeduplicationStore(), options, logger);

        await processor.ProcessAsync(PostbackTestMessages.CreateRequest(options, "U-1", "Hold", 5));
        await processor.ProcessAsync(PostbackTestMessages.CreateRequest(options, "U-1", "Hold", 6));
        await second.ProcessAsync(PostbackTestMessages.CreateRequest(options, "U-1", "Hold", 7));

        var warnings = logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("without authentication", w.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_processor_with_a_token_does_not_warn()
    {
        var options = new PostbackOptions { Scheme = WebhookAuthenticationScheme.HeaderToken };
        options.Tokens.Add("tok-1");
        var logger = new FakeLogger<PostbackProcessor>();
        var processor = new PostbackProcessor(Client(), new CountingHandler(), new InMemoryMessageDeduplicationStore(), options, logger);

        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(options, "U-1", "Hold", 5));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Level >= LogLevel.Warning);
    }
}
