using System.Buffers;

namespace Shared.Signing.Tests.Support;

/// <summary>
/// Looks into <see cref="ArrayPool{T}.Shared"/> the way the next user of the pool would: by renting from it. An array
/// that code returned to the pool on this thread is the next one rented in its size class, so a secret left in a
/// returned buffer shows up here.
/// </summary>
internal static class SharedPool
{
    public static bool HoldsAnywhere(ReadOnlySpan<byte> needle)
    {
        var rented = new List<byte[]>();
        try
        {
            for (int size = 16; size <= 1 << 20; size *= 2)
            {
                for (int i = 0; i < 4; i++)
                {
                    byte[] array = ArrayPool<byte>.Shared.Rent(size);
                    rented.Add(array);
                    if (array.AsSpan().IndexOf(needle) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
        finally
        {
            foreach (byte[] array in rented)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }
}
