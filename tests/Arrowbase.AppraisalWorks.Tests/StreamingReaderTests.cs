using System.Text;
using Arrowbase.AppraisalWorks.Documents;
using Arrowbase.AppraisalWorks.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests;

public class StreamingReaderTests
{
    private static async Task<(EmbeddedDocumentReadResult Result, List<MemoryStream> Streams)> ReadAsync(string json, int trickle = int.MaxValue)
    {
        var streams = new List<MemoryStream>();
        var result = await EmbeddedDocumentReader.ReadAsync(
            new TricklingStream(Encoding.UTF8.GetBytes(json), trickle),
            (_, _) =>
            {
                var s = new MemoryStream();
                streams.Add(s);
                return ValueTask.FromResult<Stream>(s);
            });
        return (result, streams);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Json_escapes_inside_base64_are_decoded_across_any_buffer_boundary(int trickle)
    {
        byte[] content = Enumerable.Range(0, 3000).Select(i => (byte)(i * 13)).ToArray();
        string base64 = Convert.ToBase64String(content);
        Assert.Contains('/', base64);
        Assert.Contains('+', base64);
        string escaped = base64.Replace("/", "\\/", StringComparison.Ordinal).Replace("+", "\\u002B", StringComparison.Ordinal);
        string json = $$"""{"embeddedFile":{"typeID":"2061","name":"a.pdf","description":"d","document":"{{escaped}}","extra":[1,{"b":null}]},"isSuccess":true,"datetime":"2022-04-04 16:58:31Z"}""";

        var (result, streams) = await ReadAsync(json, trickle);

        Assert.Equal(content, Assert.Single(streams).ToArray());
        var file = Assert.Single(result.Files);
        Assert.Equal(2061, file.TypeId);
        Assert.Equal("a.pdf", file.Name);
        Assert.Equal(3000, file.Length);
        string skeleton = Encoding.UTF8.GetString(result.Skeleton.Span);
        Assert.DoesNotContain("document", skeleton, StringComparison.Ordinal);
        Assert.Contains("\"extra\":[1,{\"b\":null}]", skeleton, StringComparison.Ordinal);
        Assert.Contains("\"isSuccess\":true", skeleton, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1_000, int.MaxValue)]
    [InlineData(100_000, 4096)]
    [InlineData(100_000, int.MaxValue)]
    [InlineData(300_001, 65_536)]
    public async Task Documents_larger_than_the_buffer_stream_through_and_the_json_resumes_after_them(int size, int trickle)
    {
        byte[] a = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();
        byte[] b = Enumerable.Range(0, size / 2).Select(i => (byte)(i * 3)).ToArray();
        string json = $$"""{"embeddedFile":[{"typeID":"2000","name":"a","document":"{{Convert.ToBase64String(a)}}"},{"name":"b","document":"{{Convert.ToBase64String(b)}}","after":1}],"isSuccess":true}""";

        var (result, streams) = await ReadAsync(json, trickle);

        Assert.Equal(2, streams.Count);
        Assert.Equal(a, streams[0].ToArray());
        Assert.Equal(b, streams[1].ToArray());
        Assert.Equal(["a", "b"], result.Files.Select(f => f.Name));
        Assert.Contains("\"after\":1", Encoding.UTF8.GetString(result.Skeleton.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Property_names_are_matched_case_insensitively_and_null_documents_are_kept()
    {
        var (result, streams) = await ReadAsync("""{"EmbeddedFile":[{"TypeID":1000,"Name":"x","Document":"AAEC"},{"typeID":1000,"document":null}]}""");
        Assert.Equal([0, 1, 2], Assert.Single(streams).ToArray());
        Assert.Single(result.Files);
        Assert.Contains("\"document\":null", Encoding.UTF8.GetString(result.Skeleton.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_document_decodes_to_nothing()
    {
        var (result, streams) = await ReadAsync("""{"embeddedFile":{"document":""}}""");
        Assert.Empty(Assert.Single(streams).ToArray());
        Assert.Equal(0, Assert.Single(result.Files).Length);
    }

    [Theory]
    [InlineData("""{"embeddedFile":{"document":"AA=A"}}""", "base64")]
    [InlineData("""{"embeddedFile":{"document":"AAA"}}""", "base64")]
    [InlineData("""{"embeddedFile":{"document":"AA\"}}""", "")]
    [InlineData("""{"embeddedFile":{"document":"AB\u00e9C"}}""", "base64")]
    [InlineData("""{"embeddedFile":{"document":"AAAA""", "ended")]
    [InlineData("""{"embeddedFile":{"document":"AAAA"}""", "")]
    [InlineData("""{"embeddedFile":{"document":"AAAA"}} trailing""", "after")]
    public async Task Malformed_documents_and_json_give_clear_errors(string json, string expectedWord)
    {
        var ex = await Record.ExceptionAsync(() => ReadAsync(json, 2));
        Assert.True(ex is System.Text.Json.JsonException or InvalidDataException, ex?.GetType().Name);
        Assert.Contains(expectedWord, ex!.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_huge_non_document_member_is_refused()
    {
        string json = "{\"comment\":\"" + new string('x', 5000) + "\"}";
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() =>
            EmbeddedDocumentReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), (_, _) => ValueTask.FromResult<Stream>(Stream.Null), maxTokenBytes: 1024));
        Assert.Contains("1024 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_document_stream_is_rewound_for_a_second_send_and_a_non_seekable_one_is_refused()
    {
        var seekable = EmbeddedFileContent.FromStream(new PatternStream(1000));
        var request = new DocumentRequest { EmbeddedFile = new EmbeddedFile { TypeId = 1010, Name = "a", Description = "d", Document = seekable } };
        using var content = StreamingJsonContent.Create(request, Json.AppraisalWorksJsonContext.Default.DocumentRequest, [seekable]);
        using var first = new MemoryStream();
        using var second = new MemoryStream();
        await content.CopyToAsync(first);
        await content.CopyToAsync(second);
        Assert.Equal(first.ToArray(), second.ToArray());

        var once = EmbeddedFileContent.FromStream(new PatternStream(1000, seekable: false));
        var request2 = new DocumentRequest { EmbeddedFile = new EmbeddedFile { TypeId = 1010, Name = "a", Description = "d", Document = once } };
        using var content2 = StreamingJsonContent.Create(request2, Json.AppraisalWorksJsonContext.Default.DocumentRequest, [once]);
        await content2.CopyToAsync(Stream.Null);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => content2.CopyToAsync(Stream.Null));
        Assert.Contains("cannot seek", ex.Message, StringComparison.Ordinal);
    }
}

public class StreamingReaderChunkBoundaryTests
{
    // The reader decodes base64 in chunks of 16,384 characters (12,288 bytes). A document whose base64 is an exact
    // multiple of that length and ends in padding used to be decoded as a non-final chunk, which rejects padding.
    [Theory]
    [InlineData(12_288 - 1, int.MaxValue)] // 16,384 chars ending in '='
    [InlineData(12_288 - 2, int.MaxValue)] // 16,384 chars ending in '=='
    [InlineData(12_288 - 1, 1)]
    [InlineData(12_288 - 2, 3)]
    [InlineData(12_288, int.MaxValue)]     // 16,384 chars, no padding
    [InlineData((12_288 * 2) - 1, 4096)]   // 32,768 chars ending in '='
    [InlineData((12_288 * 3) - 2, 65_536)] // 49,152 chars ending in '=='
    public async Task A_document_whose_base64_fills_whole_chunks_and_ends_in_padding_decodes(int size, int trickle)
    {
        byte[] content = Enumerable.Range(0, size).Select(i => (byte)(i * 11)).ToArray();
        string base64 = Convert.ToBase64String(content);
        Assert.Equal(0, base64.Length % 16_384);
        string json = $$"""{"embeddedFile":{"typeID":"2000","name":"a","document":"{{base64}}","after":true},"isSuccess":true}""";
        var streams = new List<MemoryStream>();

        var result = await EmbeddedDocumentReader.ReadAsync(
            new TricklingStream(Encoding.UTF8.GetBytes(json), trickle),
            (_, _) =>
            {
                var s = new MemoryStream();
                streams.Add(s);
                return ValueTask.FromResult<Stream>(s);
            });

        Assert.Equal(content, Assert.Single(streams).ToArray());
        Assert.Equal(size, Assert.Single(result.Files).Length);
        Assert.Contains("\"after\":true", Encoding.UTF8.GetString(result.Skeleton.Span), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(12_288 - 1)]
    [InlineData(12_288 - 2)]
    [InlineData(12_288)]
    [InlineData((12_288 * 4) - 1)]
    [InlineData(1_000_003)]
    public async Task An_uploaded_document_of_a_chunk_boundary_length_round_trips(int size)
    {
        var file = EmbeddedFileContent.FromStream(new PatternStream(size));
        var request = new DocumentRequest { EmbeddedFile = new EmbeddedFile { TypeId = 1010, Name = "a", Description = "d", Document = file } };
        using var content = StreamingJsonContent.Create(request, Json.AppraisalWorksJsonContext.Default.DocumentRequest, [file]);
        using var body = new MemoryStream();
        await content.CopyToAsync(body);

        using var doc = System.Text.Json.JsonDocument.Parse(body.ToArray());
        byte[] decoded = Convert.FromBase64String(doc.RootElement.GetProperty("embeddedFile").GetProperty("document").GetString()!);
        using var expected = new MemoryStream();
        await new PatternStream(size).CopyToAsync(expected);
        Assert.Equal(expected.ToArray(), decoded);
    }
}
