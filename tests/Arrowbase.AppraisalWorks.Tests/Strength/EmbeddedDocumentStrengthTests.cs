using System.Text;
using Arrowbase.AppraisalWorks.Documents;
using Arrowbase.AppraisalWorks.Tests.Support;

namespace Arrowbase.AppraisalWorks.Tests.Strength;

/// <summary>
/// The streaming reader of large documents (base64 inside JSON): what the handler learns of each document before its
/// bytes arrive, what is left of the JSON, and each malformed input's typed error.
/// </summary>
public class EmbeddedDocumentStrengthTests
{
    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1)]
    [InlineData(5)]
    public async Task Each_document_is_replaced_by_its_index_and_the_rest_of_the_JSON_is_kept_as_sent(int trickle)
    {
        string a = Convert.ToBase64String("first"u8);
        string b = Convert.ToBase64String("second!"u8);
        string json = $$"""{"isSuccess":true,"files":[{"typeid":3,"name":"a.pdf","document":"{{a}}"},{"name":"b.xml","document":  "{{b}}","after":1}],"n":null}""";

        var (result, streams, infos) = await Read(json, trickle);

        Assert.Equal("""{"isSuccess":true,"files":[{"typeid":3,"name":"a.pdf","$streamedDocumentIndex":0},{"name":"b.xml","$streamedDocumentIndex":1,"after":1}],"n":null}""", Encoding.UTF8.GetString(result.Skeleton.Span));
        Assert.Equal(["first", "second!"], streams.Select(s => Encoding.UTF8.GetString(s.ToArray())));
        Assert.Equal([5L, 7L], result.Files.Select(f => f.Length));
        Assert.Equal([0, 1], infos.Select(f => f.Index));
        Assert.Equal(3, infos[0].TypeId);
        Assert.Equal("a.pdf", infos[0].Name);
        Assert.Null(infos[1].TypeId);
        Assert.Equal("b.xml", infos[1].Name);
    }

    [Fact]
    public async Task The_handler_learns_the_metadata_sent_before_the_document_in_its_own_object_and_no_more()
    {
        string json = """{"name":"outer.pdf","file":{"typeid":"7","description":"Appraisal","document":"AAAA","name":"late.pdf"}}""";

        var (_, _, infos) = await Read(json);

        var info = Assert.Single(infos);
        Assert.Equal(7, info.TypeId); // a typeid sent as a string is read too
        Assert.Equal("Appraisal", info.Description);
        Assert.Null(info.Name); // the outer object's name is not this document's, and its own comes after it
    }

    [Theory]
    [InlineData("\"x\"", null)]
    [InlineData("3.5", null)]
    [InlineData("-2", -2)]
    public async Task A_typeid_that_is_not_an_integer_is_unknown(string typeId, int? expected)
    {
        var (_, _, infos) = await Read($$"""{"typeid":{{typeId}},"document":"AAAA"}""");

        Assert.Equal(expected, Assert.Single(infos).TypeId);
    }

    [Fact]
    public async Task A_metadata_value_of_up_to_1024_characters_is_remembered_and_a_longer_one_is_not()
    {
        string at = new('n', 1024);
        string over = new('d', 1025);

        var (_, _, infos) = await Read($$"""{"name":"{{at}}","description":"{{over}}","document":"AAAA"}""");

        Assert.Equal(at, infos[0].Name);
        Assert.Null(infos[0].Description);
    }

    [Theory]
    [InlineData("{\"document\":null}")]
    [InlineData("{\"document\":{\"inner\":1}}")]
    [InlineData("{\"document\":[1,2]}")]
    [InlineData("{\"Document\":42}")]
    public async Task A_document_member_that_is_not_a_string_is_kept_in_the_JSON_and_nothing_is_streamed(string json)
    {
        var (result, streams, _) = await Read(json);

        Assert.Equal(json.Replace("\"Document\"", "\"document\"", StringComparison.Ordinal), Encoding.UTF8.GetString(result.Skeleton.Span));
        Assert.Empty(streams);
        Assert.Empty(result.Files);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\t")]
    [InlineData("\r\n")]
    [InlineData("  \n\t\r ")]
    public async Task White_space_after_the_JSON_is_allowed(string tail)
    {
        var (result, _, _) = await Read("{\"document\":\"AAAA\"}" + tail, trickle: 3);

        Assert.Single(result.Files);
    }

    [Theory]
    [InlineData("{\"a\":1}x", 1000)]
    [InlineData("{\"a\":1} x", 1000)]
    [InlineData("{\"a\":1}   \n  {}", 3)]
    [InlineData("{\"document\":\"AAAA\"} 1", 1000)]
    public async Task Data_after_the_JSON_is_refused(string json, int trickle)
    {
        var ex = await Assert.ThrowsAsync<System.Text.Json.JsonException>(() => Read(json, trickle));

        Assert.Contains("data after its JSON value", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"document\":", "ended where a document value was expected")]
    [InlineData("{\"document\":   ", "ended where a document value was expected")]
    [InlineData("{\"document\":\"AAAA", "ended inside a document's base64 text")]
    [InlineData("{\"document\":\"AAAA\\u00", "ended inside a document's base64 text")]
    public async Task A_response_cut_short_says_where(string json, string says)
    {
        var ex = await Assert.ThrowsAsync<System.Text.Json.JsonException>(() => Read(json, trickle: 2));

        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"a\":1")]
    [InlineData("{\"a\":")]
    [InlineData("{\"document\":\"AAAA\"")]
    [InlineData("{\"document\":\"AAAA\",")]
    public async Task A_response_cut_short_between_tokens_is_a_JSON_error(string json)
    {
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => Read(json, trickle: 2));
    }

    [Theory]
    [InlineData("\\u0041\\u0041AA", "AAAA")] // escaped base64 characters
    [InlineData("AA\\u000aAA", "AAAA")] // an escaped line break is ignored
    [InlineData("AA\\u000DAA", "AAAA")]
    [InlineData("AA\\u0009AA", "AAAA")]
    [InlineData("AA\\u0020AA", "AAAA")]
    [InlineData("AA\\nA\\rA\\t", "AAAA")]
    [InlineData("AA\\/A", "AA/A")]
    public async Task Escapes_the_document_may_use_decode_as_the_base64_they_stand_for(string escaped, string base64)
    {
        var (_, streams, _) = await Read($$"""{"document":"{{escaped}}"}""", trickle: 1);

        Assert.Equal(Convert.FromBase64String(base64), streams[0].ToArray());
    }

    [Theory]
    [InlineData("AA\\u00e9A", "outside the base64 alphabet")]
    [InlineData("AA\\u002aA", "outside the base64 alphabet")]
    [InlineData("AA\\bAA", "escape sequence that is not part of base64")]
    [InlineData("AA*AA", "outside the base64 alphabet")]
    [InlineData("AA\u0001AA", "raw control character")]
    [InlineData("AAA", "bad padding or length")]
    [InlineData("A=AA", "bad padding or length")]
    public async Task A_document_that_is_not_base64_is_refused_as_invalid_data(string value, string says)
    {
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => Read($$"""{"document":"{{value}}"}"""));

        Assert.Contains(says, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AA\\u00zzAA")]
    [InlineData("AA\\u12GA")]
    public async Task A_malformed_unicode_escape_is_a_JSON_error(string value)
    {
        var ex = await Assert.ThrowsAsync<System.Text.Json.JsonException>(() => Read($$"""{"document":"{{value}}"}"""));

        Assert.Contains("invalid \\u escape", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lone_surrogate_in_a_member_is_a_JSON_error_not_an_invalid_operation()
    {
        var ex = await Assert.ThrowsAsync<System.Text.Json.JsonException>(() => Read("""{"name":"\ud800x","document":"AAAA"}"""));

        Assert.Contains("not valid Unicode", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_members_other_than_documents_are_capped_and_the_cap_is_at_least_1024()
    {
        string big = new('x', 3000);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => Read($$"""{"a":"{{big}}","b":"{{big}}","document":"AAAA"}""", maxTokenBytes: 4096));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Read("{}", maxTokenBytes: 1023));
        var (ok, _, _) = await Read("{}", maxTokenBytes: 1024);

        Assert.Contains("exceed 4096 bytes", ex.Message, StringComparison.Ordinal);
        Assert.Equal("{}", Encoding.UTF8.GetString(ok.Skeleton.Span));
    }

    [Fact]
    public async Task A_single_member_larger_than_the_token_cap_is_refused_while_one_just_under_it_is_read()
    {
        string under = new('x', 3000);
        string over = new('x', 9000); // past the rented buffer too (the pool rounds 4098 up to 8192)

        var (ok, _, _) = await Read($$"""{"a":"{{under}}"}""", trickle: 700, maxTokenBytes: 4096);
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => Read($$"""{"a":"{{over}}"}""", trickle: 700, maxTokenBytes: 4096));

        Assert.Contains(under, Encoding.UTF8.GetString(ok.Skeleton.Span), StringComparison.Ordinal);
        Assert.Contains("A JSON token of the response exceeds 4096 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_destination_is_flushed_and_left_open_for_its_owner()
    {
        var destination = new FlushCountingStream();

        await EmbeddedDocumentReader.ReadAsync(new MemoryStream("{\"document\":\"AAAA\"}"u8.ToArray()), (_, _) => ValueTask.FromResult<Stream>(destination));

        Assert.Equal(1, destination.Flushes);
        Assert.True(destination.CanWrite); // not disposed
        Assert.Equal(new byte[3], destination.ToArray());
    }

    [Fact]
    public async Task A_factory_that_returns_no_destination_is_an_error()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => EmbeddedDocumentReader.ReadAsync(new MemoryStream("{\"document\":\"AAAA\"}"u8.ToArray()), (_, _) => ValueTask.FromResult<Stream>(null!)));
    }

    [Theory]
    [InlineData(16 * 1024 * 3 / 4)] // exactly one base64 chunk
    [InlineData((16 * 1024 * 3 / 4) - 1)] // one chunk whose last block is padded ("=")
    [InlineData((16 * 1024 * 3 / 4) - 2)] // ... padded twice ("==")
    [InlineData((16 * 1024 * 3 / 4) + 1)]
    [InlineData(100_000)]
    public async Task A_document_many_chunks_long_decodes_whole_across_small_reads(int size)
    {
        byte[] content = Enumerable.Range(0, size).Select(i => (byte)(i * 31)).ToArray();

        var (result, streams, _) = await Read($$"""{"document":"{{Convert.ToBase64String(content)}}","tail":"t"}""", trickle: 997);

        Assert.Equal(content, streams[0].ToArray());
        Assert.Equal(size, result.Files[0].Length);
        Assert.Equal("""{"$streamedDocumentIndex":0,"tail":"t"}""", Encoding.UTF8.GetString(result.Skeleton.Span));
    }

    [Fact]
    public async Task A_document_far_larger_than_the_token_cap_streams_through_a_buffer_of_the_cap()
    {
        byte[] content = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();

        var (result, streams, _) = await Read($$"""{"document":"{{Convert.ToBase64String(content)}}"}""", trickle: 997, maxTokenBytes: 1024);

        Assert.Equal(content, streams[0].ToArray());
        Assert.Equal(content.Length, result.Files[0].Length);
    }

    [Fact]
    public async Task A_padding_character_inside_a_long_document_is_refused_in_its_first_chunk()
    {
        string base64 = string.Concat(Enumerable.Repeat("AAAA", 25)) + "A=AA" + string.Concat(Enumerable.Repeat("AAAA", 5000));

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => Read($$"""{"document":"{{base64}}"}""").WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("bad padding or length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_longer_than_the_first_buffer_grows_it_and_is_read_whole()
    {
        string big = string.Concat(Enumerable.Range(0, 8000).Select(i => (char)('a' + (i % 26)))) + new string('z', 32_000);

        var (result, streams, _) = await Read($$"""{"description":"{{big}}","document":"AAAA","n":2}""", trickle: 997);

        Assert.Equal($$"""{"description":"{{big}}","$streamedDocumentIndex":0,"n":2}""", Encoding.UTF8.GetString(result.Skeleton.Span));
        Assert.Equal(new byte[3], streams[0].ToArray());
    }

    [Fact]
    public async Task A_token_over_a_cap_whose_buffer_it_fills_exactly_is_refused_as_too_large_not_read_as_cut_short()
    {
        // A cap of 16382 rents a buffer of exactly 16384 bytes (the cap and the 2 bytes held in reserve); this
        // 16383-byte string fills it.
        string json = $$"""{"a":"{{new string('x', 16381)}}"}""";

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => Read(json, maxTokenBytes: 16382));

        Assert.Contains("A JSON token of the response exceeds 16382 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_that_fits_its_cap_but_not_the_first_buffer_is_read()
    {
        // A cap of 16386 starts with a buffer of 16384 bytes, 2 of them held in reserve; this 16383-byte member
        // name needs the buffer to grow, and with it the members fill the cap exactly.
        string json = $$"""{"{{new string('x', 16381)}}":1}""";

        var (result, _, _) = await Read(json, maxTokenBytes: 16386);

        Assert.Equal(json, Encoding.UTF8.GetString(result.Skeleton.Span));
    }

    [Theory]
    [InlineData(1011, true)] // {"a":"…","b":1 is exactly 1024 bytes
    [InlineData(1012, false)]
    public async Task The_members_other_than_documents_may_fill_the_cap_exactly(int letters, bool read)
    {
        string json = $$"""{"a":"{{new string('x', letters)}}","b":1}""";

        if (read)
        {
            var (result, _, _) = await Read(json, maxTokenBytes: 1024);
            Assert.Equal(json, Encoding.UTF8.GetString(result.Skeleton.Span));
        }
        else
        {
            await Assert.ThrowsAsync<InvalidDataException>(() => Read(json, maxTokenBytes: 1024));
        }
    }

    [Fact]
    public async Task The_members_of_an_object_that_closed_before_the_document_are_not_the_documents()
    {
        var (_, _, infos) = await Read("""{"meta":{"name":"inner.pdf","typeid":9},"description":"outer","document":"AAAA"}""");

        var info = Assert.Single(infos);
        Assert.Equal(("outer", null, null), (info.Description, info.Name, info.TypeId));
    }

    [Fact]
    public async Task A_top_level_array_with_a_value_after_a_closed_object_is_read()
    {
        const string json = """[{"a":1},"x",2,{"document":"AAAA"}]""";

        var (result, streams, _) = await Read(json);

        Assert.Equal("""[{"a":1},"x",2,{"$streamedDocumentIndex":0}]""", Encoding.UTF8.GetString(result.Skeleton.Span));
        Assert.Single(streams);
    }

    [Fact]
    public async Task Comments_and_trailing_commas_are_refused()
    {
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => Read("{/* c */\"document\":\"AAAA\"}"));
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => Read("{\"document\":\"AAAA\",}"));
    }

    [Theory]
    [InlineData(5)] // inside the first member name
    [InlineData(12)] // between "document": and its value
    [InlineData(20)] // inside the base64 text
    [InlineData(33)] // after the JSON value, looking for more
    public async Task Reading_never_resumes_on_the_callers_context_wherever_the_source_first_waits(int synchronousBytes)
    {
        byte[] json = Encoding.UTF8.GetBytes("""{"document":"AAAAAAAAAAAA","n":1} """);
        var context = new Valuation.Tests.Support.CountingSynchronizationContext();

        var result = await context.Run(() => EmbeddedDocumentReader.ReadAsync(new WaitingAfterStream(json, synchronousBytes), (_, _) => ValueTask.FromResult<Stream>(new MemoryStream())));

        Assert.Equal(9, result.Files[0].Length);
        Assert.Equal(0, context.Posts);
    }

    [Theory]
    [InlineData("factory")]
    [InlineData("write")]
    [InlineData("flush")]
    public async Task Writing_a_document_never_resumes_on_the_callers_context(string waitsAt)
    {
        var context = new Valuation.Tests.Support.CountingSynchronizationContext();
        var destination = new WaitingDestination(waitsAt);

        var result = await context.Run(() => EmbeddedDocumentReader.ReadAsync(
            new MemoryStream("{\"document\":\"AAAAAAAA\"}"u8.ToArray()),
            async (_, ct) =>
            {
                if (waitsAt == "factory")
                {
                    await Task.Delay(1, ct).ConfigureAwait(false);
                }

                return destination;
            }));

        Assert.Equal(6, result.Files[0].Length);
        Assert.Equal(new byte[6], destination.ToArray());
        Assert.Equal(0, context.Posts);
    }

    private static async Task<(EmbeddedDocumentReadResult Result, List<MemoryStream> Streams, List<EmbeddedFileInfo> Infos)> Read(string json, int trickle = int.MaxValue, int maxTokenBytes = EmbeddedDocumentReader.DefaultMaxTokenBytes)
    {
        var streams = new List<MemoryStream>();
        var infos = new List<EmbeddedFileInfo>();
        var result = await EmbeddedDocumentReader.ReadAsync(
            new TricklingStream(Encoding.UTF8.GetBytes(json), trickle),
            (info, _) =>
            {
                infos.Add(info);
                var s = new MemoryStream();
                streams.Add(s);
                return ValueTask.FromResult<Stream>(s);
            },
            maxTokenBytes);
        return (result, streams, infos);
    }

    private sealed class FlushCountingStream : MemoryStream
    {
        public int Flushes { get; private set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return base.FlushAsync(cancellationToken);
        }
    }

    /// <summary>A source that returns one byte per read, synchronously for the first bytes and after a real wait from then on.</summary>
    private sealed class WaitingAfterStream(byte[] data, int synchronousBytes) : MemoryStream(data, writable: false)
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Position >= synchronousBytes)
            {
                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            }

            return Read(buffer.Span[..Math.Min(1, buffer.Length)]);
        }
    }

    /// <summary>A destination whose write or flush completes after a real wait.</summary>
    private sealed class WaitingDestination(string waitsAt) : MemoryStream
    {
        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (waitsAt == "write")
            {
                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            }

            await base.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (waitsAt == "flush")
            {
                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            }

            await base.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
