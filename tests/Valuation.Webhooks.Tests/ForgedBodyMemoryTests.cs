using System.Security.Cryptography;

namespace Valuation.Webhooks.Tests;

/// <summary>
/// Forged bodies cannot pile up in memory: under the Signature scheme the HMAC is computed while the body streams in
/// and at most <see cref="WebhookReceiverOptions.BufferThresholdBytes"/> of an unverified body is held in memory; the
/// rest spools to an unlinked temporary file. Measured as bytes allocated by the whole process while 48 concurrent
/// forged 16 MB bodies are refused.
/// </summary>
[Collection(MemoryMeasuring.Name)]
public sealed class ForgedBodyMemoryTests
{
    private const int Senders = 48;
    private const long BodyBytes = 16L * 1024 * 1024;

    [Fact]
    public async Task Forty_eight_concurrent_forged_16_MB_bodies_are_refused_while_allocating_a_small_fraction_of_their_size()
    {
        var options = new TestOptions { MaxBodyBytes = 50L * 1024 * 1024 };
        int runs = 0;
        var processor = new TestProcessor(options, (_, _) => Task.FromResult(Interlocked.Increment(ref runs)));
        string forged = "sha1=" + new string('0', 40);

        // Warm up the code paths (JIT, pools) before measuring.
        await processor.ProcessAsync(new WebhookRequest(new FillStream(BodyBytes), null, _ => forged, null));
        GC.Collect();
        long before = GC.GetTotalAllocatedBytes(precise: true);

        var results = await Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => Task.Run(() =>
            processor.ProcessAsync(new WebhookRequest(new FillStream(BodyBytes), null, _ => forged, null)))));

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.All(results, r => Assert.Equal(WebhookOutcome.Unauthorized, r.Outcome));
        Assert.Equal(0, runs);

        // 768 MB of forged bodies; the old doubling buffer allocated more than the bodies themselves.
        long received = Senders * BodyBytes;
        Assert.True(allocated < received / 20, $"allocated {allocated:N0} bytes for {received:N0} forged bytes");
    }

    [Fact]
    public async Task A_signed_body_larger_than_the_memory_threshold_is_spooled_verified_and_processed_whole()
    {
        var options = new TestOptions { MaxBodyBytes = 8L * 1024 * 1024 };
        byte[] padding = RandomNumberGenerator.GetBytes(3 * 1024 * 1024);
        byte[] body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["id"] = "big-1", ["type"] = "known", ["pad"] = Convert.ToBase64String(padding) });
        TestMessage? seen = null;
        var processor = new TestProcessor(options, (m, _) => Task.FromResult(seen = m));
        var signed = WebhookTestRequests.Create(options, body);

        // A forged body first: its partial HMAC must not leak into the next request's (the keyed hashes are reused).
        var forged = await processor.ProcessAsync(new WebhookRequest(new FillStream(5L * 1024 * 1024), null, signed.GetHeader, null));
        var result = await processor.ProcessAsync(new WebhookRequest(new MemoryStream(body), null, signed.GetHeader, null));

        Assert.Equal(WebhookOutcome.Unauthorized, forged.Outcome);
        Assert.Equal(WebhookOutcome.Processed, result.Outcome);
        Assert.Equal("big-1", seen?.Id);
        Assert.True(body.Length > options.BufferThresholdBytes * 10);
    }

    /// <summary>A body of <c>a</c> characters produced on demand, so the sender side allocates nothing per byte.</summary>
    private sealed class FillStream(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(buffer.Length, length - _position);
            buffer[..n].Fill((byte)'a');
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Tests that measure the process's allocations run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuring
{
    public const string Name = "Memory";
}
