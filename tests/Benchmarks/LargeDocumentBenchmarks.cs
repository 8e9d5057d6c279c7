using System.Text;
using System.Text.Json;
using Arrowbase.AppraisalWorks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;

namespace Valuation.Benchmarks;

/// <summary>
/// Large documents through the SDK (streamed base64) against the naive way (the base64 as one string with
/// JsonSerializer): allocated bytes (MemoryDiagnoser) and peak resident memory (<see cref="PeakMemory"/>).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LargeDocumentConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class LargeDocuments
{
    /// <summary>The uploaded document: 100 MiB.</summary>
    public const long UploadSize = 100L * 1024 * 1024;

    private const string Uid = "81B9-F16E-03D8-4C3F";
    private CannedServer _server = null!;
    private ServiceProvider _services = null!;
    private IAppraisalWorksClient _sdk = null!;
    private HttpClient _floor = null!;
    private string _file = null!;
    private string _current = string.Empty;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await CannedServer.StartAsync();
        var services = new ServiceCollection();
        services.AddAppraisalWorks(o =>
        {
            o.BaseAddress = _server.AppraisalWorksBase;
            o.ClientId = CannedServer.AwClientId;
            o.PublicKey = CannedServer.AwPublicKey;
            o.PrivateKey = CannedServer.AwPrivateKey;
        });
        _services = services.BuildServiceProvider();
        _sdk = _services.GetRequiredService<IAppraisalWorksClient>();
        _floor = new HttpClient(new SocketsHttpHandler()) { BaseAddress = _server.AppraisalWorksBase, Timeout = Timeout.InfiniteTimeSpan };
        _file = PatternStream.CreateTempFile(UploadSize);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _services.DisposeAsync();
        _floor.Dispose();
        await _server.DisposeAsync();
        File.Delete(_file);
    }

    [IterationSetup]
    public void BeforeIteration() => PeakMemory.BeforeIteration();

    [IterationCleanup]
    public void AfterIteration() => PeakMemory.AfterIteration(nameof(LargeDocuments) + "." + _current);

    [Benchmark(Baseline = true), BenchmarkCategory("Upload 100 MB")]
    public async Task<long> Naive_AddDocument()
    {
        _current = nameof(Naive_AddDocument);
        byte[] bytes = File.ReadAllBytes(_file);
        var body = new NaiveDocumentRequest
        {
            EmbeddedFile = new NaiveEmbeddedFile { TypeId = "2060", Name = "big.pdf", Description = "Appraisal Support Document", Document = Convert.ToBase64String(bytes) },
        };
        string json = JsonSerializer.Serialize(body, FloorJsonContext.Default.NaiveDocumentRequest);
        using var request = new HttpRequestMessage(HttpMethod.Post, "Orders/" + Uid + "/Documents") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.RequestUri = new Uri(_floor.BaseAddress!, request.RequestUri!);
        FloorAuth.SignAppraisalWorks(request);
        using var response = await _floor.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return CheckUploaded();
    }

    [Benchmark, BenchmarkCategory("Upload 100 MB")]
    public async Task<long> Sdk_AddDocument()
    {
        _current = nameof(Sdk_AddDocument);
        await using var file = File.OpenRead(_file);
        await _sdk.AddDocumentAsync(Uid, 2060, "big.pdf", "Appraisal Support Document", file);
        return CheckUploaded();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Read Completed 3x20 MB")]
    public async Task<long> Naive_GetCompleted()
    {
        _current = nameof(Naive_GetCompleted);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_floor.BaseAddress!, "Orders/" + Uid + "/Completed"));
        FloorAuth.SignAppraisalWorks(request);
        using var response = await _floor.SendAsync(request);
        response.EnsureSuccessStatusCode();
        string json = await response.Content.ReadAsStringAsync();
        var report = JsonSerializer.Deserialize(json, FloorJsonContext.Default.NaiveCompleted)!;
        long total = 0;
        foreach (var file in report.EmbeddedFile!)
        {
            var sink = new CountingStream();
            byte[] document = Convert.FromBase64String(file.Document!);
            await sink.WriteAsync(document);
            total += sink.Count;
        }

        return CheckRead(total);
    }

    [Benchmark, BenchmarkCategory("Read Completed 3x20 MB")]
    public async Task<long> Sdk_GetCompleted()
    {
        _current = nameof(Sdk_GetCompleted);
        var sinks = new List<CountingStream>(CannedServer.CompletedDocumentCount);
        await _sdk.GetCompletedAsync(Uid, (_, _) =>
        {
            var sink = new CountingStream();
            sinks.Add(sink);
            return ValueTask.FromResult<Stream>(sink);
        });
        return CheckRead(sinks.Sum(s => s.Count));
    }

    private long CheckUploaded()
    {
        long sent = _server.LastRequestBodyBytes;
        if (sent < UploadSize * 4 / 3)
        {
            throw new InvalidOperationException($"The server read only {sent} bytes of the upload.");
        }

        return sent;
    }

    private static long CheckRead(long total) =>
        total == (long)CannedServer.CompletedDocumentCount * CannedServer.CompletedDocumentSize
            ? total
            : throw new InvalidOperationException($"Decoded {total} bytes instead of three documents.");
}
