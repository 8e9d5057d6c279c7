using System.Diagnostics;
using Arrowbase.AppraisalWorks.Postbacks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using Valuation.Webhooks;
using Valuation.Webhooks.Deduplication;

namespace Arrowbase.AppraisalWorks.Tests.Strength;

/// <summary>
/// What reaches the user's <see cref="PostbackHandler"/>: the method of each documented event with its typed
/// details, the key and retention of each event's de-duplication, the handler and client resolved per message, the
/// document streams closed after the fetch, and the span's attributes.
/// </summary>
public class PostbackProcessorStrengthTests
{
    public static TheoryData<string, long, string> Events => new()
    {
        { "Comments", 7, "OnComments" },
        { "Documents", 8, "OnDocuments" },
        { "Hold", 9, "OnHold" },
        { "Resume", 10, "OnResume" },
        { "Cancel", 11, "OnCancel" },
        { "Assignment", 12, "OnAssignment" },
        { "FeeChanged", 13, "OnFeeChanged" },
        { "ExpectedDelivery", 0, "OnExpectedDelivery" },
        { "Scheduled", 0, "OnScheduled" },
        { "Rescheduled", 0, "OnRescheduled" },
        { "Completed", 0, "OnCompleted" },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public async Task Each_documented_event_reaches_its_own_handler_method_with_the_fetched_details(string eventName, long detailId, string method)
    {
        var details = DetailsFor(eventName);
        var handler = new RecordingHandler();
        var processor = new PostbackProcessor(Client(details), handler, null, new PostbackOptions());

        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", eventName, detailId));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        var (called, evt, received) = Assert.Single(handler.Calls);
        Assert.Equal(method, called);
        Assert.Equal(eventName, evt.KnownName);
        Assert.Same(details, received);
    }

    [Fact]
    public async Task Details_of_a_type_no_method_takes_fail_the_handler_so_the_postback_is_redelivered()
    {
        var handler = new RecordingHandler();
        var processor = new PostbackProcessor(Client(new AppraisalWorksResponse { IsSuccess = true }), handler, null, new PostbackOptions());

        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Hold", 3));

        Assert.Equal(WebhookOutcome.HandlerFailed, result.Outcome);
        Assert.IsType<InvalidOperationException>(result.Exception);
        Assert.Empty(handler.Calls);
    }

    [Theory]
    [InlineData("Hold", 5, "appraisalworks:U-1:Hold:5")]
    [InlineData("On Hold", 5, "appraisalworks:U-1:Hold:5")]
    [InlineData("Comments", 0, "appraisalworks:U-1:Comments:0")]
    [InlineData("Scheduled", 0, "appraisalworks:U-1:Scheduled")]
    [InlineData("Completed", 0, "appraisalworks:U-1:Completed")]
    public async Task The_deduplication_key_names_the_order_the_documented_event_and_the_detail_when_its_route_uses_it(string eventName, long detailId, string key)
    {
        var processor = new PostbackProcessor(Client(DetailsFor(PostbackEventNames.Normalize(eventName)!)), new RecordingHandler(), null, new PostbackOptions());

        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", eventName, detailId));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Equal(key, result.DeduplicationKey);
    }

    [Fact]
    public async Task An_unknown_events_key_carries_its_name_made_printable_and_cut_to_128_characters()
    {
        string name = "New\u0001Event" + new string('x', 200);
        var processor = new PostbackProcessor(Substitute.For<IAppraisalWorksClient>(), new RecordingHandler(), null, new PostbackOptions());

        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", name, 4, path: "/Orders/U-1/NewEvent/4"));

        Assert.Equal(WebhookOutcome.Unknown, result.Outcome);
        Assert.Equal("appraisalworks:U-1:" + ("New?Event" + new string('x', 200))[..128] + ":4", result.DeduplicationKey);
    }

    [Theory]
    [InlineData("Hold", 5, false)] // a detail of its own: remembered for DeduplicationRetention
    [InlineData("Hold", 0, true)] // no detail: it repeats, remembered only for the short window
    [InlineData("Scheduled", 9, true)] // a route without the detail: the short window whatever the detailId
    public async Task Repeatable_events_are_remembered_for_the_short_window_and_detailed_ones_for_the_retention(string eventName, long detailId, bool repeatable)
    {
        var time = new FakeTimeProvider();
        var options = new PostbackOptions { RepeatableEventDeduplicationWindow = TimeSpan.FromMinutes(2), DeduplicationRetention = TimeSpan.FromHours(24) };
        var handler = new RecordingHandler();
        var processor = new PostbackProcessor(Client(DetailsFor(eventName)), handler, new InMemoryMessageDeduplicationStore(timeProvider: time), options, timeProvider: time);
        var request = PostbackTestMessages.CreateRequest(options, "U-1", eventName, detailId);

        await processor.ProcessAsync(request);
        time.Advance(TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(1));
        var afterWindow = await processor.ProcessAsync(request);
        time.Advance(TimeSpan.FromHours(24));
        var afterRetention = await processor.ProcessAsync(request);

        Assert.Equal(repeatable ? WebhookOutcome.Processed : WebhookOutcome.Duplicate, afterWindow.Outcome);
        Assert.Equal(WebhookOutcome.Processed, afterRetention.Outcome);
        Assert.Equal(repeatable ? 3 : 2, handler.Calls.Count);
    }

    [Fact]
    public async Task Without_a_fixed_handler_and_client_both_are_resolved_from_the_requests_services()
    {
        var handler = new RecordingHandler();
        var details = DetailsFor("Hold");
        using var services = new ServiceCollection().AddSingleton<PostbackHandler>(handler).AddSingleton(Client(details)).BuildServiceProvider();
        var processor = new PostbackProcessor(new PostbackOptions(), null, null, null, null, null, null, null);

        var result = await processor.ProcessAsync(new WebhookRequest(PostbackTestMessages.CreateBody("U-1", "Hold", 5)) { Services = services });

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Same(details, Assert.Single(handler.Calls).Details);
    }

    [Fact]
    public async Task Without_a_fixed_handler_and_client_they_are_resolved_from_a_scope_per_message()
    {
        var handler = new RecordingHandler();
        using var services = new ServiceCollection().AddScoped<PostbackHandler>(_ => handler).AddSingleton(Client(DetailsFor("Hold"))).BuildServiceProvider();
        var processor = new PostbackProcessor(new PostbackOptions(), null, null, null, null, services.GetRequiredService<IServiceScopeFactory>(), null, null);

        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Hold", 5));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Single(handler.Calls);
    }

    [Fact]
    public async Task No_registered_handler_fails_the_postback_and_says_what_to_register()
    {
        using var services = new ServiceCollection().BuildServiceProvider();
        var processor = new PostbackProcessor(new PostbackOptions(), null, null, null, null, null, null, null);

        var result = await processor.ProcessAsync(new WebhookRequest(PostbackTestMessages.CreateBody("U-1", "Hold", 5)) { Services = services });

        Assert.Equal(WebhookOutcome.HandlerFailed, result.Outcome);
        Assert.Contains("AddAppraisalWorksPostbacks", result.Exception!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_registered_client_fails_a_known_event_but_an_unknown_one_needs_none()
    {
        var handler = new RecordingHandler();
        using var services = new ServiceCollection().AddSingleton<PostbackHandler>(handler).BuildServiceProvider();
        var processor = new PostbackProcessor(new PostbackOptions(), null, null, null, null, null, null, null);

        var known = await processor.ProcessAsync(new WebhookRequest(PostbackTestMessages.CreateBody("U-1", "Hold", 5)) { Services = services });
        var unknown = await processor.ProcessAsync(new WebhookRequest(PostbackTestMessages.CreateBody("U-1", "Brand New", 5, "/Orders/U-1/BrandNew/5")) { Services = services });

        Assert.Equal(WebhookOutcome.HandlerFailed, known.Outcome);
        Assert.Contains("AddAppraisalWorks(", known.Exception!.Message, StringComparison.Ordinal);
        Assert.Equal(WebhookOutcome.Unknown, unknown.Outcome);
        Assert.Equal("OnUnknownEvent", Assert.Single(handler.Calls).Method);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_document_stream_the_handler_opened_is_disposed_after_the_fetch_even_a_failed_one(bool fetchFails)
    {
        var handler = new RecordingHandler();
        var client = Substitute.For<IAppraisalWorksClient>();
        var file = new EmbeddedFileInfo();
        client.FetchEventAsync(Arg.Any<PostbackEvent>(), Arg.Any<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>?>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                var open = call.Arg<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>>();
                await open(file, CancellationToken.None);
                await open(file, CancellationToken.None);
                return fetchFails ? throw new IOException("the connection broke") : (AppraisalWorksResponse)new DocumentDetails();
            });
        var processor = new PostbackProcessor(client, handler, null, new PostbackOptions());

        var result = await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", "Documents", 8));

        Assert.Equal(fetchFails ? WebhookOutcome.HandlerFailed : WebhookOutcome.Processed, result.Outcome);
        Assert.Equal(2, handler.Opened.Count);
        Assert.All(handler.Opened, s => Assert.True(s.Disposed));
        Assert.All(handler.OpenedFor, f => Assert.Same(file, f));
    }

    [Fact]
    public async Task The_span_of_a_postback_names_its_order_event_and_detail()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == Valuation.Webhooks.Diagnostics.WebhookTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) { spans.Add(a); } },
        };
        ActivitySource.AddActivityListener(listener);
        var processor = new PostbackProcessor(Client(DetailsFor("Hold")), new RecordingHandler(), null, new PostbackOptions());
        string uid = "U-span-" + Guid.NewGuid().ToString("N");

        await processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), uid, "On Hold", 42));

        Activity span;
        lock (spans)
        {
            span = Assert.Single(spans, s => (s.GetTagItem("appraisalworks.transaction_uid") as string) == uid);
        }

        Assert.Equal("Hold", span.GetTagItem("appraisalworks.event"));
        Assert.Equal(42L, span.GetTagItem("appraisalworks.detail_id"));
        Assert.Equal("Hold", span.GetTagItem(Valuation.Webhooks.Diagnostics.WebhookTelemetry.MessageTypeAttribute));
        Assert.Equal("process " + PostbackProcessor.ReceiverName, span.DisplayName);
    }

    [Theory]
    [InlineData("fetch")]
    [InlineData("open")]
    [InlineData("dispose")]
    [InlineData("dispatch")]
    [InlineData("unknown")]
    public async Task Handling_a_postback_never_resumes_on_the_callers_synchronization_context(string waitsAt)
    {
        var handler = new WaitingHandler(waitsAt);
        var client = Substitute.For<IAppraisalWorksClient>();
        client.FetchEventAsync(Arg.Any<PostbackEvent>(), Arg.Any<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>?>(), Arg.Any<CancellationToken>())
            .Returns(async call =>
            {
                if (waitsAt == "fetch")
                {
                    await Task.Delay(1).ConfigureAwait(false);
                }

                var open = call.Arg<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>>();
                await open(new EmbeddedFileInfo(), CancellationToken.None).ConfigureAwait(false);
                return (AppraisalWorksResponse)new HoldDetails();
            });
        var processor = new PostbackProcessor(client, handler, null, new PostbackOptions());
        var context = new Valuation.Tests.Support.CountingSynchronizationContext();
        string eventName = waitsAt == "unknown" ? "Brand New" : "Hold";

        var result = await context.Run(() => processor.ProcessAsync(PostbackTestMessages.CreateRequest(new PostbackOptions(), "U-1", eventName, 5, eventName == "Hold" ? null : "/Orders/U-1/BrandNew/5")));

        Assert.True(result.IsSuccess, result.Reason);
        Assert.Equal(0, context.Posts);
    }

    private static AppraisalWorksResponse DetailsFor(string eventName) => eventName switch
    {
        "Comments" => new CommentDetails(),
        "Documents" => new DocumentDetails(),
        "Hold" => new HoldDetails(),
        "Resume" => new ResumeDetails(),
        "Cancel" => new CancelDetails(),
        "Assignment" => new AssignmentDetails(),
        "FeeChanged" => new FeeChangeDetails(),
        "ExpectedDelivery" => new ExpectedDeliveryDetails(),
        "Scheduled" or "Rescheduled" => new AppointmentDetails(),
        "Completed" => new CompletedReport(),
        _ => throw new ArgumentOutOfRangeException(nameof(eventName)),
    };

    private static IAppraisalWorksClient Client(AppraisalWorksResponse details)
    {
        var client = Substitute.For<IAppraisalWorksClient>();
        client.FetchEventAsync(Arg.Any<PostbackEvent>(), Arg.Any<Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>>?>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(details));
        return client;
    }

    private sealed class RecordingHandler : PostbackHandler
    {
        public List<(string Method, PostbackEvent Event, AppraisalWorksResponse? Details)> Calls { get; } = [];

        public List<TrackedStream> Opened { get; } = [];

        public List<EmbeddedFileInfo> OpenedFor { get; } = [];

        public override ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken)
        {
            var stream = new TrackedStream();
            Opened.Add(stream);
            OpenedFor.Add(file);
            return ValueTask.FromResult<Stream>(stream);
        }

        public override Task OnCommentsAsync(PostbackEvent postbackEvent, CommentDetails details, CancellationToken cancellationToken) => Record("OnComments", postbackEvent, details);

        public override Task OnDocumentsAsync(PostbackEvent postbackEvent, DocumentDetails details, CancellationToken cancellationToken) => Record("OnDocuments", postbackEvent, details);

        public override Task OnHoldAsync(PostbackEvent postbackEvent, HoldDetails details, CancellationToken cancellationToken) => Record("OnHold", postbackEvent, details);

        public override Task OnResumeAsync(PostbackEvent postbackEvent, ResumeDetails details, CancellationToken cancellationToken) => Record("OnResume", postbackEvent, details);

        public override Task OnCancelAsync(PostbackEvent postbackEvent, CancelDetails details, CancellationToken cancellationToken) => Record("OnCancel", postbackEvent, details);

        public override Task OnAssignmentAsync(PostbackEvent postbackEvent, AssignmentDetails details, CancellationToken cancellationToken) => Record("OnAssignment", postbackEvent, details);

        public override Task OnFeeChangedAsync(PostbackEvent postbackEvent, FeeChangeDetails details, CancellationToken cancellationToken) => Record("OnFeeChanged", postbackEvent, details);

        public override Task OnExpectedDeliveryAsync(PostbackEvent postbackEvent, ExpectedDeliveryDetails details, CancellationToken cancellationToken) => Record("OnExpectedDelivery", postbackEvent, details);

        public override Task OnScheduledAsync(PostbackEvent postbackEvent, AppointmentDetails details, CancellationToken cancellationToken) => Record("OnScheduled", postbackEvent, details);

        public override Task OnRescheduledAsync(PostbackEvent postbackEvent, AppointmentDetails details, CancellationToken cancellationToken) => Record("OnRescheduled", postbackEvent, details);

        public override Task OnCompletedAsync(PostbackEvent postbackEvent, CompletedReport report, CancellationToken cancellationToken) => Record("OnCompleted", postbackEvent, report);

        public override Task OnUnknownEventAsync(PostbackEvent postbackEvent, CancellationToken cancellationToken) => Record("OnUnknownEvent", postbackEvent, null);

        private Task Record(string method, PostbackEvent evt, AppraisalWorksResponse? details)
        {
            lock (Calls)
            {
                Calls.Add((method, evt, details));
            }

            return Task.CompletedTask;
        }
    }

    private sealed class TrackedStream : MemoryStream
    {
        public bool Disposed { get; private set; }

        public override ValueTask DisposeAsync()
        {
            Disposed = true;
            return base.DisposeAsync();
        }
    }

    /// <summary>A handler that waits for real at one chosen step: opening a document stream, closing it, or handling.</summary>
    private sealed class WaitingHandler(string waitsAt) : PostbackHandler
    {
        public override async ValueTask<Stream> OpenDocumentStreamAsync(PostbackEvent postbackEvent, EmbeddedFileInfo file, CancellationToken cancellationToken)
        {
            if (waitsAt == "open")
            {
                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            }

            return new WaitingDisposeStream(waitsAt == "dispose");
        }

        public override async Task OnHoldAsync(PostbackEvent postbackEvent, HoldDetails details, CancellationToken cancellationToken)
        {
            if (waitsAt == "dispatch")
            {
                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            }
        }

        public override async Task OnUnknownEventAsync(PostbackEvent postbackEvent, CancellationToken cancellationToken) =>
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
    }

    private sealed class WaitingDisposeStream(bool waits) : MemoryStream
    {
        public override async ValueTask DisposeAsync()
        {
            if (waits)
            {
                await Task.Delay(1).ConfigureAwait(false);
            }

            await base.DisposeAsync().ConfigureAwait(false);
        }
    }
}
