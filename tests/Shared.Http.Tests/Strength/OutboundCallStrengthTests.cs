using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.CircuitBreaker;

namespace Valuation.Http.Tests.Strength;

/// <summary>The bounded readers of a call (whole body, error body, stream), its failure messages and its lifetime.</summary>
public class OutboundCallStrengthTests
{
    // ---- ReadBodyAsync ----

    [Fact]
    public async Task A_body_of_unknown_length_larger_than_the_first_buffer_is_read_whole()
    {
        byte[] data = ScriptedStream.RandomBytes(20_000);
        using var call = await Send(Unannounced(new ScriptedStream(ScriptedStream.Split(data, 1500))));

        using var body = await call.ReadBodyAsync();

        Assert.Equal(data, body.Span.ToArray());
    }

    [Fact]
    public async Task A_one_byte_body_is_read()
    {
        using var call = await Send(new ByteArrayContent("7"u8.ToArray()));

        using var body = await call.ReadBodyAsync();

        Assert.Equal("7", body.ToText(10));
    }

    [Fact]
    public async Task An_empty_body_reads_as_empty_and_is_released_cleanly()
    {
        using var call = await Send(new ByteArrayContent([]));

        var body = await call.ReadBodyAsync();

        Assert.Equal(0, body.Length);
        Assert.Null(body.ToText(10));
        body.Dispose();
    }

    [Fact]
    public async Task A_body_announced_over_the_cap_is_refused_without_reading_it()
    {
        var stream = new ScriptedStream([new byte[10_000]]);
        var content = new StreamContent(stream);
        content.Headers.ContentLength = 10_000;
        using var call = await Send(content, settings: Pipelines.Settings(maxResponse: 4096));

        var ex = await Assert.ThrowsAsync<TestOutboundException>(call.ReadBodyAsync);

        Assert.Equal(OutboundFailureKind.ResponseTooLarge, ex.Failure.Kind);
        Assert.Equal(HttpStatusCode.OK, ex.Failure.StatusCode);
        Assert.False(ex.Failure.MayHaveBeenApplied);
        Assert.Equal(0, stream.Reads);
        Assert.Equal(
            "Vendor GetOrder (GET https://api.test/v1/orders/1/) was answered with a body of 10000 bytes, more than the cap of 4096 (Vendor:MaxResponseBytes); it was not read.",
            ex.Message);
    }

    [Fact]
    public async Task A_streamed_body_is_capped_by_MaxDownloadBytes_and_a_JSON_body_by_MaxResponseBytes()
    {
        var settings = Pipelines.Settings(maxResponse: 1024, maxDownload: 8192);
        byte[] data = ScriptedStream.RandomBytes(4000);
        using var download = await Send(Unannounced(new ScriptedStream([data])), OutboundMode.Streamed, settings);
        using var tooBig = await Send(Unannounced(new ScriptedStream([new byte[10_000]])), OutboundMode.Streamed, settings);
        using var json = await Send(Unannounced(new ScriptedStream([data])), OutboundMode.Buffered, settings);

        using var body = await download.ReadBodyAsync();
        var overDownload = await Assert.ThrowsAsync<TestOutboundException>(tooBig.ReadBodyAsync);
        var overJson = await Assert.ThrowsAsync<TestOutboundException>(json.ReadBodyAsync);

        Assert.Equal(data, body.Span.ToArray());
        Assert.Equal(OutboundFailureKind.ResponseTooLarge, overDownload.Failure.Kind);
        Assert.Contains("larger than the cap of 8192 bytes (Vendor:MaxDownloadBytes); reading stopped there", overDownload.Message, StringComparison.Ordinal);
        Assert.Equal(OutboundFailureKind.ResponseTooLarge, overJson.Failure.Kind);
        Assert.Contains("larger than the cap of 1024 bytes (Vendor:MaxResponseBytes); reading stopped there", overJson.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_body_read_whole_restarts_the_idle_timer_on_every_chunk()
    {
        var time = new FakeTimeProvider();
        var chunks = Enumerable.Range(0, 5).Select(_ => ScriptedStream.RandomBytes(1000)).ToList();
        var stream = new ScriptedStream(chunks, beforeChunk: () => time.Advance(TimeSpan.FromMilliseconds(200)));
        using var call = await Send(Unannounced(stream), OutboundMode.Streamed, Pipelines.Settings(idle: TimeSpan.FromMilliseconds(300)), time);

        using var body = await call.ReadBodyAsync();

        Assert.Equal(chunks.SelectMany(c => c).ToArray(), body.Span.ToArray()); // 1 s in all, never 300 ms without a byte
    }

    [Fact]
    public async Task Growing_the_buffer_of_a_body_of_unknown_length_returns_the_smaller_one_to_the_pool()
    {
        byte[] data = ScriptedStream.RandomBytes(5000);
        using var call = await Send(Unannounced(new ScriptedStream([data])));

        // Every read completes at once, so the whole read (and its return to the pool) runs on this thread.
        var read = call.ReadBodyAsync();
        Assert.True(read.IsCompletedSuccessfully);
        byte[] rented = ArrayPool<byte>.Shared.Rent(4096);
        ArrayPool<byte>.Shared.Return(rented);

        using var body = await read;
        Assert.Equal(data, body.Span.ToArray());
        Assert.Equal(data.AsSpan(0, 4096).ToArray(), rented.AsSpan(0, 4096).ToArray()); // the first buffer, back in the pool
    }

    [Fact]
    public async Task A_small_body_of_unknown_length_under_a_large_cap_does_not_rent_a_cap_sized_buffer()
    {
        byte[] data = ScriptedStream.RandomBytes(5000);
        using var call = await Send(Unannounced(new ScriptedStream([data])), settings: Pipelines.Settings(maxResponse: 64L * 1024 * 1024));

        // Every read completes at once, so the whole read runs (and allocates) on this thread.
        long before = GC.GetAllocatedBytesForCurrentThread();
        var read = call.ReadBodyAsync();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(read.IsCompletedSuccessfully);

        using var body = await read;
        Assert.Equal(data, body.Span.ToArray());
        Assert.True(allocated < 1024 * 1024, $"reading a 5000-byte body allocated {allocated} bytes: the buffer must grow by doubling, not to the 64 MiB cap");
    }

    [Fact]
    public async Task A_body_that_turns_out_over_the_cap_returns_its_buffer_to_the_pool()
    {
        byte[] data = ScriptedStream.RandomBytes(5000);
        using var call = await Send(Unannounced(new ScriptedStream([data])), settings: Pipelines.Settings(maxResponse: 4500));

        var read = call.ReadBodyAsync();
        Assert.True(read.IsCompleted);
        byte[] rented = ArrayPool<byte>.Shared.Rent(4501);
        ArrayPool<byte>.Shared.Return(rented);

        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => read);
        Assert.Equal(OutboundFailureKind.ResponseTooLarge, ex.Failure.Kind);
        Assert.Equal(data, rented.AsSpan(0, 5000).ToArray()); // the grown buffer, back in the pool
    }

    // ---- ReadErrorBodyAsync ----

    [Fact]
    public async Task An_error_body_shorter_than_the_cap_arriving_in_pieces_is_read_whole_and_not_truncated()
    {
        byte[] data = ScriptedStream.RandomBytes(300);
        using var call = await Send(Unannounced(new ScriptedStream(ScriptedStream.Split(data, 100))), status: HttpStatusCode.BadRequest);

        using var body = await call.ReadErrorBodyAsync(1024);

        Assert.Equal(data, body.Span.ToArray());
        Assert.False(body.Truncated);
    }

    [Fact]
    public async Task An_error_body_of_exactly_the_cap_is_returned_without_waiting_for_more()
    {
        var time = new FakeTimeProvider();
        byte[] data = ScriptedStream.RandomBytes(1024);
        using var call = await Send(Unannounced(new ScriptedStream([data], ScriptedStream.End.Stall)), time: time, status: HttpStatusCode.BadRequest);

        var read = call.ReadErrorBodyAsync(1024);

        Assert.True(read.IsCompletedSuccessfully); // no time passes on the fake clock: the stalled rest is never waited for
        using var body = await read;
        Assert.Equal(data, body.Span.ToArray());
        Assert.True(body.Truncated);
    }

    [Fact]
    public async Task An_error_body_that_breaks_off_yields_what_arrived_marked_truncated()
    {
        byte[] data = ScriptedStream.RandomBytes(200);
        using var call = await Send(Unannounced(new ScriptedStream([data], ScriptedStream.End.Break)), status: HttpStatusCode.InternalServerError);

        using var body = await call.ReadErrorBodyAsync(1024);

        Assert.Equal(data, body.Span.ToArray());
        Assert.True(body.Truncated);
    }

    [Fact]
    public async Task An_error_body_that_stalls_yields_what_arrived_when_the_total_timeout_elapses()
    {
        var time = new FakeTimeProvider();
        byte[] data = ScriptedStream.RandomBytes(200);
        using var call = await Send(Unannounced(new ScriptedStream([data], ScriptedStream.End.Stall)), settings: Pipelines.Settings(total: TimeSpan.FromSeconds(5)), time: time, status: HttpStatusCode.InternalServerError);

        var read = call.ReadErrorBodyAsync(1024);
        time.Advance(TimeSpan.FromSeconds(5));
        using var body = await read;

        Assert.Equal(data, body.Span.ToArray());
        Assert.True(body.Truncated);
    }

    [Fact]
    public async Task The_callers_cancellation_while_an_error_body_is_read_propagates_with_the_callers_token()
    {
        var time = new FakeTimeProvider();
        using var cts = new CancellationTokenSource();
        using var call = await Send(Unannounced(new ScriptedStream([ScriptedStream.RandomBytes(10)], ScriptedStream.End.Stall)), time: time, status: HttpStatusCode.BadRequest, cancellationToken: cts.Token);

        var read = call.ReadErrorBodyAsync(1024);
        await cts.CancelAsync();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);

        Assert.Equal(cts.Token, ex.CancellationToken);
    }

    // ---- OpenStreamAsync and its stream ----

    [Fact]
    public async Task A_download_stream_is_capped_by_MaxDownloadBytes_and_a_JSON_stream_by_MaxResponseBytes()
    {
        var settings = Pipelines.Settings(maxResponse: 1024, maxDownload: 8192);
        byte[] data = ScriptedStream.RandomBytes(4000);
        using var download = await Send(Unannounced(new ScriptedStream([data])), OutboundMode.Streamed, settings);
        using var json = await Send(Unannounced(new ScriptedStream([data])), OutboundMode.Buffered, settings);

        await using var downloaded = await download.OpenStreamAsync();
        var sink = new MemoryStream();
        await downloaded.CopyToAsync(sink);
        await using var jsonStream = await json.OpenStreamAsync();
        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => jsonStream.CopyToAsync(new MemoryStream()));

        Assert.Equal(data, sink.ToArray());
        Assert.Equal(OutboundFailureKind.ResponseTooLarge, ex.Failure.Kind);
        Assert.Contains("larger than the cap of 1024 bytes (Vendor:MaxResponseBytes)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_download_of_exactly_the_cap_streams_whole(bool announced)
    {
        byte[] data = ScriptedStream.RandomBytes(4096);
        var content = new StreamContent(new ScriptedStream(ScriptedStream.Split(data, 1000)));
        content.Headers.ContentLength = announced ? 4096 : null;
        using var call = await Send(content, OutboundMode.Streamed, Pipelines.Settings(maxDownload: 4096));

        await using var stream = await call.OpenStreamAsync();
        var sink = new MemoryStream();
        await stream.CopyToAsync(sink);

        Assert.Equal(data, sink.ToArray());
        Assert.Equal(4096, stream.Position);
    }

    [Fact]
    public async Task A_download_one_byte_over_the_cap_fails_typed_while_read()
    {
        var content = Unannounced(new ScriptedStream(ScriptedStream.Split(new byte[4097], 1000)));
        using var call = await Send(content, OutboundMode.Streamed, Pipelines.Settings(maxDownload: 4096));

        await using var stream = await call.OpenStreamAsync();
        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => stream.CopyToAsync(new MemoryStream()));

        Assert.Equal(OutboundFailureKind.ResponseTooLarge, ex.Failure.Kind);
        Assert.Contains("larger than the cap of 4096 bytes (Vendor:MaxDownloadBytes)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_announced_over_the_cap_is_refused_at_open_and_its_body_closed_unread()
    {
        var body = new ScriptedStream([new byte[10_000]]);
        var content = new StreamContent(body);
        content.Headers.ContentLength = 10_000;
        using var call = await Send(content, OutboundMode.Streamed, Pipelines.Settings(maxDownload: 8192));

        var ex = await Assert.ThrowsAsync<TestOutboundException>(call.OpenStreamAsync);

        Assert.Equal(OutboundFailureKind.ResponseTooLarge, ex.Failure.Kind);
        Assert.Contains("a body of 10000 bytes, more than the cap of 8192 (Vendor:MaxDownloadBytes); it was not read", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, body.Reads);
        Assert.True(body.Disposed);
    }

    [Fact]
    public async Task A_body_that_cannot_be_opened_is_a_typed_ConnectionBroken_without_a_byte_count()
    {
        using var call = await Send(new UnopenableContent());

        var ex = await Assert.ThrowsAsync<TestOutboundException>(call.OpenStreamAsync);

        Assert.Equal(OutboundFailureKind.ConnectionBroken, ex.Failure.Kind);
        Assert.False(ex.Failure.MayHaveBeenApplied);
        Assert.EndsWith("GetOrder (GET https://api.test/v1/orders/1/) failed: the connection broke (IOException) while the response was read.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_that_breaks_mid_body_says_how_many_bytes_arrived()
    {
        using var call = await Send(Unannounced(new ScriptedStream([new byte[1500]], ScriptedStream.End.Break)), OutboundMode.Streamed, method: HttpMethod.Post);
        await using var stream = await call.OpenStreamAsync();
        byte[] buffer = new byte[4096];

        Assert.Equal(1500, await stream.ReadAsync(buffer));
        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => stream.ReadAsync(buffer).AsTask());

        Assert.Equal(OutboundFailureKind.ConnectionBroken, ex.Failure.Kind);
        Assert.Equal(HttpStatusCode.OK, ex.Failure.StatusCode);
        Assert.Contains("failed after 1500 body bytes: the connection broke (IOException) while the response was read.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_download_stream_is_a_read_only_forward_stream_that_also_reads_synchronously()
    {
        byte[] data = ScriptedStream.RandomBytes(700);
        using var call = await Send(Unannounced(new ScriptedStream([data], ScriptedStream.End.Break)), OutboundMode.Streamed);
        await using var stream = await call.OpenStreamAsync();
        byte[] buffer = new byte[1024];

        Assert.True(stream.CanRead);
        Assert.False(stream.CanSeek);
        Assert.False(stream.CanWrite);
        Assert.Equal(700, stream.Read(buffer, 0, buffer.Length));
        Assert.Equal(data, buffer.AsSpan(0, 700).ToArray());
        var ex = Assert.Throws<TestOutboundException>(() => stream.Read(buffer, 0, buffer.Length));
        Assert.Equal(OutboundFailureKind.ConnectionBroken, ex.Failure.Kind);
        Assert.Contains("after 700 body bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_the_download_stream_closes_the_body_and_async_disposal_closes_it_asynchronously()
    {
        var first = new ScriptedStream([new byte[10]]);
        var second = new ScriptedStream([new byte[10]]);
        using var a = await Send(Unannounced(first), OutboundMode.Streamed);
        using var b = await Send(Unannounced(second), OutboundMode.Streamed);

        (await a.OpenStreamAsync()).Dispose();
        await (await b.OpenStreamAsync()).DisposeAsync();

        Assert.True(first.Disposed);
        Assert.True(second.Disposed);
        Assert.True(second.DisposedAsynchronously);
    }

    [Fact]
    public async Task A_read_cancelled_by_the_readers_own_token_ends_with_OperationCanceledException_for_that_token()
    {
        var time = new FakeTimeProvider();
        byte[] data = ScriptedStream.RandomBytes(100);
        using var call = await Send(Unannounced(new ScriptedStream([data], ScriptedStream.End.Stall)), OutboundMode.Streamed, time: time);
        await using var stream = await call.OpenStreamAsync();
        byte[] buffer = new byte[1024];
        Assert.Equal(100, await stream.ReadAsync(buffer));
        using var reader = new CancellationTokenSource();

        var pending = stream.ReadAsync(buffer, reader.Token).AsTask();
        await reader.CancelAsync();
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);

        Assert.Equal(reader.Token, ex.CancellationToken);
        Assert.False(call.Token.IsCancellationRequested); // the call itself did not time out
    }

    // ---- Translate and Fail: what the typed failure says ----

    [Fact]
    public async Task A_failure_message_names_the_operation_method_and_URL_but_never_the_query()
    {
        var handler = new FuncHandler((_, _) => throw new HttpRequestException(HttpRequestError.ResponseEnded, "ended"));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/?access_token=s3cret"));

        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(handler).SendAsync(request, "GetOrder", OutboundMode.Buffered, default));

        Assert.Equal(OutboundFailureKind.ConnectionBroken, ex.Failure.Kind);
        Assert.Null(ex.Failure.StatusCode);
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
        Assert.Equal("Vendor GetOrder (GET https://api.test/v1/orders/1/?<redacted>) failed: the connection broke (ResponseEnded) before a response arrived.", ex.Message);
    }

    [Fact]
    public async Task A_refused_connection_says_it_could_not_connect_and_why()
    {
        var handler = new FuncHandler((_, _) => throw new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/")) { Content = new StringContent("{}") };

        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(handler).SendAsync(request, "CreateOrder", OutboundMode.Buffered, default));

        Assert.Equal(OutboundFailureKind.ConnectionFailed, ex.Failure.Kind);
        Assert.Contains("could not connect (NameResolutionError: refused, or the host is unknown). The request was not applied.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_open_circuit_is_CircuitOpen_and_says_the_request_was_not_applied()
    {
        var handler = new FuncHandler((_, _) => throw new BrokenCircuitException());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/")) { Content = new StringContent("{}") };

        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(handler).SendAsync(request, "CreateOrder", OutboundMode.Buffered, default));

        Assert.Equal((OutboundFailureKind.CircuitOpen, false), (ex.Failure.Kind, ex.Failure.MayHaveBeenApplied));
        Assert.Contains("was not sent: the circuit breaker is open", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("The request was not applied.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejection_by_the_resilience_pipeline_is_Rejected_naming_the_rejection()
    {
        var handler = new FuncHandler((_, _) => throw new TestRejectedException());
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/")) { Content = new StringContent("{}") };

        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(handler).SendAsync(request, "CreateOrder", OutboundMode.Buffered, default));

        Assert.Equal((OutboundFailureKind.Rejected, false), (ex.Failure.Kind, ex.Failure.MayHaveBeenApplied));
        Assert.Contains("was rejected by the resilience pipeline (TestRejectedException) and not sent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancellation_that_is_neither_the_callers_nor_the_calls_is_the_HttpClients_own_timeout()
    {
        var handler = new FuncHandler((_, _) => throw new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout."));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Pipelines.Base, "orders/")) { Content = new StringContent("{}") };

        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => Pipelines.Over(handler).SendAsync(request, "CreateOrder", OutboundMode.Buffered, default));

        Assert.Equal((OutboundFailureKind.Timeout, true), (ex.Failure.Kind, ex.Failure.MayHaveBeenApplied));
        Assert.Contains("timed out (the HttpClient's own timeout elapsed). The request may have been applied", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cancellation_that_already_carries_the_callers_token_is_left_to_propagate_as_it_is()
    {
        using var cts = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));
        using var call = new OutboundCall(Pipelines.Settings(), request, "GetOrder", OutboundMode.Buffered, f => new TestOutboundException(f), TimeProvider.System, cts.Token);
        cts.Cancel();

        Assert.Null(call.Translate(new OperationCanceledException(cts.Token)));
        var rewrapped = Assert.IsType<OperationCanceledException>(call.Translate(new OperationCanceledException(call.Token)));
        Assert.Equal(cts.Token, rewrapped.CancellationToken);
    }

    // ---- The call's timers and lifetime ----

    [Fact]
    public async Task A_streamed_call_waiting_for_its_headers_is_bounded_by_the_idle_timeout_not_the_total()
    {
        var time = new FakeTimeProvider();
        var settings = Pipelines.Settings(total: TimeSpan.FromMilliseconds(50), idle: TimeSpan.FromMilliseconds(300));
        var gate = new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource<HttpResponseMessage>();
        var handler = new FuncHandler((r, ct) => (r.RequestUri!.AbsolutePath == "/report.pdf" ? gate.Task : never.Task).WaitAsync(ct));
        var pipeline = Pipelines.Over(handler, settings, time);
        using var first = new HttpRequestMessage(HttpMethod.Get, new Uri("https://files.test/report.pdf"));
        using var second = new HttpRequestMessage(HttpMethod.Get, new Uri("https://files.test/other.pdf"));

        var answered = pipeline.SendAsync(first, "Download", OutboundMode.Streamed, default);
        time.Advance(TimeSpan.FromMilliseconds(200)); // past the total timeout, within the idle one
        gate.SetResult(new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = first, Content = new ByteArrayContent([1]) });
        using var call = await answered;
        var stalled = pipeline.SendAsync(second, "Download", OutboundMode.Streamed, default);
        time.Advance(TimeSpan.FromMilliseconds(300));
        var ex = await Assert.ThrowsAsync<TestOutboundException>(() => stalled);

        Assert.Equal(HttpStatusCode.OK, call.Response.StatusCode);
        Assert.Equal(OutboundFailureKind.IdleTimeout, ex.Failure.Kind);
    }

    [Fact]
    public async Task A_detached_response_outlives_the_call()
    {
        var call = await Send(new StringContent("{\"id\":1}"));

        using var response = call.DetachResponse();
        call.Dispose();

        Assert.Equal("{\"id\":1}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Disposing_a_call_releases_its_response_body()
    {
        var body = new ScriptedStream([new byte[10]]);
        var call = await Send(Unannounced(body));

        call.Dispose();

        Assert.True(body.Disposed);
    }

    [Fact]
    public async Task Cancelling_the_callers_token_after_the_call_ended_is_harmless()
    {
        var time = new FakeTimeProvider();
        using var cts = new CancellationTokenSource();
        var call = await Send(new ByteArrayContent([1]), time: time, cancellationToken: cts.Token);
        call.Dispose();

        var error = Record.Exception(cts.Cancel);

        Assert.Null(error);
    }

    [Fact]
    public async Task A_disposed_calls_timer_never_fires()
    {
        var time = new FakeTimeProvider();
        var call = await Send(new ByteArrayContent([1]), settings: Pipelines.Settings(total: TimeSpan.FromSeconds(5)), time: time);
        var token = call.Token;
        call.Dispose();

        time.Advance(TimeSpan.FromSeconds(10));

        Assert.False(token.IsCancellationRequested);
    }

    internal static StreamContent Unannounced(Stream stream)
    {
        var content = new StreamContent(stream);
        content.Headers.ContentLength = null;
        return content;
    }

    internal static Task<OutboundCall> Send(HttpContent content, OutboundMode mode = OutboundMode.Buffered, OutboundSettings? settings = null, FakeTimeProvider? time = null, HttpStatusCode status = HttpStatusCode.OK, HttpMethod? method = null, CancellationToken cancellationToken = default)
    {
        var handler = new FuncHandler((r, _) => Task.FromResult(new HttpResponseMessage(status) { Content = content, RequestMessage = r }));
        var request = new HttpRequestMessage(method ?? HttpMethod.Get, new Uri(Pipelines.Base, "orders/1/"));
        return Pipelines.Over(handler, settings, time).SendAsync(request, "GetOrder", mode, cancellationToken);
    }

    private sealed class TestRejectedException : ExecutionRejectedException
    {
        public TestRejectedException()
            : base("rejected")
        {
        }
    }

    /// <summary>A response body whose stream cannot be opened: the connection broke right after the headers.</summary>
    private sealed class UnopenableContent : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => throw new IOException("The connection was reset.");

        protected override Task<Stream> CreateContentReadStreamAsync() => throw new IOException("The connection was reset.");

        protected override Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) => throw new IOException("The connection was reset.");

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
