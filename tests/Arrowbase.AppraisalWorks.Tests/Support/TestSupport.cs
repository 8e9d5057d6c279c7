using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace Arrowbase.AppraisalWorks.Tests.Support;

internal static class TestData
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "TestData", name);

    public static string Read(string name) => File.ReadAllText(Path(name));

    public static byte[] ReadBytes(string name) => File.ReadAllBytes(Path(name));

    public static JsonElement Json(string name) => JsonDocument.Parse(Read(name)).RootElement.Clone();
}

internal static class Keys
{
    public const string PublicKey = "pub-0001";
    public const string PrivateKey = "9a6f5f4e-7c1b-4d8e-bb1a-3f2d1c0e9b8a";
    public const string ClientId = "4564";

    public static AppraisalWorksOptions Options(string baseAddress = "https://uat-api.arrowbasetech.com/RapiV1/") => new()
    {
        BaseAddress = new Uri(baseAddress),
        ClientId = ClientId,
        PublicKey = PublicKey,
        PrivateKey = PrivateKey,
    };

    /// <summary>The signature computed independently of the library, with HMACSHA256 directly.</summary>
    public static string Expected(string canonical, string privateKey = PrivateKey)
    {
        using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(privateKey));
        return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(canonical)));
    }
}

/// <summary>A captured request: what the mock saw, with its body read once.</summary>
internal sealed record Captured(HttpMethod Method, Uri Uri, string? Authorization, string? RequestDate, string? ContentType, byte[] Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public void AssertSigned(string relativeUrl)
    {
        Assert.NotNull(RequestDate);
        string canonical = $"{Method.Method},application/json,,{relativeUrl},{RequestDate}";
        Assert.Equal($"hmac {Keys.PublicKey}:{Keys.Expected(canonical)}", Authorization);
    }
}

internal sealed class ClientFixture
{
    public ClientFixture(string baseAddress = "https://uat-api.arrowbasetech.com/RapiV1/", AppraisalWorksOptions? options = null)
    {
        Time = new FakeTimeProvider(new DateTimeOffset(2022, 4, 12, 16, 32, 25, TimeSpan.Zero));
        Options = options ?? Keys.Options(baseAddress);
        Client = AppraisalWorksClient.Create(Options, Mock, Time);
    }

    public MockHttpMessageHandler Mock { get; } = new();

    public FakeTimeProvider Time { get; }

    public AppraisalWorksOptions Options { get; }

    public AppraisalWorksClient Client { get; }

    public List<Captured> Requests { get; } = [];

    public MockedRequest Expect(HttpMethod method, string url, string responseJson = """{"isSuccess":true,"datetime":"2022-04-04 16:58:31Z"}""", System.Net.HttpStatusCode status = System.Net.HttpStatusCode.OK) =>
        Mock.Expect(method, url).Respond(async request =>
        {
            Requests.Add(await CaptureAsync(request));
            return new HttpResponseMessage(status) { Content = new StringContent(responseJson, Encoding.UTF8, "application/json") };
        });

    public static async Task<Captured> CaptureAsync(HttpRequestMessage request)
    {
        byte[] body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
        return new Captured(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Headers.TryGetValues("x-request-date", out var d) ? string.Join("|", d) : null,
            request.Content?.Headers.ContentType?.ToString(),
            body);
    }
}

internal static class JsonAssert
{
    /// <summary>
    /// Compares JSON field by field: property names ignoring case, numbers and numeric strings by value
    /// ("1010" equals 1010), and every expected member must be present with an equal value (and no extra members).
    /// </summary>
    public static void Equivalent(JsonElement expected, JsonElement actual, string path = "$")
    {
        if (expected.ValueKind == JsonValueKind.Object)
        {
            Assert.True(actual.ValueKind == JsonValueKind.Object, $"{path}: expected an object, got {actual.ValueKind}");
            var actualMembers = actual.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.OrdinalIgnoreCase);
            foreach (var member in expected.EnumerateObject())
            {
                Assert.True(actualMembers.TryGetValue(member.Name, out var value), $"{path}.{member.Name} is missing");
                Equivalent(member.Value, value, $"{path}.{member.Name}");
                actualMembers.Remove(member.Name);
            }

            Assert.True(actualMembers.Count == 0, $"{path} has unexpected members: {string.Join(", ", actualMembers.Keys)}");
            return;
        }

        if (expected.ValueKind == JsonValueKind.Array)
        {
            Assert.Equal(JsonValueKind.Array, actual.ValueKind);
            Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
            int i = 0;
            foreach (var (e, a) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
            {
                Equivalent(e, a, $"{path}[{i++}]");
            }

            return;
        }

        Assert.True(Scalar(expected) == Scalar(actual), $"{path}: expected {expected.GetRawText()} but got {actual.GetRawText()}");
    }

    private static string Scalar(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String when decimal.TryParse(e.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => "n:" + d.ToString(CultureInfo.InvariantCulture),
        JsonValueKind.Number => "n:" + e.GetDecimal().ToString(CultureInfo.InvariantCulture),
        JsonValueKind.String => "s:" + e.GetString(),
        _ => e.ValueKind.ToString() + ":" + e.GetRawText(),
    };
}

/// <summary>A read-only stream of <see cref="Length"/> generated bytes, never materialized.</summary>
internal sealed class PatternStream(long length, bool seekable = true, int seed = 7) : Stream
{
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => seekable;
    public override bool CanWrite => false;
    public override long Length => seekable ? length : throw new NotSupportedException();

    public override long Position
    {
        get => seekable ? _position : throw new NotSupportedException();
        set => _position = seekable ? value : throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = (int)Math.Min(buffer.Length, length - _position);
        for (int i = 0; i < n; i++)
        {
            long p = _position + i;
            buffer[i] = (byte)((p * 31) ^ (p >> 9) ^ seed);
        }

        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public static byte[] Sha256(long length, int seed = 7)
    {
        using var s = new PatternStream(length, seed: seed);
        return SHA256.HashData(s);
    }
}

/// <summary>A write-only stream that hashes and counts what is written to it.</summary>
internal sealed class HashingStream : Stream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long Count { get; private set; }

    public byte[] Hash() => _hash.GetCurrentHash();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Count;
    public override long Position { get => Count; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _hash.AppendData(buffer);
        Count += buffer.Length;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>
/// A write-only stream that receives a JSON request body, finds the first <c>"document":"</c>, and base64-decodes
/// what follows into a hash, without keeping the body. Counts every byte of the body.
/// </summary>
internal sealed class DocumentExtractingStream : Stream
{
    private static readonly byte[] Marker = "\"document\":\""u8.ToArray();
    private readonly HashingStream _decoded = new();
    private readonly byte[] _carry = new byte[4];
    private readonly byte[] _out = new byte[48 * 1024];
    private readonly byte[] _work = new byte[64 * 1024];
    private int _carryCount;
    private int _matched;
    private int _state; // 0 searching, 1 in document, 2 done

    public long BodyBytes { get; private set; }

    public long DecodedBytes => _decoded.Count;

    public byte[] DecodedHash() => _decoded.Hash();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => BodyBytes;
    public override long Position { get => BodyBytes; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        BodyBytes += buffer.Length;
        int i = 0;
        while (i < buffer.Length)
        {
            if (_state == 0)
            {
                byte b = buffer[i++];
                _matched = b == Marker[_matched] ? _matched + 1 : (b == Marker[0] ? 1 : 0);
                if (_matched == Marker.Length)
                {
                    _state = 1;
                }
            }
            else if (_state == 1)
            {
                int end = buffer[i..].IndexOf((byte)'"');
                var chunk = end < 0 ? buffer[i..] : buffer.Slice(i, end);
                Decode(chunk, final: end >= 0);
                i += chunk.Length;
                if (end >= 0)
                {
                    _state = 2;
                    i++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private void Decode(ReadOnlySpan<byte> chars, bool final)
    {
        // Feed carry + chars in pieces that fit the output buffer.
        while (!chars.IsEmpty || (final && _carryCount > 0))
        {
            int take = Math.Min(chars.Length, _work.Length - _carryCount);
            Span<byte> work = _work.AsSpan(0, _carryCount + take);
            _carry.AsSpan(0, _carryCount).CopyTo(work);
            chars[..take].CopyTo(work[_carryCount..]);
            chars = chars[take..];
            bool last = final && chars.IsEmpty;
            var status = Base64.DecodeFromUtf8(work, _out, out int consumed, out int written, isFinalBlock: last);
            if (status == OperationStatus.InvalidData)
            {
                throw new InvalidDataException("invalid base64 in request body");
            }

            _decoded.Write(_out.AsSpan(0, written));
            _carryCount = work.Length - consumed;
            work[consumed..].CopyTo(_carry);
            if (last)
            {
                break;
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>A stream that returns at most <paramref name="max"/> bytes per read, to exercise buffer refills.</summary>
internal sealed class TricklingStream(byte[] data, int max) : Stream
{
    private int _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => data.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, max), data.Length - _position);
        Array.Copy(data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

internal static class Media
{
    public static MediaTypeHeaderValue Json => new("application/json");
}

/// <summary>
/// A handler that runs a function; used where the handler must throw (MockHttp does not let a pipeline retry after
/// its responder throws).
/// </summary>
internal sealed class FuncHandler(Func<HttpRequestMessage, Task<HttpResponseMessage>> respond) : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => respond(request);
}
