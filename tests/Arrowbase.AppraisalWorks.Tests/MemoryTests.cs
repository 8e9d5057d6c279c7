using RichardSzalay.MockHttp;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Arrowbase.AppraisalWorks.Tests.Support;
using Xunit.Abstractions;

namespace Arrowbase.AppraisalWorks.Tests;

[CollectionDefinition("Memory", DisableParallelization = true)]
public class MemoryTestGroup;

/// <summary>Allocation is measured process-wide, so these tests run alone.</summary>
[Collection("Memory")]
public class MemoryTests(ITestOutputHelper output)
{
    private sealed class ConsumingHandler : HttpMessageHandler
    {
        public DocumentExtractingStream Sink { get; } = new();

        public string? Authorization { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorization = request.Headers.Authorization?.ToString();
            await request.Content!.CopyToAsync(Sink, cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent("""{"isSuccess":true}"""u8.ToArray()) };
        }
    }

    [Fact]
    public async Task Uploading_a_100_MB_document_allocates_well_under_1_percent_of_its_size()
    {
        const long size = 100L * 1024 * 1024;
        byte[] expectedHash = PatternStream.Sha256(size);
        var handler = new ConsumingHandler();
        var client = AppraisalWorksClient.Create(Keys.Options(), handler);
        await client.AddDocumentAsync("A-1", 2060, "warmup.pdf", "Appraisal Support Document", new PatternStream(10_000)); // JIT and first-call costs
        var measured = new ConsumingHandler();
        client = AppraisalWorksClient.Create(Keys.Options(), measured);
        using var source = new PatternStream(size);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        await client.AddDocumentAsync("A-1", 2060, "big.pdf", "Appraisal Support Document", source);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"100 MB upload: body {measured.Sink.BodyBytes:N0} bytes, allocated {allocated:N0} bytes ({100.0 * allocated / size:F3}% of the document)");
        Assert.Equal(size, measured.Sink.DecodedBytes);
        Assert.Equal(expectedHash, measured.Sink.DecodedHash());
        Assert.StartsWith("hmac ", measured.Authorization, StringComparison.Ordinal);
        Assert.True(allocated < size / 100, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task Reading_a_completed_report_with_three_20_MB_documents_allocates_under_5_percent()
    {
        const int size = 20 * 1024 * 1024;
        var body = new StringBuilder("""{"property":{"stories":"2"},"valuationResults":{"value":100000.00},"embeddedFile":[""");
        var hashes = new List<byte[]>();
        for (int i = 0; i < 3; i++)
        {
            var data = new byte[size];
            new PatternStream(size, seed: i).ReadExactly(data);
            hashes.Add(SHA256.HashData(data));
            body.Append(i == 0 ? "" : ",").Append(System.Globalization.CultureInfo.InvariantCulture, $$"""{"typeID":"2000","name":"doc{{i}}.pdf","description":"Appraisal PDF","document":""").Append('"').Append(Convert.ToBase64String(data)).Append("\"}");
        }

        body.Append("""],"isSuccess":true,"datetime":"2022-04-04 16:58:31Z"}""");
        byte[] json = Encoding.UTF8.GetBytes(body.ToString());
        body.Clear();
        var mock = new RichardSzalay.MockHttp.MockHttpMessageHandler();
        mock.When("*").Respond(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(json) });
        var client = AppraisalWorksClient.Create(Keys.Options(), mock);
        await client.GetCompletedAsync("A-1", (_, _) => ValueTask.FromResult<Stream>(new HashingStream())); // warm-up
        var sinks = new List<HashingStream>();
        Func<EmbeddedFileInfo, CancellationToken, ValueTask<Stream>> factory = (_, _) =>
        {
            var s = new HashingStream();
            sinks.Add(s);
            return ValueTask.FromResult<Stream>(s);
        };

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var report = await client.GetCompletedAsync("A-1", factory);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        long total = 3L * size;
        output.WriteLine($"Completed with 3 x 20 MB: response {json.Length:N0} bytes, allocated {allocated:N0} bytes ({100.0 * allocated / total:F3}% of the documents)");
        Assert.Equal(3, sinks.Count);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(size, sinks[i].Count);
            Assert.Equal(hashes[i], sinks[i].Hash());
            Assert.Equal(size, report.EmbeddedFile![i].Length);
        }

        Assert.Equal(2, report.Property!.Stories);
        Assert.True(allocated < total / 20, $"allocated {allocated:N0} bytes");
    }
}
