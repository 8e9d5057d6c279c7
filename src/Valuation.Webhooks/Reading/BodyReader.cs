using System.Buffers;
using System.Security.Cryptography;

namespace Valuation.Webhooks.Reading;

/// <summary>What became of a body read.</summary>
internal enum BodyReadStatus
{
    Complete,
    TooLarge,
    TimedOut,
}

/// <summary>
/// Reads a request body once, in chunks: never more than the limit plus one byte, feeding each chunk to the
/// signature's HMACs as it arrives, and holding at most a threshold of it in memory (the rest spools to a file).
/// Its read chunk comes from the shared array pool (a test passes its own pool to see what is rented and returned).
/// </summary>
internal static class BodyReader
{
    private const int ChunkSize = 64 * 1024;

    public static async Task<(BodyReadStatus Status, BufferedBody? Body)> ReadAsync(
        WebhookRequest request,
        long maxBytes,
        int memoryThreshold,
        IncrementalHash[]? hashes,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken,
        ArrayPool<byte>? pool = null)
    {
        pool ??= ArrayPool<byte>.Shared;
        if (request.BodyBytes is { } bytes)
        {
            if (bytes.Length > maxBytes)
            {
                return (BodyReadStatus.TooLarge, null);
            }

            foreach (var hash in hashes ?? [])
            {
                hash.AppendData(bytes.Span);
            }

            return (BodyReadStatus.Complete, new BufferedBody(bytes));
        }

        var body = new BufferedBody((int)Math.Min(memoryThreshold, maxBytes + 1), request.DeclaredLength);
        byte[] chunk = pool.Rent(ChunkSize);
        bool abandoned = false;
        long started = time.GetTimestamp();
        try
        {
            while (true)
            {
                // Never ask for more than one byte past the limit.
                int want = (int)Math.Min(ChunkSize, maxBytes + 1 - body.Length);
                var read = request.BodyStream!.ReadAsync(chunk.AsMemory(0, want), cancellationToken);
                int n;
                if (read.IsCompleted)
                {
                    // The bytes were already there (the common case): no timer needed.
                    n = read.GetAwaiter().GetResult();
                }
                else
                {
                    var remaining = timeout - time.GetElapsedTime(started);
                    try
                    {
                        n = remaining > TimeSpan.Zero
                            ? await read.AsTask().WaitAsync(remaining, time, cancellationToken).ConfigureAwait(false)
                            : throw new TimeoutException();
                    }
                    catch (TimeoutException)
                    {
                        // The stalled read may still write into the chunk: it is not given back to the pool.
                        abandoned = true;
                        body.Dispose();
                        return (BodyReadStatus.TimedOut, null);
                    }
                }

                if (n == 0)
                {
                    return (BodyReadStatus.Complete, body);
                }

                if (body.Length + n > maxBytes)
                {
                    body.Dispose();
                    return (BodyReadStatus.TooLarge, null);
                }

                foreach (var hash in hashes ?? [])
                {
                    hash.AppendData(chunk, 0, n);
                }

                await body.AppendAsync(chunk.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            body.Dispose();
            throw;
        }
        finally
        {
            if (!abandoned)
            {
                pool.Return(chunk);
            }
        }
    }
}
