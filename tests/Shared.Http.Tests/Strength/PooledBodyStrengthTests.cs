using System.Buffers;
using System.Text;

namespace Valuation.Http.Tests.Strength;

public class PooledBodyStrengthTests
{
    [Theory]
    [InlineData("", 10, null)]
    [InlineData("short", 10, "short")]
    [InlineData("exactly10!", 10, "exactly10!")]
    [InlineData("longer than the cap", 6, "longer")]
    public void Text_is_the_UTF8_body_cut_at_the_character_cap_and_null_when_empty(string body, int maxChars, string? expected)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        byte[] rented = ArrayPool<byte>.Shared.Rent(bytes.Length + 1);
        bytes.CopyTo(rented, 0);
        using var pooled = new PooledBody(rented, bytes.Length);

        Assert.Equal(expected, pooled.ToText(maxChars));
    }

    [Fact]
    public void Disposing_returns_the_buffer_to_the_pool_once()
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent(2048);
        var body = new PooledBody(rented, 100);

        body.Dispose();
        body.Dispose(); // a second dispose must not hand the same buffer out twice
        byte[] first = ArrayPool<byte>.Shared.Rent(2048);
        byte[] second = ArrayPool<byte>.Shared.Rent(2048);
        ArrayPool<byte>.Shared.Return(second);
        ArrayPool<byte>.Shared.Return(first);

        Assert.Same(rented, first);
        Assert.NotSame(rented, second);
    }

    [Fact]
    public void A_disposed_body_can_no_longer_be_read()
    {
        var body = new PooledBody(ArrayPool<byte>.Shared.Rent(16), 3);
        body.Dispose();

        Assert.Throws<ObjectDisposedException>(() => body.Span.Length);
        Assert.Throws<ObjectDisposedException>(() => body.Memory);
    }
}
