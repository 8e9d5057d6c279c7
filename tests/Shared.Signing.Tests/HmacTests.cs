using System.Text;
using Shared.Signing;
using Shared.Signing.Tests.Support;
using Valuation.Tests.Support;

namespace Shared.Signing.Tests;

public class HmacTests
{
    private static byte[] Repeat(byte value, int count) => Enumerable.Repeat(value, count).ToArray();

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static readonly byte[] Key1To25 = Enumerable.Range(1, 25).Select(i => (byte)i).ToArray();

    // RFC 2202, section 3 (HMAC-SHA-1), test cases 1-7.
    public static TheoryData<byte[], byte[], string> Rfc2202 => new()
    {
        { Repeat(0x0b, 20), Ascii("Hi There"), "b617318655057264e28bc0b6fb378c8ef146be00" },
        { Ascii("Jefe"), Ascii("what do ya want for nothing?"), "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79" },
        { Repeat(0xaa, 20), Repeat(0xdd, 50), "125d7342b9ac11cd91a39af48aa17b4f63f175d3" },
        { Key1To25, Repeat(0xcd, 50), "4c9007f4026250c6bc8414f9bf50c86c2d7235da" },
        { Repeat(0x0c, 20), Ascii("Test With Truncation"), "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04" },
        { Repeat(0xaa, 80), Ascii("Test Using Larger Than Block-Size Key - Hash Key First"), "aa4ae5e15272d00e95705637ce8a3b55ed402112" },
        { Repeat(0xaa, 80), Ascii("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"), "e8e99d0f45237d786d6bbaa7965c7808bbff1a91" },
    };

    // RFC 4231, section 4 (HMAC-SHA-256), test cases 1-4, 6 and 7 (case 5 is a truncated output, tested below).
    public static TheoryData<byte[], byte[], string> Rfc4231 => new()
    {
        { Repeat(0x0b, 20), Ascii("Hi There"), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
        { Ascii("Jefe"), Ascii("what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
        { Repeat(0xaa, 20), Repeat(0xdd, 50), "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe" },
        { Key1To25, Repeat(0xcd, 50), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b" },
        { Repeat(0xaa, 131), Ascii("Test Using Larger Than Block-Size Key - Hash Key First"), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54" },
        { Repeat(0xaa, 131), Ascii("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."), "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2" },
    };

    [Theory]
    [MemberData(nameof(Rfc2202))]
    public void Sha1_matches_RFC_2202(byte[] key, byte[] data, string expectedHex)
    {
        Assert.Equal(expectedHex, Hmac.ComputeHex(HmacAlgorithm.Sha1, key, data));
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(expectedHex)), Hmac.ComputeBase64(HmacAlgorithm.Sha1, key, data));
        Assert.Equal(expectedHex, Convert.ToHexStringLower(Hmac.Compute(HmacAlgorithm.Sha1, key, new MemoryStream(data))));
    }

    [Theory]
    [MemberData(nameof(Rfc4231))]
    public async Task Sha256_matches_RFC_4231(byte[] key, byte[] data, string expectedHex)
    {
        Assert.Equal(expectedHex, Hmac.ComputeHex(HmacAlgorithm.Sha256, key, data));
        Assert.Equal(expectedHex, await Hmac.ComputeHexAsync(HmacAlgorithm.Sha256, key, new MemoryStream(data)));
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(expectedHex)), await Hmac.ComputeBase64Async(HmacAlgorithm.Sha256, key, new MemoryStream(data)));
    }

    [Fact]
    public void Sha256_RFC_4231_case_5_truncated_to_128_bits()
    {
        byte[] digest = Hmac.Compute(HmacAlgorithm.Sha256, Repeat(0x0c, 20), Ascii("Test With Truncation"));
        Assert.Equal("a3b6167473100ee06e0c796c2955552b", Convert.ToHexStringLower(digest.AsSpan(0, 16)));
    }

    [Fact]
    public void String_overloads_use_UTF8_for_key_and_data()
    {
        const string key = "clé-secrète";
        const string data = "POST,application/json,,/Orders,2022-04-12 16:32:25Z — ünïcödé";
        byte[] expected = Hmac.Compute(HmacAlgorithm.Sha256, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(data));
        Assert.Equal(expected, Hmac.Compute(HmacAlgorithm.Sha256, key, data));
        Assert.Equal(Convert.ToBase64String(expected), Hmac.ComputeBase64(HmacAlgorithm.Sha256, key, data));
        Assert.Equal(Convert.ToHexStringLower(expected), Hmac.ComputeHex(HmacAlgorithm.Sha256, key, data));
    }

    [Fact]
    public void String_overloads_handle_inputs_larger_than_the_stack_buffer()
    {
        string key = new('k', 2000);
        string data = new('d', 100_000);
        byte[] expected = Hmac.Compute(HmacAlgorithm.Sha1, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(data));
        Assert.Equal(Convert.ToHexStringLower(expected), Hmac.ComputeHex(HmacAlgorithm.Sha1, key, data));
    }

    [Fact]
    public void Hex_output_is_lowercase()
    {
        string hex = Hmac.ComputeHex(HmacAlgorithm.Sha256, "k", "d");
        Assert.Equal(hex.ToLowerInvariant(), hex);
        Assert.Equal(64, hex.Length);
    }

    [Fact]
    public void Signing_a_short_string_allocates_only_its_result()
    {
        // Warm up (JIT, static init), then measure the steady state on this thread.
        _ = Hmac.ComputeBase64(HmacAlgorithm.Sha256, "private-key", "POST,application/json,,/Orders,2022-04-12 16:32:25Z");
        long before = GC.GetAllocatedBytesForCurrentThread();
        string sig = Hmac.ComputeBase64(HmacAlgorithm.Sha256, "private-key", "POST,application/json,,/Orders,2022-04-12 16:32:25Z");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // A 44-character string is about 112 bytes; anything beyond one small object would be a regression.
        Assert.Equal(44, sig.Length);
        Assert.InRange(allocated, 1, 160);
    }

    [Fact]
    public void Hash_sizes_are_the_algorithms_digest_lengths()
    {
        Assert.Equal(20, Hmac.GetHashSizeInBytes(HmacAlgorithm.Sha1));
        Assert.Equal(32, Hmac.GetHashSizeInBytes(HmacAlgorithm.Sha256));
        Assert.Throws<ArgumentOutOfRangeException>(() => Hmac.GetHashSizeInBytes((HmacAlgorithm)99));
    }

    [Fact]
    public void Signing_with_a_long_key_and_body_allocates_only_its_result()
    {
        // Long enough that neither the key nor the body could fit a small stack buffer.
        string key = new('k', 700);
        string data = new('d', 5000);
        string? hex = null;
        long allocated = Allocations.OfSteadyState(() => hex = Hmac.ComputeHex(HmacAlgorithm.Sha256, key, data));

        Assert.Equal(Hmac.ComputeHex(HmacAlgorithm.Sha256, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(data)), hex);
        Assert.InRange(allocated, 1, 200);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(700)]
    public void The_string_key_does_not_linger_in_the_shared_array_pool(int keyLength)
    {
        // A key unique to this test, so finding its bytes in the pool can only mean this call left them there.
        string key = string.Concat(Enumerable.Repeat(Guid.NewGuid().ToString("N"), (keyLength / 32) + 1))[..keyLength];
        string data = new('d', 3);

        string hex = Hmac.ComputeHex(HmacAlgorithm.Sha1, key, data);

        Assert.Equal(Hmac.ComputeHex(HmacAlgorithm.Sha1, Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(data)), hex);
        Assert.False(SharedPool.HoldsAnywhere(Encoding.UTF8.GetBytes(key)), "the key's bytes are still in a pooled buffer");
    }

    [Fact]
    public async Task Stream_signatures_do_not_resume_on_the_callers_synchronization_context()
    {
        // A caller that blocks on the result from a single-threaded context (UI, legacy ASP.NET) would deadlock
        // if the library's continuation were posted back to that context.
        byte[] key = "key"u8.ToArray();
        byte[] data = Encoding.ASCII.GetBytes("what do ya want for nothing?");
        string expectedHex = Hmac.ComputeHex(HmacAlgorithm.Sha256, key, data);

        var hexContext = new CountingSynchronizationContext();
        var hex = hexContext.Run(() => Hmac.ComputeHexAsync(HmacAlgorithm.Sha256, key, new AsynchronousStream(data)).AsTask());
        Assert.Equal(expectedHex, await hex);
        Assert.Equal(0, hexContext.Posts);

        var base64Context = new CountingSynchronizationContext();
        var base64 = base64Context.Run(() => Hmac.ComputeBase64Async(HmacAlgorithm.Sha256, key, new AsynchronousStream(data)).AsTask());
        Assert.Equal(Convert.ToBase64String(Convert.FromHexString(expectedHex)), await base64);
        Assert.Equal(0, base64Context.Posts);
    }
}
