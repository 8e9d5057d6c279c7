namespace Valuation.Benchmarks;

/// <summary>The vendors' example payloads, copied beside the benchmarks (see TestData/README.md).</summary>
internal static class TestData
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static byte[] ReadBytes(string name) => File.ReadAllBytes(Path(name));
}

/// <summary>Deterministic document bytes, generated without holding the document.</summary>
internal static class PatternStream
{
    public static void Fill(Span<byte> buffer, long offset)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            long p = offset + i;
            buffer[i] = (byte)((p * 31) ^ (p >> 9));
        }
    }

    /// <summary>Writes a file of <paramref name="length"/> pattern bytes in 1 MiB chunks.</summary>
    public static string CreateTempFile(long length)
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"valuation-bench-{Environment.ProcessId}-{length}.bin");
        var chunk = new byte[1024 * 1024];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        for (long written = 0; written < length; written += chunk.Length)
        {
            int n = (int)Math.Min(chunk.Length, length - written);
            Fill(chunk.AsSpan(0, n), written);
            file.Write(chunk, 0, n);
        }

        return path;
    }
}

/// <summary>A write-only sink that counts bytes, standing in for the user's destination file.</summary>
internal sealed class CountingStream : Stream
{
    public long Count { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Count;

    public override long Position
    {
        get => Count;
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Count += count;

    public override void Write(ReadOnlySpan<byte> buffer) => Count += buffer.Length;

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Count += count;
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Count += buffer.Length;
        return ValueTask.CompletedTask;
    }
}
