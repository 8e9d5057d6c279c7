using Arrowbase.AppraisalWorks.Postbacks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using NSubstitute;

namespace Arrowbase.AppraisalWorks.Tests;

/// <summary>
/// The de-duplication key follows the route: events whose GET ignores the detailId are one message whatever detailId
/// they carry, so a flood of forged Completed postbacks runs the handler and fetches the report once.
/// </summary>
public class PostbackKeyTests
{
    private sealed class Counting : PostbackHandler
    {
        public int Completed { get; private set; }

        public int Comments { get; private set; }

        public List<string> Unknown { get; } = [];

        public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken) => ValueTask.FromResult(Stream.Null);

        public override Task OnCompletedAsync(PostbackEvent postbackEvent, CompletedReport report, CancellationToken cancellationToken)
        {
            Completed++;
            return Task.CompletedTask;
        }

        public override Task OnCommentsAsync(PostbackEvent postbackEvent, CommentDetails details, CancellationToken cancellationToken)
        {
            Comments++;
            return Task.CompletedTask;
        }

        public override Task OnUnknownEventAsync(PostbackEvent postbackEvent, CancellationToken cancellationToken)
        {
            Unknown.Add(postbackEvent.EventName);
            return Task.CompletedTask;
        }
    }

    private static IAppraisalWorksClient Client()
    {
        var client = Substitute.For<IAppraisalWorksClient>();
        client.FetchEventAsync(Arg.Any<PostbackEvent>(), Arg.Any<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>?>(), Arg.Any<CancellationToken>())
            .Returns(call => Task.FromResult<AppraisalWorksResponse>(call.Arg<PostbackEvent>().KnownName == PostbackEventNames.Completed
                ? new CompletedReport { IsSuccess = true }
                : new CommentDetails { Comment = "hi", IsSuccess = true }));
        return client;
    }

    [Fact]
    public async Task Fifty_forged_Completed_postbacks_with_different_detailIds_fetch_the_report_once()
    {
        var client = Client();
        var handler = new Counting();
        var processor = new PostbackProcessor(client, handler, new InMemoryMessageDeduplicationStore(), new PostbackOptions());

        var results = new List<WebhookResult>();
        for (int detailId = 1; detailId <= 50; detailId++)
        {
            results.Add(await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-9", "Completed", detailId)));
        }

        Assert.Equal(1, handler.Completed);
        Assert.Single(client.ReceivedCalls());
        Assert.Equal(WebhookOutcome.Processed, results[0].Outcome);
        Assert.All(results.Skip(1), r => Assert.Equal((WebhookOutcome.Duplicate, 200), (r.Outcome, r.StatusCode)));
        Assert.Equal("appraisalworks:U-9:Completed", results[0].DeduplicationKey);
    }

    [Theory]
    [InlineData("ExpectedDelivery")]
    [InlineData("Scheduled")]
    [InlineData("Rescheduled")]
    [InlineData("Completed")]
    public async Task Events_whose_route_ignores_the_detailId_are_keyed_without_it(string eventName)
    {
        var processor = new PostbackProcessor(Client(), new Counting(), new InMemoryMessageDeduplicationStore(), new PostbackOptions());
        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", eventName, 77));
        Assert.Equal($"appraisalworks:U-1:{eventName}", result.DeduplicationKey);
    }

    [Fact]
    public async Task Events_whose_route_uses_the_detailId_are_keyed_with_it_so_distinct_comments_are_all_handled()
    {
        var handler = new Counting();
        var processor = new PostbackProcessor(Client(), handler, new InMemoryMessageDeduplicationStore(), new PostbackOptions());

        var first = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Comments", 1));
        await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Comments", 2));

        Assert.Equal("appraisalworks:U-1:Comments:1", first.DeduplicationKey);
        Assert.Equal(2, handler.Comments);
    }

    [Fact]
    public async Task An_unknown_event_is_logged_at_warning_and_reaches_OnUnknownEventAsync_without_a_fetch()
    {
        var client = Client();
        var handler = new Counting();
        var logger = new FakeLogger<PostbackProcessor>();
        var processor = new PostbackProcessor(client, handler, new InMemoryMessageDeduplicationStore(), new PostbackOptions { Scheme = WebhookAuthenticationScheme.HeaderToken, Tokens = { "t" } }, logger);

        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions { Scheme = WebhookAuthenticationScheme.HeaderToken, Tokens = { "t" } }, "U-1", "ProductUnavailable", 0));

        Assert.Equal((WebhookOutcome.Unknown, 200), (result.Outcome, result.StatusCode));
        Assert.Equal(["ProductUnavailable"], handler.Unknown);
        Assert.Empty(client.ReceivedCalls());
        var warning = Assert.Single(logger.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("unknown message type 'ProductUnavailable'", warning.Message, StringComparison.Ordinal);
    }
}
