using System.Buffers;
using System.Runtime.InteropServices;
using Valuation.Webhooks.Reading;

namespace Valuation.Webhooks.Tests.Strength;

/// <summary>
/// A body that stalls, breaks or overflows while it is read: the read timeout covers the whole body (not each
/// read), a stalled read's buffer is never handed to another request, and a refused or broken body leaves no spool
/// file open. (In the spool-file collection: they count the process's open spool files.)
/// </summary>
[Collection(SpoolFiles.Collection)]
public class BodyFaultStrengthTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_read_timeout_bounds_the_whole_body_not_each_read()
    {
        var time = new CountingTime();
        var options = new TestOptions { BodyReadTimeout = TimeSpan.FromSeconds(30) };
        byte[] body = TestProcessor.Body("slow");
        var stream = new GatedStream();
        var processor = new TestProcessor(options, (_, _) => Task.CompletedTask, time: time);

        var pending = processor.ProcessAsync(new WebhookRequest(stream, null, WebhookTestRequests.Create(options, body).GetHeader, null));
        time.Advance(TimeSpan.FromSeconds(20));
        stream.Complete(0, body.AsSpan(0, 5).ToArray()); // the first bytes arrive after 20 s
        await Poll.Until(() => stream.Reads == 2 && time.Timers == 2);
        time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromTicks(1));
        await Task.Delay(100);
        bool early = pending.IsCompleted;
        time.Advance(TimeSpan.FromTicks(1)); // 30 s in all
        var result = await pending.WaitAsync(Wait);

        Assert.False(early);
        Assert.Equal(WebhookOutcome.RequestTimeout, result.Outcome);
        Assert.Equal(408, result.StatusCode);
    }

    [Fact]
    public async Task A_read_that_blocks_past_the_whole_timeout_before_it_goes_pending_is_a_408_not_a_crash()
    {
        var time = new CountingTime();
        var options = new TestOptions { BodyReadTimeout = TimeSpan.FromSeconds(30) };
        byte[] body = TestProcessor.Body("blocking");
        var stream = new GatedStream { BeforeRead = () => time.Advance(TimeSpan.FromSeconds(31)) };
        var processor = new TestProcessor(options, (_, _) => Task.CompletedTask, time: time);

        var result = await processor.ProcessAsync(new WebhookRequest(stream, null, WebhookTestRequests.Create(options, body).GetHeader, null)).WaitAsync(Wait);

        Assert.Equal(WebhookOutcome.RequestTimeout, result.Outcome);
    }

    [Fact]
    public async Task A_stalled_reads_buffer_is_not_returned_to_the_pool_since_the_read_may_still_write_into_it()
    {
        var time = new CountingTime();
        var pool = new RecordingPool();
        var stream = new GatedStream();

        var read = BodyReader.ReadAsync(new WebhookRequest(stream, null, null, null), 1000, 4096, null, TimeSpan.FromSeconds(5), time, default, pool);
        time.Advance(TimeSpan.FromSeconds(5));
        var (status, body) = await read.WaitAsync(Wait);

        Assert.Equal(BodyReadStatus.TimedOut, status);
        Assert.Null(body);
        Assert.Single(pool.Rented);
        Assert.Empty(pool.Returned);
        Assert.True(MemoryMarshal.TryGetArray<byte>(stream.Buffers[0], out var segment));
        Assert.Same(pool.Rented[0], segment.Array); // the stalled read holds the rented chunk
    }

    [Theory]
    [InlineData(100)] // read whole
    [InlineData(5000)] // refused as too large
    public async Task A_finished_reads_buffer_is_returned_to_the_pool_once(int length)
    {
        var pool = new RecordingPool();

        var (status, body) = await BodyReader.ReadAsync(new WebhookRequest(new MemoryStream(new byte[length]), null, null, null), 1000, 4096, null, TimeSpan.FromSeconds(5), TimeProvider.System, default, pool);
        body?.Dispose();

        Assert.Equal(length > 1000 ? BodyReadStatus.TooLarge : BodyReadStatus.Complete, status);
        Assert.Single(pool.Rented);
        Assert.Same(pool.Rented[0], Assert.Single(pool.Returned));
    }

    [Fact]
    public async Task A_body_that_breaks_mid_read_propagates_the_failure_and_closes_its_spool_file()
    {
        var options = new TestOptions { BufferThresholdBytes = 1024, MaxBodyBytes = 100_000 };
        byte[] body = VerificationStrengthTests.Padded(TestProcessor.Body("broken"), 50_000);
        var stream = new BreakingStream(body, breakAfter: 20_000);
        var processor = new TestProcessor(options, (_, _) => Task.CompletedTask);
        var before = ReadingStrengthTests.OpenSpoolFiles();

        await Assert.ThrowsAsync<IOException>(() => processor.ProcessAsync(new WebhookRequest(stream, null, WebhookTestRequests.Create(options, body).GetHeader, null)));

        Assert.True(stream.Position >= 2048); // it had spooled
        Assert.Empty(ReadingStrengthTests.OpenSpoolFiles().Except(before));
    }

    [Fact]
    public async Task A_spooled_body_refused_as_too_large_or_timed_out_leaves_no_spool_file_open()
    {
        var time = new CountingTime();
        var options = new TestOptions { BufferThresholdBytes = 1024, MaxBodyBytes = 8192, BodyReadTimeout = TimeSpan.FromSeconds(5) };
        byte[] big = new byte[20_000];
        var processor = new TestProcessor(options, (_, _) => Task.CompletedTask, time: time);
        var before = ReadingStrengthTests.OpenSpoolFiles();

        var tooLarge = await processor.ProcessAsync(new WebhookRequest(new VerificationStrengthTests.ChunkedStream(big, 2000), null, WebhookTestRequests.Create(options, big).GetHeader, null));
        var stalling = new GatedStream { Ready = new Queue<byte[]>([new byte[3000]]) };
        var pending = processor.ProcessAsync(new WebhookRequest(stalling, null, WebhookTestRequests.Create(options, big).GetHeader, null));
        await Poll.Until(() => stalling.Reads == 2 && time.Timers >= 1);
        time.Advance(TimeSpan.FromSeconds(5));
        var timedOut = await pending.WaitAsync(Wait);

        Assert.Equal(WebhookOutcome.PayloadTooLarge, tooLarge.Outcome);
        Assert.Equal(WebhookOutcome.RequestTimeout, timedOut.Outcome);
        Assert.Empty(ReadingStrengthTests.OpenSpoolFiles().Except(before));
    }

    [Fact]
    public async Task An_unverified_signed_body_past_the_threshold_is_spooled_while_a_credential_checked_one_stays_in_memory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the open spool files are read from /proc/self/fd
        }

        var signed = new TestOptions { BufferThresholdBytes = 1024 };
        var token = new TestOptions { Scheme = WebhookAuthenticationScheme.HeaderToken, HeaderName = "X-Token", BufferThresholdBytes = 1024 };
        token.Tokens.Add("token-value-1");
        byte[] body = VerificationStrengthTests.Padded(TestProcessor.Body("spool"), 10_000);
        var before = ReadingStrengthTests.OpenSpoolFiles();
        int duringSigned = -1, duringToken = -1;
        var bySignature = new TestProcessor(signed, (_, _) => { duringSigned = ReadingStrengthTests.OpenSpoolFiles().Except(before).Count(); return Task.CompletedTask; });
        var byToken = new TestProcessor(token, (_, _) => { duringToken = ReadingStrengthTests.OpenSpoolFiles().Except(before).Count(); return Task.CompletedTask; });

        await bySignature.ProcessAsync(new WebhookRequest(new MemoryStream(body), body.Length, WebhookTestRequests.Create(signed, body).GetHeader, null));
        await byToken.ProcessAsync(new WebhookRequest(new MemoryStream(body), body.Length, WebhookTestRequests.Create(token, body).GetHeader, null));

        Assert.Equal(1, duringSigned);
        Assert.Equal(0, duringToken);
        Assert.Empty(ReadingStrengthTests.OpenSpoolFiles().Except(before)); // closed once processed
    }

    [Fact]
    public async Task A_body_of_exactly_a_cap_below_the_threshold_stays_in_memory()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the open spool files are read from /proc/self/fd
        }

        var options = new TestOptions { MaxBodyBytes = 2000 }; // the threshold stays 64 KiB
        byte[] body = VerificationStrengthTests.Padded(TestProcessor.Body("at-cap"), 2000);
        var before = ReadingStrengthTests.OpenSpoolFiles();
        int during = -1;
        var processor = new TestProcessor(options, (_, _) => { during = ReadingStrengthTests.OpenSpoolFiles().Except(before).Count(); return Task.CompletedTask; });

        var result = await processor.ProcessAsync(new WebhookRequest(new VerificationStrengthTests.ChunkedStream(body, 700), null, WebhookTestRequests.Create(options, body).GetHeader, null));

        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Equal(0, during);
    }

    /// <summary>A body whose reads return the queued ready chunks at once, then stay pending until the test completes them.</summary>
    private sealed class GatedStream : Stream
    {
        private readonly List<TaskCompletionSource<byte[]>> _pending = [];
        private int _reads;

        public Queue<byte[]> Ready { get; init; } = new();

        public Action? BeforeRead { get; init; }

        public List<Memory<byte>> Buffers { get; } = [];

        public int Reads => Volatile.Read(ref _reads);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Complete(int read, byte[] data)
        {
            TaskCompletionSource<byte[]> gate;
            lock (_pending)
            {
                gate = _pending[read];
            }

            gate.SetResult(data);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            BeforeRead?.Invoke();
            lock (_pending)
            {
                Buffers.Add(buffer);
            }

            if (Ready.TryDequeue(out var ready))
            {
                ready.CopyTo(buffer);
                Interlocked.Increment(ref _reads);
                return ValueTask.FromResult(ready.Length);
            }

            var gate = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_pending)
            {
                _pending.Add(gate);
            }

            Interlocked.Increment(ref _reads);
            return new ValueTask<int>(gate.Task.ContinueWith(t => { t.Result.CopyTo(buffer); return t.Result.Length; }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A body that breaks (connection reset) after some bytes.</summary>
    private sealed class BreakingStream(byte[] data, int breakAfter) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position >= breakAfter ? throw new IOException("The connection was reset.") : base.ReadAsync(buffer[..Math.Min(buffer.Length, 1000)], cancellationToken);
    }

    /// <summary>A pool that records what it hands out and what comes back.</summary>
    private sealed class RecordingPool : ArrayPool<byte>
    {
        public List<byte[]> Rented { get; } = [];

        public List<byte[]> Returned { get; } = [];

        public override byte[] Rent(int minimumLength)
        {
            byte[] array = new byte[minimumLength];
            lock (Rented)
            {
                Rented.Add(array);
            }

            return array;
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            lock (Rented)
            {
                Returned.Add(array);
            }
        }
    }
}
