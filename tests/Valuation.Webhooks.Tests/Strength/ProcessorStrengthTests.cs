using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Valuation.Webhooks.Deduplication;
using Valuation.Webhooks.Inbox;

namespace Valuation.Webhooks.Tests.Strength;

/// <summary>
/// The engine between a verified body and the answer: the declared-length edge, store and inbox failures, the
/// settlement of a claim after the handler (and when that fails), cancellation, scopes, retention, stored
/// deliveries, and the printable text of sender-supplied values.
/// </summary>
public class ProcessorStrengthTests
{
    [Fact]
    public async Task A_declared_length_of_exactly_MaxBodyBytes_is_read_and_one_more_is_refused_unread()
    {
        var options = new TestOptions { MaxBodyBytes = 2000 };
        byte[] body = VerificationStrengthTests.Padded(TestProcessor.Body("d"), 2000);
        var signed = WebhookTestRequests.Create(options, body);
        var processor = new TestProcessor(options, (_, _) => Task.CompletedTask);
        var unreadable = new UnreadableStream();

        var atCap = await processor.ProcessAsync(new WebhookRequest(new MemoryStream(body), 2000, signed.GetHeader, null));
        var overCap = await processor.ProcessAsync(new WebhookRequest(unreadable, 2001, signed.GetHeader, null));

        Assert.Equal(WebhookOutcome.Processed, atCap.Outcome);
        Assert.Equal(WebhookOutcome.PayloadTooLarge, overCap.Outcome);
        Assert.Equal("The body declares 2001 bytes; the limit is 2000.", overCap.Reason);
        Assert.False(unreadable.Touched);
    }

    [Fact]
    public async Task A_store_that_fails_to_claim_gives_503_with_the_failure_and_runs_nothing()
    {
        var store = new ScriptedStore { FailClaim = new IOException("redis down") };
        int ran = 0;
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.FromResult(++ran), store);

        var result = await processor.ProcessAsync(TestProcessor.Request("s-1"));

        Assert.Equal(WebhookOutcome.StoreUnavailable, result.Outcome);
        Assert.Equal(503, result.StatusCode);
        Assert.IsType<IOException>(result.Exception);
        Assert.Equal("test:s-1", result.DeduplicationKey);
        Assert.Equal("s-1", result.Message!.Id);
        Assert.Equal(0, ran);
    }

    [Fact]
    public async Task A_store_timeout_is_a_503_but_a_cancelled_request_propagates_its_cancellation()
    {
        var timingOut = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, new ScriptedStore { FailClaim = new OperationCanceledException("store timeout") });
        using var aborted = new CancellationTokenSource();
        var store = new ScriptedStore();
        store.OnClaim = () => aborted.Cancel();
        var cancelled = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, store);

        var timedOut = await timingOut.ProcessAsync(TestProcessor.Request("s-2"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.ProcessAsync(TestProcessor.Request("s-3"), aborted.Token));

        Assert.Equal(WebhookOutcome.StoreUnavailable, timedOut.Outcome);
    }

    [Fact]
    public async Task An_inbox_timeout_while_the_request_is_live_is_a_503_not_a_cancellation()
    {
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, inbox: new ScriptedInbox(new InMemoryWebhookInbox("timing-out")) { FailEnqueue = new OperationCanceledException("the inbox's own timeout") });

        var result = await processor.ProcessAsync(TestProcessor.Request("i-timeout"));

        Assert.Equal(WebhookOutcome.StoreUnavailable, result.Outcome);
        Assert.IsType<OperationCanceledException>(result.Exception);
    }

    [Fact]
    public async Task With_an_inbox_the_message_is_stored_and_answered_without_running_the_handler()
    {
        var inbox = new InMemoryWebhookInbox("test");
        int ran = 0;
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.FromResult(++ran), inbox: inbox);

        var result = await processor.ProcessAsync(TestProcessor.Request("i-1"));

        Assert.Equal(WebhookOutcome.Accepted, result.Outcome);
        Assert.Equal("Stored in the inbox as 1.", result.Reason);
        Assert.Equal("test:i-1", result.DeduplicationKey);
        Assert.Equal("i-1", result.Message!.Id);
        Assert.Equal(0, ran);
        var stored = Assert.Single(await inbox.ReceiveAsync("w", 5, TimeSpan.FromMinutes(1)));
        Assert.Equal("test:i-1", stored.DeduplicationKey);
        Assert.Equal(TestProcessor.Body("i-1"), stored.Body.ToArray());
    }

    [Fact]
    public async Task An_inbox_that_fails_to_store_gives_503_and_accepts_nothing_while_a_cancelled_request_propagates()
    {
        var failing = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, inbox: new ScriptedInbox(new InMemoryWebhookInbox("failing")) { FailEnqueue = new IOException("redis down") });
        var cancelled = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, inbox: new ScriptedInbox(new InMemoryWebhookInbox("cancelled")));
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();

        var result = await failing.ProcessAsync(TestProcessor.Request("i-2"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.ProcessAsync(new WebhookRequest(TestProcessor.Body("i-3"), TestProcessor.Request("i-3").GetHeader), aborted.Token));

        Assert.Equal(WebhookOutcome.StoreUnavailable, result.Outcome);
        Assert.IsType<IOException>(result.Exception);
        Assert.Equal("test:i-2", result.DeduplicationKey);
    }

    [Fact]
    public async Task A_store_that_fails_to_complete_after_the_handler_ran_still_answers_2xx_and_logs_it()
    {
        var logger = new FakeLogger();
        var store = new ScriptedStore { FailComplete = new IOException("redis down") };
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, store, logger: logger);

        var result = await processor.ProcessAsync(TestProcessor.Request("c-1"));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Name == "WebhookClaimNotSettled" && r.Level == LogLevel.Error && r.Exception is IOException);
    }

    [Fact]
    public async Task A_claim_taken_over_before_complete_or_release_is_left_alone_and_logged()
    {
        var logger = new FakeLogger();
        var store = new ScriptedStore { CompleteAnswers = false, ReleaseAnswers = false };
        var ok = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, store, logger: logger);
        var failing = new TestProcessor(new TestOptions(), (_, _) => throw new InvalidOperationException("boom"), store, logger: logger);

        var processed = await ok.ProcessAsync(TestProcessor.Request("t-1"));
        var failed = await failing.ProcessAsync(TestProcessor.Request("t-2"));

        Assert.Equal(WebhookOutcome.Processed, processed.Outcome);
        Assert.Equal(WebhookOutcome.HandlerFailed, failed.Outcome);
        Assert.Equal(2, logger.Collector.GetSnapshot().Count(r => r.Id.Name == "WebhookClaimTakenOver"));
    }

    [Fact]
    public async Task A_store_that_fails_to_release_after_a_failed_handler_still_reports_the_handler_failure()
    {
        var logger = new FakeLogger();
        var store = new ScriptedStore { FailRelease = new IOException("redis down") };
        var processor = new TestProcessor(new TestOptions(), (_, _) => throw new FormatException("bad data"), store, logger: logger);

        var result = await processor.ProcessAsync(TestProcessor.Request("r-1"));

        Assert.Equal(WebhookOutcome.HandlerFailed, result.Outcome);
        Assert.Equal("The handler failed for test:r-1 (FormatException: bad data).", result.Reason);
        Assert.IsType<FormatException>(result.Exception);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Name == "WebhookClaimNotSettled");
    }

    [Fact]
    public async Task A_handler_that_fails_before_its_first_await_releases_its_claim_so_a_redelivery_runs_it_again()
    {
        int runs = 0;
        var processor = new TestProcessor(new TestOptions(), (_, _) => ++runs == 1 ? throw new InvalidOperationException("first") : Task.CompletedTask);

        var first = await processor.ProcessAsync(TestProcessor.Request("f-1"));
        var second = await processor.ProcessAsync(TestProcessor.Request("f-1"));

        Assert.Equal(WebhookOutcome.HandlerFailed, first.Outcome);
        Assert.Equal(WebhookOutcome.Processed, second.Outcome);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task An_aborted_request_cancels_the_handler_propagates_and_releases_the_claim_once_the_handler_ends()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;
        var processor = new TestProcessor(new TestOptions(), async (_, ct) =>
        {
            if (Interlocked.Increment(ref runs) == 1)
            {
                started.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
        });
        using var aborted = new CancellationTokenSource();

        var pending = processor.ProcessAsync(TestProcessor.Request("a-1"), aborted.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await aborted.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await processor.WhenLateHandlersSettledAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var redelivery = await processor.ProcessAsync(TestProcessor.Request("a-1"));

        Assert.Equal(WebhookOutcome.Processed, redelivery.Outcome);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task A_handler_that_ignores_an_aborted_request_keeps_its_claim_until_it_ends_and_then_completes_it()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new TestProcessor(new TestOptions(), async (_, _) =>
        {
            started.TrySetResult();
            await finish.Task; // ignores its token
        });
        using var aborted = new CancellationTokenSource();

        var pending = processor.ProcessAsync(TestProcessor.Request("a-2"), aborted.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await aborted.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        var meanwhile = await processor.ProcessAsync(TestProcessor.Request("a-2"));
        finish.SetResult();
        await processor.WhenLateHandlersSettledAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var after = await processor.ProcessAsync(TestProcessor.Request("a-2"));

        Assert.Equal(WebhookOutcome.InProgress, meanwhile.Outcome);
        Assert.Equal(WebhookOutcome.Duplicate, after.Outcome);
    }

    [Fact]
    public async Task Without_request_services_each_message_runs_in_a_scope_of_its_own_disposed_afterwards()
    {
        using var root = new ServiceCollection().AddScoped<Probe>().BuildServiceProvider();
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, scopes: root.GetRequiredService<IServiceScopeFactory>());

        await processor.ProcessAsync(TestProcessor.Request("sc-1"));
        await processor.ProcessAsync(TestProcessor.Request("sc-2"));

        Assert.Equal(2, processor.HandlerServices.Count);
        Assert.NotSame(processor.HandlerServices[0], processor.HandlerServices[1]);
        Assert.All(processor.HandlerServices, s => Assert.Throws<ObjectDisposedException>(() => s!.GetService<Probe>()));
    }

    [Fact]
    public async Task The_requests_own_services_are_used_as_they_are_and_no_scope_is_opened()
    {
        using var root = new ServiceCollection().AddScoped<Probe>().BuildServiceProvider();
        using var requestScope = root.CreateScope();
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, scopes: root.GetRequiredService<IServiceScopeFactory>());
        var signed = TestProcessor.Request("sc-3");

        await processor.ProcessAsync(new WebhookRequest(TestProcessor.Body("sc-3"), signed.GetHeader) { Services = requestScope.ServiceProvider });

        Assert.Same(requestScope.ServiceProvider, Assert.Single(processor.HandlerServices));
    }

    [Fact]
    public async Task A_processed_message_is_remembered_for_the_configured_retention()
    {
        var time = new FakeTimeProvider();
        var options = new TestOptions { DeduplicationRetention = TimeSpan.FromMinutes(10) };
        int runs = 0;
        var processor = new TestProcessor(options, (_, _) => Task.FromResult(++runs), new InMemoryMessageDeduplicationStore(timeProvider: time), time: time);

        await processor.ProcessAsync(TestProcessor.Request("rt-1"));
        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromTicks(1));
        var within = await processor.ProcessAsync(TestProcessor.Request("rt-1"));
        time.Advance(TimeSpan.FromTicks(1));
        var after = await processor.ProcessAsync(TestProcessor.Request("rt-1"));

        Assert.Equal(WebhookOutcome.Duplicate, within.Outcome);
        Assert.Equal(WebhookOutcome.Processed, after.Outcome);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task A_stored_delivery_runs_under_the_given_timeout_and_one_that_no_longer_parses_is_malformed_with_its_key()
    {
        var time = new FakeTimeProvider();
        var processor = new TestProcessor(new TestOptions(), async (_, ct) => await Task.Delay(TimeSpan.FromSeconds(5), time, ct), time: time);
        var good = new InboxDelivery("1", "test:d-1", TestProcessor.Body("d-1"), 2, time.GetUtcNow(), "w", "lease");
        var bad = new InboxDelivery("2", "test:d-2", "not json"u8.ToArray(), 0, time.GetUtcNow(), "w", "lease");

        var running = processor.ProcessInboxDeliveryAsync(good, null, TimeSpan.FromSeconds(3));
        var malformed = await processor.ProcessInboxDeliveryAsync(bad, null, TimeSpan.FromSeconds(3));
        for (int i = 0; i < 400 && !running.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(25));
            await Task.Delay(1);
        }

        var timedOut = await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(WebhookOutcome.TimedOut, timedOut.Outcome);
        Assert.Equal("The handler did not finish test:d-1 within 00:00:03.", timedOut.Reason);
        Assert.Equal(WebhookOutcome.Malformed, malformed.Outcome);
        Assert.Equal("test:d-2", malformed.DeduplicationKey);
        Assert.StartsWith("The stored message no longer parses: ", malformed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_message_is_handled_answered_200_and_says_its_type()
    {
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask);

        var result = await processor.ProcessAsync(TestProcessor.Request("u-1", "unknown"));

        Assert.Equal(WebhookOutcome.Unknown, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("test:u-1 is of unknown type 'unknown'; passed to the unknown-message handler.", result.Reason);
    }

    [Fact]
    public async Task A_processed_message_says_so_with_its_key()
    {
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask);

        var result = await processor.ProcessAsync(TestProcessor.Request("p-1"));

        Assert.Equal("test:p-1 processed.", result.Reason);
        Assert.Equal("p-1", result.Message!.Id);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("plain", "plain")]
    [InlineData("a\r\nb\tc\u0000", "a??b?c?")]
    public void Sender_text_is_made_printable(string? value, string expected)
    {
        Assert.Equal(expected, TestProcessor.MakePrintable(value));
    }

    [Fact]
    public void A_lone_surrogate_in_sender_text_is_made_printable()
    {
        // Built in code: xunit stores InlineData strings as UTF-8, which turns a lone surrogate into U+FFFD.
        Assert.Equal("x?y?", TestProcessor.MakePrintable("x" + '\uD800' + "y" + '\uDC00'));
    }

    [Fact]
    public void Sender_text_is_cut_to_the_maximum_length_and_not_shorter()
    {
        Assert.Equal(new string('a', 64), TestProcessor.MakePrintable(new string('a', 65)));
        Assert.Equal(new string('a', 64), TestProcessor.MakePrintable(new string('a', 64)));
        Assert.Equal("abc", TestProcessor.MakePrintable("abcdef", 3));
    }

    [Fact]
    public void Invalid_options_are_refused_at_construction_listing_every_broken_rule()
    {
        var options = new TestOptions { MaxBodyBytes = 0, BufferThresholdBytes = 10 };

        var ex = Assert.Throws<ArgumentException>(() => new TestProcessor(options, (_, _) => Task.CompletedTask));

        Assert.Equal("options", ex.ParamName);
        Assert.Contains("MaxBodyBytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("BufferThresholdBytes", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, name: ""));
        Assert.Throws<ArgumentException>(() => new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, displayName: ""));
    }

    [Fact]
    public void A_receiver_without_authentication_warns_at_construction()
    {
        var logger = new FakeLogger();

        _ = new TestProcessor(new TestOptions { Scheme = WebhookAuthenticationScheme.None }, (_, _) => Task.CompletedTask, logger: logger);
        _ = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, logger: logger);

        var warning = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal("WebhookWithoutAuthentication", warning.Id.Name);
        Assert.Equal(LogLevel.Warning, warning.Level);
    }

    // ---- What the answer and the log lines say ----

    [Fact]
    public async Task Duplicate_and_in_progress_answers_name_the_message()
    {
        var logger = new FakeLogger();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var processor = new TestProcessor(new TestOptions(), (m, _) => m.Id == "busy" ? release.Task : Task.CompletedTask, logger: logger);

        await processor.ProcessAsync(TestProcessor.Request("done"));
        var duplicate = await processor.ProcessAsync(TestProcessor.Request("done"));
        var running = processor.ProcessAsync(TestProcessor.Request("busy"));
        var inProgress = await processor.ProcessAsync(TestProcessor.Request("busy"));
        release.SetResult();
        await running;

        Assert.Equal("test:done was already processed.", duplicate.Reason);
        Assert.Equal("An earlier delivery of test:busy is still being processed.", inProgress.Reason);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Id.Name == "WebhookProcessed" && r.GetStructuredStateValue("Outcome") == "Duplicate" && r.GetStructuredStateValue("Key") == "test:done");
    }

    [Fact]
    public async Task A_store_or_inbox_failure_says_which_store_and_operation_failed()
    {
        var logger = new FakeLogger();
        var byStore = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, new ScriptedStore { FailClaim = new IOException("down") }, logger: logger);
        var byInbox = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, inbox: new ScriptedInbox(new InMemoryWebhookInbox("x")) { FailEnqueue = new IOException("down") }, logger: logger);

        var store = await byStore.ProcessAsync(TestProcessor.Request("st-1"));
        var inbox = await byInbox.ProcessAsync(TestProcessor.Request("st-2"));

        Assert.Equal("The de-duplication store failed to claim test:st-1 (IOException); nothing was processed.", store.Reason);
        Assert.Equal("The inbox failed to store test:st-2 (IOException); nothing was accepted.", inbox.Reason);
        var lines = logger.Collector.GetSnapshot().Where(r => r.Id.Name == "WebhookStoreUnavailable").ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(("de-duplication store", "claim", "503"), (lines[0].GetStructuredStateValue("Store"), lines[0].GetStructuredStateValue("Operation"), lines[0].GetStructuredStateValue("StatusCode")));
        Assert.Equal(("inbox", "enqueue", "503"), (lines[1].GetStructuredStateValue("Store"), lines[1].GetStructuredStateValue("Operation"), lines[1].GetStructuredStateValue("StatusCode")));
        Assert.All(lines, l => Assert.Equal(LogLevel.Error, l.Level));
    }

    [Fact]
    public async Task A_stored_message_is_logged_as_accepted()
    {
        var logger = new FakeLogger();
        var processor = new TestProcessor(new TestOptions(), (_, _) => Task.CompletedTask, inbox: new InMemoryWebhookInbox("x"), logger: logger);

        await processor.ProcessAsync(TestProcessor.Request("acc"));

        var line = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal("WebhookProcessed", line.Id.Name);
        Assert.Equal("Accepted", line.GetStructuredStateValue("Outcome"));
        Assert.Equal("known", line.GetStructuredStateValue("MessageType"));
    }

    [Fact]
    public async Task Settling_names_the_operation_that_found_the_claim_taken_or_failed()
    {
        var logger = new FakeLogger();
        var takenOver = new ScriptedStore { CompleteAnswers = false, ReleaseAnswers = false };
        var failing = new ScriptedStore { FailComplete = new IOException("down"), FailRelease = new IOException("down") };
        Func<TestMessage, CancellationToken, Task> handle = (m, _) => m.Id.StartsWith("fail", StringComparison.Ordinal) ? throw new InvalidOperationException("x") : Task.CompletedTask;

        await new TestProcessor(new TestOptions(), handle, takenOver, logger: logger).ProcessAsync(TestProcessor.Request("ok-1"));
        await new TestProcessor(new TestOptions(), handle, takenOver, logger: logger).ProcessAsync(TestProcessor.Request("fail-1"));
        await new TestProcessor(new TestOptions(), handle, failing, logger: logger).ProcessAsync(TestProcessor.Request("ok-2"));
        await new TestProcessor(new TestOptions(), handle, failing, logger: logger).ProcessAsync(TestProcessor.Request("fail-2"));

        var records = logger.Collector.GetSnapshot();
        Assert.Equal(["complete", "release"], records.Where(r => r.Id.Name == "WebhookClaimTakenOver").Select(r => r.GetStructuredStateValue("Operation")));
        Assert.Equal(["complete", "release"], records.Where(r => r.Id.Name == "WebhookClaimNotSettled").Select(r => r.GetStructuredStateValue("Operation")));
    }

    [Theory]
    [InlineData(false, "succeeded", "completed", WebhookOutcome.Duplicate)]
    [InlineData(true, "failed", "released", WebhookOutcome.Processed)]
    public async Task A_handler_that_ends_after_its_deadline_is_logged_with_what_became_of_its_claim(bool fails, string result, string settled, WebhookOutcome redelivery)
    {
        var logger = new FakeLogger();
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;
        var processor = new TestProcessor(new TestOptions { ProcessingTimeout = TimeSpan.FromMilliseconds(50) }, async (_, _) =>
        {
            if (Interlocked.Increment(ref runs) == 1)
            {
                await finish.Task.ConfigureAwait(false); // ignores its token
                if (fails)
                {
                    throw new InvalidOperationException("late failure");
                }
            }
        }, logger: logger);

        var timedOut = await processor.ProcessAsync(TestProcessor.Request("late"));
        finish.SetResult();
        await processor.WhenLateHandlersSettledAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var next = await processor.ProcessAsync(TestProcessor.Request("late"));

        Assert.Equal(WebhookOutcome.TimedOut, timedOut.Outcome);
        var line = Assert.Single(logger.Collector.GetSnapshot(), r => r.Id.Name == "WebhookLateHandlerEnded");
        Assert.Equal((result, settled), (line.GetStructuredStateValue("Result"), line.GetStructuredStateValue("Settled")));
        Assert.Equal(fails, line.Exception is InvalidOperationException);
        Assert.Equal(redelivery, next.Outcome);
    }

    [Fact]
    public async Task At_the_deadline_the_handlers_token_is_cancelled_so_a_cooperative_handler_ends_and_its_claim_is_released()
    {
        var observed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;
        var processor = new TestProcessor(new TestOptions { ProcessingTimeout = TimeSpan.FromMilliseconds(50) }, async (_, ct) =>
        {
            if (Interlocked.Increment(ref runs) > 1)
            {
                return;
            }

            try
            {
                await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
            }
            finally
            {
                observed.TrySetResult(ct.IsCancellationRequested);
            }
        });

        var result = await processor.ProcessAsync(TestProcessor.Request("deadline"));
        bool cancelled = await observed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await processor.WhenLateHandlersSettledAsync().WaitAsync(TimeSpan.FromSeconds(10));
        var redelivery = await processor.ProcessAsync(TestProcessor.Request("deadline"));

        Assert.Equal(WebhookOutcome.TimedOut, result.Outcome);
        Assert.True(cancelled);
        Assert.Equal(WebhookOutcome.Processed, redelivery.Outcome);
    }

    [Theory]
    [InlineData("succeeds")]
    [InlineData("fails")]
    [InlineData("late")]
    public async Task The_claim_is_no_longer_renewed_once_the_handler_has_ended(string how)
    {
        var time = new CountingTime();
        var store = new ScriptedStore(time);
        var logger = new FakeLogger();
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new TestOptions { ClaimLease = TimeSpan.FromSeconds(3), ProcessingTimeout = how == "late" ? TimeSpan.FromSeconds(1.5) : TimeSpan.FromSeconds(25) };
        var processor = new TestProcessor(options, async (_, _) =>
        {
            await finish.Task.ConfigureAwait(false);
            if (how == "fails")
            {
                throw new InvalidOperationException("x");
            }
        }, store, time: time, logger: logger);

        var pending = processor.ProcessAsync(TestProcessor.Request("renew-" + how));
        await Poll.Until(() => time.Timers >= 2); // the renewal tick and the deadline are scheduled
        time.Advance(TimeSpan.FromSeconds(1)); // one renewal
        await Poll.Until(() => store.Renewals == 1);
        if (how == "late")
        {
            await Poll.Until(() => time.Timers >= 3);
            time.Advance(TimeSpan.FromSeconds(0.5)); // the deadline passes; the handler goes on
            await pending.WaitAsync(TimeSpan.FromSeconds(10));
        }

        finish.SetResult();
        await pending.WaitAsync(TimeSpan.FromSeconds(10));
        await processor.WhenLateHandlersSettledAsync().WaitAsync(TimeSpan.FromSeconds(10));
        int renewalsAtEnd = store.Renewals;
        for (int i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.Equal(renewalsAtEnd, store.Renewals);
        Assert.DoesNotContain(logger.Collector.GetSnapshot(), r => r.Id.Name is "WebhookClaimLost" or "WebhookRenewalFailed");
    }

    private sealed class Probe;

    private sealed class UnreadableStream : Stream
    {
        public bool Touched { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Touched = true;
            throw new InvalidOperationException("the body must not be read");
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Touched = true;
            throw new InvalidOperationException("the body must not be read");
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>An in-memory store whose operations fail or answer false on request.</summary>
    private sealed class ScriptedStore : IMessageDeduplicationStore
    {
        private readonly InMemoryMessageDeduplicationStore _inner;

        public ScriptedStore(TimeProvider? time = null) => _inner = new InMemoryMessageDeduplicationStore(timeProvider: time);

        public Exception? FailClaim { get; init; }

        public Exception? FailComplete { get; init; }

        public Exception? FailRelease { get; init; }

        public bool CompleteAnswers { get; init; } = true;

        public bool ReleaseAnswers { get; init; } = true;

        public Action? OnClaim { get; set; }

        public ValueTask<ClaimResult> TryClaimAsync(string key, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            OnClaim?.Invoke();
            cancellationToken.ThrowIfCancellationRequested();
            return FailClaim is { } ex ? ValueTask.FromException<ClaimResult>(ex) : _inner.TryClaimAsync(key, lease, cancellationToken);
        }

        public int Renewals => Volatile.Read(ref _renewals);

        private int _renewals;

        public ValueTask<bool> RenewAsync(MessageClaim claim, TimeSpan lease, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _renewals);
            return _inner.RenewAsync(claim, lease, cancellationToken);
        }

        public async ValueTask<bool> CompleteAsync(MessageClaim claim, TimeSpan retention, CancellationToken cancellationToken = default)
        {
            if (FailComplete is { } ex)
            {
                throw ex;
            }

            return await _inner.CompleteAsync(claim, retention, cancellationToken) && CompleteAnswers;
        }

        public async ValueTask<bool> ReleaseAsync(MessageClaim claim, CancellationToken cancellationToken = default)
        {
            if (FailRelease is { } ex)
            {
                throw ex;
            }

            return await _inner.ReleaseAsync(claim, cancellationToken) && ReleaseAnswers;
        }
    }
}
