using System.Net;
using System.Text;
using Arrowbase.AppraisalWorks.Postbacks;
using Arrowbase.AppraisalWorks.Tests.Support;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;

namespace Arrowbase.AppraisalWorks.Tests;

public class PostbackTests
{
    private const string Uid = "0987-0bbc-fe36-9AC9";

    [Theory]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","eventName":"Hold","detailId":42,"path":"/Orders/U-1/Hold/42"}}""", 42)]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","eventName":"Hold","detailId":"42","path":"/Orders/U-1/Hold/42"}}""", 42)]
    [InlineData("""{"ApiEvent":{"TransactionUID":"U-1","EventName":"hold","DetailId":"0"}}""", 0)]
    public void Postbacks_parse_with_detailId_as_number_or_string(string json, long detailId)
    {
        var e = PostbackEvent.Parse(json);
        Assert.Equal("U-1", e.TransactionUid);
        Assert.Equal("Hold", e.KnownName);
        Assert.Equal(detailId, e.DetailId);
    }

    [Fact]
    public void An_unknown_event_parses_and_says_it_is_unknown_but_has_no_route()
    {
        var e = PostbackEvent.Parse("""{"apiEvent":{"transactionUID":"U-1","eventName":"Appraised","detailId":1,"path":"/Orders/U-1/Appraised/1"}}""");
        Assert.False(e.IsKnown);
        Assert.Contains("unknown", e.ToString(), StringComparison.Ordinal);
        var ex = Assert.Throws<PostbackRouteException>(() => PostbackRoute.Verify(e));
        Assert.Contains("unknown event 'Appraised'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("{}", "no 'apiEvent'")]
    [InlineData("""{"apiEvent":{"eventName":"Hold","detailId":1}}""", "transactionUID is missing")]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","detailId":1}}""", "eventName is missing")]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","eventName":"Hold","detailId":"-3"}}""", "detailId")]
    [InlineData("""{"apiEvent":{"transactionUID":"U-1","eventName":"Hold","detailId":"x"}}""", "detailId")]
    [InlineData("""{"apiEvent":{"transactionUID":"../admin","eventName":"Hold","detailId":1}}""", "transactionUID")]
    public void Malformed_postbacks_say_what_is_wrong(string json, string message)
    {
        var ex = Assert.Throws<PostbackFormatException>(() => PostbackEvent.Parse(json));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Comments", 5, "/Orders/U-1/Comments/5")]
    [InlineData("Documents", 5, "/Orders/U-1/Documents/5")]
    [InlineData("Hold", 0, "/Orders/U-1/Hold")]
    [InlineData("FeeChanged", 9, "/Orders/U-1/FeeChanged/9")]
    [InlineData("ExpectedDelivery", 77, "/Orders/U-1/ExpectedDelivery")]
    [InlineData("Scheduled", 77, "/Orders/U-1/Scheduled")]
    [InlineData("Rescheduled", 0, "/Orders/U-1/Rescheduled")]
    [InlineData("Completed", 77, "/Orders/U-1/Completed")]
    public void Routes_are_rebuilt_from_the_parts(string eventName, long detailId, string route) =>
        Assert.Equal(route, PostbackRoute.Build(new PostbackEvent("U-1", eventName, detailId, null)));

    [Theory]
    [InlineData("https://evil.example/Orders/U-1/Hold/5")]
    [InlineData("//evil.example/Orders/U-1/Hold/5")]
    [InlineData("/Orders/U-1/Hold/5/../../../admin")]
    [InlineData("/Orders/U-1/../U-2/Hold/5")]
    [InlineData("/Orders/U-1%2FHold/5")]
    [InlineData("/Orders/U-1/Hold%2F5")]
    [InlineData("/Orders/U-1%5CHold/5")]
    [InlineData("/Orders/%2E%2E/Hold/5")]
    [InlineData("/Orders/U-2/Hold/5")]
    [InlineData("/Orders/U-1/Cancel/5")]
    [InlineData("/Orders/U-1/Hold/6")]
    [InlineData("/Orders/U-1/Hold/5?x=1")]
    [InlineData("\\\\evil\\share")]
    [InlineData("/Orders/U-1\\Hold/5")]
    public async Task Hostile_or_mismatched_paths_are_refused_and_nothing_is_fetched(string path)
    {
        var e = new PostbackEvent("U-1", "Hold", 5, path);
        Assert.Throws<PostbackRouteException>(() => PostbackRoute.Verify(e));

        var f = new ClientFixture();
        await Assert.ThrowsAsync<PostbackRouteException>(() => f.Client.FetchEventAsync(e));
        Assert.Empty(f.Requests);
    }

    [Fact]
    public async Task FetchEvent_gets_the_rebuilt_route_with_a_signed_GET()
    {
        var f = new ClientFixture();
        f.Expect(HttpMethod.Get, $"https://uat-api.arrowbasetech.com/RapiV1/Orders/{Uid}/Resume/1823005", TestData.Read("event-resume.json"));

        var data = await f.Client.FetchEventAsync(PostbackEvent.Parse(TestData.ReadBytes("postback.json")));

        Assert.Equal("The unforeseen issue has been addressed.", Assert.IsType<ResumeDetails>(data).Reason);
        Assert.Single(f.Requests).AssertSigned($"/Orders/{Uid}/Resume/1823005");
    }

    private sealed class RecordingHandler : PostbackHandler
    {
        public List<string> Calls { get; } = [];

        public Exception? Throw { get; set; }

        public List<MemoryStream> Documents { get; } = [];

        public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken)
        {
            var s = new MemoryStream();
            Documents.Add(s);
            return ValueTask.FromResult<Stream>(s);
        }

        public override Task OnHoldAsync(PostbackEvent postbackEvent, HoldDetails details, CancellationToken cancellationToken) => Record("Hold:" + details.Reason);

        public override Task OnScheduledAsync(PostbackEvent postbackEvent, AppointmentDetails details, CancellationToken cancellationToken) => Record("Scheduled:" + details.AppointmentDate);

        public override Task OnRescheduledAsync(PostbackEvent postbackEvent, AppointmentDetails details, CancellationToken cancellationToken) => Record("Rescheduled:" + details.AppointmentDate);

        public override Task OnDocumentsAsync(PostbackEvent postbackEvent, DocumentDetails details, CancellationToken cancellationToken) => Record("Documents:" + details.EmbeddedFile!.Length);

        public override Task OnUnknownEventAsync(PostbackEvent postbackEvent, CancellationToken cancellationToken) => Record("Unknown:" + postbackEvent.EventName);

        private Task Record(string call)
        {
            Calls.Add(call);
            return Throw is null ? Task.CompletedTask : Task.FromException(Throw);
        }
    }

    private static (PostbackProcessor Processor, IAppraisalWorksClient Client, RecordingHandler Handler, InMemoryMessageDeduplicationStore Store) Processor(PostbackOptions? options = null)
    {
        var client = Substitute.For<IAppraisalWorksClient>();
        client.FetchEventAsync(Arg.Any<PostbackEvent>(), Arg.Any<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>?>(), Arg.Any<CancellationToken>())
            .Returns(call => Task.FromResult<AppraisalWorksResponse>(call.Arg<PostbackEvent>().KnownName switch
            {
                "Hold" => new HoldDetails { Reason = "delay", IsSuccess = true },
                "Scheduled" or "Rescheduled" => new AppointmentDetails { AppointmentDate = AppraisalWorksDate.Parse("2022-04-28 14:15:00Z") },
                _ => throw new InvalidOperationException("unexpected"),
            }));
        var handler = new RecordingHandler();
        var store = new InMemoryMessageDeduplicationStore();
        return (new PostbackProcessor(client, handler, store, options ?? new PostbackOptions()), client, handler, store);
    }

    [Fact]
    public async Task A_postback_is_fetched_dispatched_and_then_deduplicated()
    {
        var (processor, client, handler, _) = Processor();
        var request = PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Hold", 5);

        var first = await processor.ProcessAsync(request);
        var second = await processor.ProcessAsync(request);

        Assert.Equal(WebhookOutcome.Processed, first.Outcome);
        Assert.Equal(200, first.StatusCode);
        Assert.Equal(WebhookOutcome.Duplicate, second.Outcome);
        Assert.Equal(200, second.StatusCode);
        Assert.Equal(["Hold:delay"], handler.Calls);
        await client.Received(1).FetchEventAsync(Arg.Any<PostbackEvent>(), Arg.Any<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>?>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Detail_less_events_are_deduplicated_only_for_a_short_window()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var (_, client, handler, _) = Processor();
        var store = new InMemoryMessageDeduplicationStore(timeProvider: time);
        var processor = new PostbackProcessor(client, handler, store, new PostbackOptions());
        var request = PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Scheduled", 0);

        Assert.Equal(WebhookOutcome.Processed, (await processor.ProcessAsync(request)).Outcome);
        Assert.Equal(WebhookOutcome.Duplicate, (await processor.ProcessAsync(request)).Outcome);
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(WebhookOutcome.Processed, (await processor.ProcessAsync(request)).Outcome);
        Assert.Equal(2, handler.Calls.Count);
    }

    [Fact]
    public async Task Rescheduled_dispatches_to_its_own_method()
    {
        var (processor, _, handler, _) = Processor();
        await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Rescheduled", 0));
        Assert.StartsWith("Rescheduled:", Assert.Single(handler.Calls), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_handler_gives_500_and_releases_the_claim_for_redelivery()
    {
        var (processor, _, handler, _) = Processor();
        handler.Throw = new InvalidOperationException("db down");
        var request = PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Hold", 5);

        var failed = await processor.ProcessAsync(request);
        handler.Throw = null;
        var retried = await processor.ProcessAsync(request);

        Assert.Equal(WebhookOutcome.HandlerFailed, failed.Outcome);
        Assert.Equal(500, failed.StatusCode);
        Assert.Contains("db down", failed.Reason, StringComparison.Ordinal);
        Assert.Equal(WebhookOutcome.Processed, retried.Outcome);
    }

    [Fact]
    public async Task A_failing_fetch_gives_502_and_releases_the_claim()
    {
        var (processor, client, handler, _) = Processor();
        client.FetchEventAsync(Arg.Any<PostbackEvent>(), Arg.Any<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>?>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new AppraisalWorksException("boom", HttpStatusCode.InternalServerError, null));
        var request = PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Hold", 5);

        var result = await processor.ProcessAsync(request);
        var again = await processor.ProcessAsync(request);

        Assert.Equal(WebhookOutcome.HandlerFailed, result.Outcome);
        Assert.Equal(500, result.StatusCode);
        Assert.Equal(WebhookOutcome.HandlerFailed, again.Outcome); // not swallowed as a duplicate
        Assert.Empty(handler.Calls);
    }

    [Fact]
    public async Task Unknown_events_answer_200_without_fetching()
    {
        var (processor, client, handler, _) = Processor();
        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Appraised", 3));
        Assert.Equal(WebhookOutcome.Unknown, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal(["Unknown:Appraised"], handler.Calls);
        Assert.Empty(client.ReceivedCalls());
    }

    [Fact]
    public async Task Malformed_refused_and_oversized_postbacks_get_400_and_413()
    {
        var (processor, client, _, _) = Processor(new PostbackOptions { MaxBodyBytes = 512 });

        var malformed = await processor.ProcessAsync(new WebhookRequest("{"u8.ToArray()));
        var refused = await processor.ProcessAsync(new WebhookRequest(PostbackTestMessages.CreateBody("U-1", "Hold", 5, "https://evil/Orders/U-1/Hold/5")));
        var big = await processor.ProcessAsync(new WebhookRequest(new byte[513]));
        var bigStream = await processor.ProcessAsync(new WebhookRequest(new MemoryStream(new byte[10_000]), null, null, null));

        Assert.Equal((WebhookOutcome.Malformed, 400), (malformed.Outcome, malformed.StatusCode));
        Assert.Equal((WebhookOutcome.Malformed, 400), (refused.Outcome, refused.StatusCode));
        Assert.Equal((WebhookOutcome.PayloadTooLarge, 413), (big.Outcome, big.StatusCode));
        Assert.Equal(WebhookOutcome.PayloadTooLarge, bigStream.Outcome);
        Assert.Empty(client.ReceivedCalls());
    }

    public static TheoryData<WebhookAuthenticationScheme> Modes => new() { WebhookAuthenticationScheme.HeaderToken, WebhookAuthenticationScheme.QueryToken, WebhookAuthenticationScheme.Basic };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Shared_secret_checks_accept_the_test_helpers_credentials_and_refuse_others(WebhookAuthenticationScheme mode)
    {
        var options = new PostbackOptions { Scheme = mode, BasicUserName = "aw", BasicPassword = "pw-1" };
        options.Tokens.Add("tok-1");
        var (processor, _, handler, _) = Processor(options);
        var wrong = new PostbackOptions { Scheme = mode, BasicUserName = "aw", BasicPassword = "nope" };
        wrong.Tokens.Add("tok-2");

        var ok = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(options, "U-1", "Hold", 5));
        var bad = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(wrong, "U-1", "Hold", 6));
        var none = await processor.ProcessAsync(new WebhookRequest(PostbackTestMessages.CreateBody("U-1", "Hold", 7)));

        Assert.Equal(WebhookOutcome.Processed, ok.Outcome);
        Assert.Equal((WebhookOutcome.Unauthorized, 401), (bad.Outcome, bad.StatusCode));
        Assert.Equal((WebhookOutcome.Unauthorized, 401), (none.Outcome, none.StatusCode));
        Assert.DoesNotContain("tok-", bad.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-", bad.Reason, StringComparison.Ordinal);
        Assert.Single(handler.Calls);
    }

    [Fact]
    public async Task A_documents_postback_streams_the_document_to_the_handlers_stream_end_to_end()
    {
        var f = new ClientFixture();
        byte[] content = Encoding.UTF8.GetBytes("revised report");
        string json = TestData.Read("event-documents.json").Replace(" . . . base64 encoded data . . . ", Convert.ToBase64String(content), StringComparison.Ordinal);
        f.Expect(HttpMethod.Get, "https://uat-api.arrowbasetech.com/RapiV1/Orders/U-1/Documents/12", json);
        var handler = new RecordingHandler();
        var processor = new PostbackProcessor(f.Client, handler, new InMemoryMessageDeduplicationStore(), new PostbackOptions());

        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Documents", 12));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Equal(content, Assert.Single(handler.Documents).ToArray());
        Assert.Equal([$"Documents:{content.Length}"], handler.Calls);
        Assert.Single(f.Requests).AssertSigned("/Orders/U-1/Documents/12");
    }
}
