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
        CancellationToken cancellationToken)
    {
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
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkSize);
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            while (true)
            {
                // Never ask for more than one byte past the limit.
                int want = (int)Math.Min(ChunkSize, maxBytes + 1 - body.Length);
                int n = await request.BodyStream!.ReadAsync(chunk.AsMemory(0, want), linked.Token).ConfigureAwait(false);
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

                await body.AppendAsync(chunk.AsMemory(0, n), linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            body.Dispose();
            return (BodyReadStatus.TimedOut, null);
        }
        catch
        {
            body.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
