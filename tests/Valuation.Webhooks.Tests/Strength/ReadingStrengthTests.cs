using Valuation.Webhooks.Reading;

namespace Valuation.Webhooks.Tests.Strength;

/// <summary>
/// How an unverified body is held while it is read: in memory up to the threshold, then in a temporary file that
/// no one else can see and that is gone when the body is disposed (or the process is killed).
/// </summary>
[Collection(SpoolFiles.Collection)]
public class ReadingStrengthTests
{
    [Fact]
    public async Task A_body_of_exactly_the_threshold_stays_in_memory_and_one_byte_more_spools_to_a_file()
    {
        byte[] data = Random(2049);
        using var body = new BufferedBody(2048, null);

        await body.AppendAsync(data.AsMemory(0, 1000), default);
        await body.AppendAsync(data.AsMemory(1000, 1048), default);
        bool spooledAtThreshold = body.IsSpooled;
        var atThreshold = (await body.ToMemoryAsync(default)).ToArray();
        await body.AppendAsync(data.AsMemory(2048, 1), default);

        Assert.False(spooledAtThreshold);
        Assert.Equal(data.AsSpan(0, 2048).ToArray(), atThreshold);
        Assert.True(body.IsSpooled);
        Assert.Equal(2049, body.Length);
        Assert.Equal(data, (await body.ToMemoryAsync(default)).ToArray());
    }

    [Fact]
    public async Task A_spooled_body_keeps_every_chunk_in_order_whatever_the_chunk_sizes()
    {
        byte[] data = Random(300_000);
        using var body = new BufferedBody(64 * 1024, data.Length);
        int offset = 0;
        foreach (int size in new[] { 1, 65_535, 1, 70_000, 100_000, 64_463 })
        {
            await body.AppendAsync(data.AsMemory(offset, size), default);
            offset += size;
        }

        var all = await body.ToMemoryAsync(default);

        Assert.Equal(data.Length, offset);
        Assert.True(body.IsSpooled);
        Assert.Equal(data.Length, all.Length);
        Assert.True(data.AsSpan().SequenceEqual(all.Span));
    }

    [Fact]
    public async Task The_spool_file_is_unlinked_as_soon_as_it_is_created_and_closed_when_the_body_is_disposed()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /proc/self/fd is Linux's; elsewhere the file is deleted on close (FileOptions.DeleteOnClose).
        }

        var before = OpenSpoolFiles();
        var body = new BufferedBody(1024, null);
        await body.AppendAsync(Random(4096), default);

        var opened = OpenSpoolFiles().Except(before).ToList();
        var spool = Assert.Single(opened);
        Assert.EndsWith(" (deleted)", spool, StringComparison.Ordinal); // unlinked: a killed process leaves nothing behind
        Assert.StartsWith(Path.Combine(Path.GetTempPath(), "valuation-webhook-"), spool, StringComparison.Ordinal);
        Assert.Matches(@"/valuation-webhook-[0-9a-f]{32}\.body \(deleted\)$", spool); // the name the README gives
        Assert.False(File.Exists(spool[..^" (deleted)".Length]));

        body.Dispose();

        Assert.DoesNotContain(spool, OpenSpoolFiles());
    }

    [Fact]
    public async Task A_body_of_declared_length_is_buffered_in_one_array_of_that_size_not_grown_by_doubling()
    {
        byte[] data = Random(200_000);
        using var body = new BufferedBody(1024 * 1024, data.Length);

        // Appending to memory completes synchronously, so every allocation is on this thread.
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int offset = 0; offset < data.Length; offset += 50_000)
        {
            var append = body.AppendAsync(data.AsMemory(offset, 50_000), default);
            Assert.True(append.IsCompletedSuccessfully);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.False(body.IsSpooled);
        Assert.Equal(data, (await body.ToMemoryAsync(default)).ToArray());
        Assert.InRange(allocated, 200_000, 260_000); // doubling from 4 KiB would allocate about 500 KB; the threshold, 1 MiB
    }

    [Theory]
    [InlineData(100L, 100)] // the declared length, allocated with the first byte
    [InlineData(null, 4096)] // unknown: 4 KiB to start with
    public async Task The_first_byte_allocates_the_declared_length_or_4_KiB(long? declared, int capacity)
    {
        using var body = new BufferedBody(1024 * 1024, declared);

        await body.AppendAsync(new byte[] { 42 }, default);

        var memory = await body.ToMemoryAsync(default);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var segment));
        Assert.Equal((1, capacity, (byte)42), (segment.Count, segment.Array!.Length, segment.Array[0]));
    }

    [Fact]
    public async Task A_body_spools_appends_and_reads_back_without_posting_to_the_callers_context()
    {
        using var body = new BufferedBody(16, null);
        byte[] first = Random(10);
        byte[] second = Random(64);
        byte[] third = Random(64);
        var context = new Valuation.Tests.Support.CountingSynchronizationContext();

        await context.Run(() => body.AppendAsync(first, default).AsTask()); // in memory
        bool spooledEarly = body.IsSpooled;
        await context.Run(() => body.AppendAsync(second, default).AsTask()); // spools: the first bytes, then these
        await context.Run(() => body.AppendAsync(third, default).AsTask()); // appended to the spool
        var all = await context.Run(() => body.ToMemoryAsync(default).AsTask());

        Assert.False(spooledEarly);
        Assert.True(body.IsSpooled);
        Assert.Equal(first.Concat(second).Concat(third), all.ToArray());
        Assert.Equal(0, context.Posts);
    }

    [Fact]
    public async Task A_body_of_unknown_length_grows_by_doubling_not_by_the_chunk_nor_to_the_threshold_at_once()
    {
        byte[] data = Random(40_000);
        using var body = new BufferedBody(1024 * 1024, null);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int offset = 0; offset < data.Length; offset += 1000)
        {
            var append = body.AppendAsync(data.AsMemory(offset, 1000), default);
            Assert.True(append.IsCompletedSuccessfully);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.False(body.IsSpooled);
        Assert.Equal(data, (await body.ToMemoryAsync(default)).ToArray());
        Assert.InRange(allocated, 40_000, 140_000); // 4+8+16+32+64 KiB; growing by the chunk would allocate ~800 KB, to the threshold at once over 1 MiB
    }

    [Fact]
    public async Task A_body_that_arrived_whole_is_handed_over_without_a_copy()
    {
        byte[] data = Random(100);
        using var body = new BufferedBody(data.AsMemory());

        var memory = await body.ToMemoryAsync(default);

        Assert.Equal(100, body.Length);
        Assert.False(body.IsSpooled);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var segment));
        Assert.Same(data, segment.Array);
    }

    private static byte[] Random(int length)
    {
        byte[] data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    internal static HashSet<string> OpenSpoolFiles()
    {
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.Contains("valuation-webhook-", StringComparison.Ordinal))
                {
                    files.Add(target);
                }
            }
            catch (IOException)
            {
                // The descriptor closed while we looked.
            }
        }

        return files;
    }
}
