using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using HouseCanary.OrderManager.Exports;
using Valuation.Tests.Support;

namespace HouseCanary.OrderManager.Tests.Strength;

/// <summary>
/// Reading a downloaded export: which entry is which file, the bounds that protect the reader from a hostile
/// archive (entry count, declared and actual size), and that the file is closed again whatever happens.
/// </summary>
public class ExportArchiveStrengthTests
{
    private static MemoryStream Zip(params (string Name, string Content)[] entries)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        stream.Position = 0;
        return stream;
    }

    private static byte[] ZipOfEmptyEntries(int count)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            for (int i = 0; i < count; i++)
            {
                zip.CreateEntry("e" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), CompressionLevel.NoCompression);
            }
        }

        return stream.ToArray();
    }

    private static string Read(ExportFile file)
    {
        using var reader = new StreamReader(file.Open());
        return reader.ReadToEnd();
    }

    private static string TempPath() => Path.Combine(Path.GetTempPath(), "h14-export-" + Guid.NewGuid().ToString("N") + ".zip");

    // True when nothing else holds the file open (an exclusive open succeeds).
    private static bool IsClosed(string path)
    {
        try
        {
            using var exclusive = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public void An_export_of_exactly_the_most_entries_is_read_and_one_more_is_refused_and_closed()
    {
        using (var archive = ExportArchive.Open(new MemoryStream(ZipOfEmptyEntries(ExportArchive.MaxEntries))))
        {
            Assert.Equal(ExportArchive.MaxEntries, archive.OtherFiles.Count);
        }

        var tooMany = new MemoryStream(ZipOfEmptyEntries(ExportArchive.MaxEntries + 1));
        Assert.Throws<InvalidDataException>(() => ExportArchive.Open(tooMany));
        Assert.False(tooMany.CanRead); // the archive, which owned the stream, was disposed
    }

    [Fact]
    public void Folder_entries_are_not_files_whether_they_end_with_a_slash_or_a_backslash()
    {
        using var archive = ExportArchive.Open(Zip(
            ("HC_q4_2026-11-23/", string.Empty),
            ("HC_q4_2026-11-23\\sub\\", string.Empty),
            ("HC_q4_2026-11-23/a_2026-11-23_ValueReport.pdf", "vr")));

        Assert.Empty(archive.OtherFiles);
        Assert.Equal("a_2026-11-23", Assert.Single(archive.Items).Prefix);
        Assert.Single(archive.Items[0].Files);
    }

    [Fact]
    public async Task Order_json_is_the_orders_file_not_another_entry_and_the_first_one_counts()
    {
        using var archive = ExportArchive.Open(Zip(
            ("Order.json", """{"id":1,"name":"first"}"""),
            ("a_2026-11-23_ValueReport.pdf", "vr"),
            ("HC_q4_2026-11-23/ORDER.JSON", """{"id":2,"name":"second"}""")));

        Assert.Empty(archive.OtherFiles);
        Assert.Equal("Order.json", archive.OrderJson!.EntryName);
        Assert.Equal("first", (await archive.ReadOrderAsync())!.Name);
    }

    [Theory]
    [InlineData("readme_")]
    [InlineData("_ValueReport.pdf")]
    [InlineData("notes")]
    public void A_name_with_no_prefix_or_no_suffix_around_its_last_underscore_is_another_file(string name)
    {
        using var archive = ExportArchive.Open(Zip((name, "x")));

        Assert.Empty(archive.Items);
        Assert.Equal(name, Assert.Single(archive.OtherFiles).Name);
    }

    [Fact]
    public void An_item_without_a_pdf_has_no_report_even_when_it_has_other_files()
    {
        using var archive = ExportArchive.Open(Zip(
            ("a_2026-11-23_AgileInsights.json", "{}"),
            ("a_2026-11-23_OrderItem.json", "{}"),
            ("a_2026-11-23_.pdf", "%PDF"),
            ("a_2026-11-23_pdf", "x")));

        var item = Assert.Single(archive.Items);
        Assert.Null(item.Pdf);
        Assert.Null(item.ReportType);
        Assert.Equal("a_2026-11-23_OrderItem.json", item.OrderItemJson!.Name);
        Assert.Equal(4, item.Files.Count);
        Assert.Equal("a_2026-11-23 (4 files, no PDF)", item.ToString());
    }

    [Fact]
    public void A_report_pdf_is_recognised_in_any_case_and_names_its_type()
    {
        using var archive = ExportArchive.Open(Zip(("a_2026-11-23_ValueReport.PDF", "vr"), ("a_2026-11-23_x.pdf", "x")));

        var item = Assert.Single(archive.Items);
        Assert.Equal("ValueReport", item.ReportType);
        Assert.Equal("vr", Read(item.Pdf!));
        Assert.Equal("a_2026-11-23 (2 files, ValueReport PDF)", item.ToString());
    }

    [Fact]
    public void Among_pdfs_of_no_documented_type_the_first_listed_is_the_report()
    {
        using var archive = ExportArchive.Open(Zip(("a_2026-11-23_Summary.pdf", "summary"), ("a_2026-11-23_Appendix.pdf", "appendix")));
        Assert.Equal("Summary", archive.Items[0].ReportType);
        Assert.Equal("summary", Read(archive.Items[0].Pdf!));
    }

    [Fact]
    public async Task The_first_order_item_json_of_an_item_is_its_json()
    {
        using var archive = ExportArchive.Open(Zip(
            ("a_2026-11-23_OrderItem.json", """{"id":1}"""),
            ("HC_q4_2026-11-23/a_2026-11-23_orderitem.JSON", """{"id":2}""")));

        var item = Assert.Single(archive.Items);
        Assert.Equal("a_2026-11-23_OrderItem.json", item.OrderItemJson!.EntryName);
        Assert.Equal(new HouseCanaryId(1), (await item.ReadOrderItemAsync())!.Id);
    }

    [Fact]
    public async Task An_item_without_json_reads_as_no_item_and_bad_json_is_a_clear_error()
    {
        using var archive = ExportArchive.Open(Zip(("a_2026-11-23_ValueReport.pdf", "vr"), ("b_2026-11-23_OrderItem.json", "[1]")));

        Assert.Null(await archive.Find("a_2026-11-23")!.ReadOrderItemAsync());
        await Assert.ThrowsAsync<InvalidDataException>(() => archive.Find("b_2026-11-23")!.ReadOrderItemAsync());
    }

    [Fact]
    public async Task A_file_of_exactly_the_cap_is_read_and_one_byte_over_is_refused()
    {
        using var archive = ExportArchive.Open(Zip(("Order.json", """{"id":1}""")));
        var file = archive.OrderJson!;

        Assert.Equal(8, file.Length);
        Assert.Equal("""{"id":1}"""u8.ToArray(), await file.ReadAllBytesAsync(maxBytes: 8));
        await Assert.ThrowsAsync<InvalidDataException>(() => file.ReadAllBytesAsync(maxBytes: 7));
        Assert.Equal("Order.json (8 bytes)", file.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task A_cap_that_is_not_positive_is_an_argument_error(int maxBytes)
    {
        using var archive = ExportArchive.Open(Zip(("Order.json", "{}")));
        var ex = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => archive.OrderJson!.ReadAllBytesAsync(maxBytes));
        Assert.Equal("maxBytes", ex.ParamName);
    }

    [Fact]
    public async Task An_entry_declared_larger_than_the_cap_is_refused_before_any_of_it_is_read()
    {
        // 8 MiB of zeros compresses to a few KiB; refusing it must not allocate a buffer of the declared size.
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = zip.CreateEntry("Order.json", CompressionLevel.SmallestSize).Open();
            entry.Write(new byte[8 * 1024 * 1024]);
        }

        stream.Position = 0;
        using var archive = ExportArchive.Open(stream);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var read = archive.OrderJson!.ReadAllBytesAsync(maxBytes: 1024 * 1024);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        await Assert.ThrowsAsync<InvalidDataException>(() => read);
        Assert.True(allocated < 256 * 1024, $"allocated {allocated} bytes to refuse the entry");
    }

    [Fact]
    public async Task An_entry_that_decompresses_to_more_than_it_declares_yields_no_more_than_it_declares()
    {
        // A hostile archive that declares 10 bytes for 100: what is read is bounded by the declared size, which the
        // cap has already checked, so the cap holds whatever the entry really holds.
        byte[] zip = Zip(("Order.json", new string('x', 100))).ToArray();
        DeclareUncompressedSize(zip, 10);

        using var archive = ExportArchive.Open(new MemoryStream(zip));
        Assert.Equal(10, archive.OrderJson!.Length);
        Assert.Equal(Encoding.ASCII.GetBytes(new string('x', 10)), await archive.OrderJson.ReadAllBytesAsync(10));
        await Assert.ThrowsAsync<InvalidDataException>(() => archive.OrderJson.ReadAllBytesAsync(9));
    }

    // Rewrites the uncompressed size in every local and central header: an archive that lies about its entry.
    private static void DeclareUncompressedSize(byte[] zip, uint size)
    {
        for (int i = 0; i + 4 <= zip.Length; i++)
        {
            uint signature = BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(i));
            if (signature == 0x04034b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 22), size);
            }
            else if (signature == 0x02014b50)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(zip.AsSpan(i + 24), size);
            }
        }
    }

    [Fact]
    public void An_export_file_is_closed_when_the_archive_is_disposed()
    {
        string path = TempPath();
        try
        {
            File.WriteAllBytes(path, Zip(("a_2026-11-23_ValueReport.pdf", "x")).ToArray());
            var archive = ExportArchive.Open(path);
            Assert.False(IsClosed(path));
            archive.Dispose();
            Assert.True(IsClosed(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_that_is_not_a_zip_is_refused_and_closed_again()
    {
        string path = TempPath();
        try
        {
            File.WriteAllText(path, "<html>not a zip</html>");
            Assert.Throws<InvalidDataException>(() => ExportArchive.Open(path));
            Assert.True(IsClosed(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void A_blank_path_is_an_argument_error(string path) =>
        Assert.Throws<ArgumentException>(() => ExportArchive.Open(path));

    [Fact]
    public async Task Reading_from_an_asynchronous_file_does_not_return_to_the_callers_context()
    {
        byte[] zip = Zip(("Order.json", """{"id":1,"name":"q4"}"""), ("a_2026-11-23_OrderItem.json", """{"id":5}""")).ToArray();
        using var archive = ExportArchive.Open(new AsynchronousStream(zip));
        var context = new CountingSynchronizationContext();

        var order = await context.Run(() => archive.ReadOrderAsync());
        var item = await context.Run(() => archive.Items[0].ReadOrderItemAsync());

        Assert.Equal("q4", order!.Name);
        Assert.Equal(new HouseCanaryId(5), item!.Id);
        Assert.Equal(0, context.Posts);
    }
}
