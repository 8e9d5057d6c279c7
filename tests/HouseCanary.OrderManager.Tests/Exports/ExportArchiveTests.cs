using System.IO.Compression;
using System.Text;
using HouseCanary.OrderManager.Exports;
using HouseCanary.OrderManager.Models;
using Microsoft.Extensions.Time.Testing;

namespace HouseCanary.OrderManager.Tests.Exports;

public class ExportArchiveTests
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

    private static string Read(ExportFile file)
    {
        using var reader = new StreamReader(file.Open());
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task The_documents_value_report_layout_yields_each_items_json_and_pdf_by_prefix()
    {
        using var archive = ExportArchive.Open(Zip(
            ("loan-1_2026-11-23_OrderItem.json", """{"id":5678,"customer_item_id":"loan-1","status":"complete"}"""),
            ("loan-1_2026-11-23_ValueReport.pdf", "%PDF-loan-1"),
            ("9-elm-st-2_2026-11-23_OrderItem.json", """{"id":5679}"""),
            ("9-elm-st-2_2026-11-23_ValueReport.pdf", "%PDF-elm")));

        Assert.Null(archive.OrderJson);
        Assert.Null(await archive.ReadOrderAsync());
        Assert.Equal(["loan-1_2026-11-23", "9-elm-st-2_2026-11-23"], archive.Items.Select(i => i.Prefix));
        var first = archive.Items[0];
        Assert.Equal("ValueReport", first.ReportType);
        Assert.Equal("%PDF-loan-1", Read(first.Pdf!));
        Assert.Equal("loan-1_2026-11-23_OrderItem.json", first.OrderItemJson!.Name);
        var item = await first.ReadOrderItemAsync();
        Assert.Equal(new HouseCanaryId(5678), item!.Id);
        Assert.Equal("%PDF-elm", Read(archive.Find("9-elm-st-2_2026-11-23")!.Pdf!));
        Assert.Empty(archive.OtherFiles);
    }

    [Fact]
    public async Task A_public_client_api_export_yields_order_json_the_agile_insights_pdf_and_keeps_the_report_json()
    {
        using var archive = ExportArchive.Open(Zip(
            ("Order.json", """{"id":1234,"name":"Q4","status":"complete"}"""),
            ("loan-1_2026-11-23_OrderItem.json", """{"id":5678}"""),
            ("loan-1_2026-11-23_AgileInsights.json", """{"value":412000}"""),
            ("loan-1_2026-11-23_AgileInsights.pdf", "%PDF-ai")));

        var order = await archive.ReadOrderAsync();
        Assert.Equal(new HouseCanaryId(1234), order!.Id);
        var item = Assert.Single(archive.Items);
        Assert.Equal("AgileInsights", item.ReportType);
        Assert.Equal("%PDF-ai", Read(item.Pdf!));
        Assert.Equal(3, item.Files.Count);
        Assert.Contains(item.Files, f => f.Name == "loan-1_2026-11-23_AgileInsights.json");
    }

    [Fact]
    public void The_documents_pdf_name_wins_over_other_pdfs_of_the_same_item()
    {
        using var archive = ExportArchive.Open(Zip(
            ("a_2026-11-23_Other.pdf", "other"),
            ("a_2026-11-23_AgileInsights.pdf", "ai"),
            ("a_2026-11-23_ValueReport.pdf", "vr")));

        Assert.Equal("ValueReport", archive.Items[0].ReportType);
        Assert.Equal("vr", Read(archive.Items[0].Pdf!));
    }

    [Fact]
    public void The_public_exports_agile_insights_pdf_wins_over_any_other_pdf_type()
    {
        using var archive = ExportArchive.Open(Zip(
            ("a_2026-11-23_Summary.pdf", "summary"),
            ("a_2026-11-23_AgileInsights.pdf", "ai")));

        Assert.Equal("AgileInsights", archive.Items[0].ReportType);
        Assert.Equal("ai", Read(archive.Items[0].Pdf!));
    }

    [Fact]
    public void Another_pdf_type_is_taken_when_it_is_the_only_one()
    {
        using var archive = ExportArchive.Open(Zip(("a_2026-11-23_Summary.pdf", "summary"), ("a_2026-11-23_Notes.txt", "n")));

        Assert.Equal("Summary", archive.Items[0].ReportType);
        Assert.Equal(2, archive.Items[0].Files.Count);
    }

    [Fact]
    public void Without_json_the_item_has_its_pdf_only()
    {
        using var archive = ExportArchive.Open(Zip(("a_2026-11-23_ValueReport.pdf", "vr")));
        Assert.Null(archive.Items[0].OrderItemJson);
        Assert.NotNull(archive.Items[0].Pdf);
    }

    [Fact]
    public void Files_under_the_exports_own_folder_read_as_if_at_the_root_and_a_unit_with_a_slash_stays_one_name()
    {
        using var archive = ExportArchive.Open(Zip(
            ("HC_q4_2026-11-23/Order.json", "{}"),
            ("HC_q4_2026-11-23/123-main-st-4/B_2026-11-23_ValueReport.pdf", "%PDF"),
            ("123-main-st-4/B_2026-11-23_OrderItem.json", "{}")));

        var naming = new ExportNaming(new FakeTimeProvider());
        string prefix = naming.OrderItemFilePrefix(null, "123 Main St", "4/B", new DateOnly(2026, 11, 23), null);

        Assert.NotNull(archive.OrderJson);
        var item = Assert.Single(archive.Items);
        Assert.Equal(prefix, item.Prefix);
        Assert.Equal("123-main-st-4-B_2026-11-23_ValueReport.pdf", item.Pdf!.Name);
        Assert.Equal("HC_q4_2026-11-23/123-main-st-4/B_2026-11-23_ValueReport.pdf", item.Pdf.EntryName);
        Assert.NotNull(item.OrderItemJson);
        Assert.Same(item, archive.Find("123-main-st-4/B_2026-11-23"));
        Assert.Same(item, archive.Find(naming, new OrderItem { Address = "123 Main St", Unit = "4/B", CompletionDate = new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero) }, new Order()));
    }

    [Fact]
    public void Entries_without_a_prefix_are_listed_apart()
    {
        using var archive = ExportArchive.Open(Zip(("README.txt", "x"), ("folder/", ""), ("_x.pdf", "y")));
        Assert.Empty(archive.Items);
        Assert.Equal(["README.txt", "_x.pdf"], archive.OtherFiles.Select(f => f.Name));
    }

    [Fact]
    public async Task A_json_larger_than_the_cap_is_refused_not_read_whole()
    {
        using var archive = ExportArchive.Open(Zip(("Order.json", "{\"name\":\"" + new string('x', 5000) + "\"}")));
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => archive.ReadOrderAsync(maxBytes: 4096));
        Assert.Contains("4096", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_that_is_not_an_order_is_a_clear_error()
    {
        using var archive = ExportArchive.Open(Zip(("Order.json", "[1,2]")));
        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => archive.ReadOrderAsync());
        Assert.Contains("Order.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_a_zip_are_invalid_data()
    {
        Assert.Throws<InvalidDataException>(() => ExportArchive.Open(new MemoryStream("<html>not a zip</html>"u8.ToArray())));
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_refused_with_advice()
    {
        var ex = Assert.Throws<ArgumentException>(() => ExportArchive.Open(new NonSeekable(Zip(("a_1_ValueReport.pdf", "x")))));
        Assert.Contains("file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_export_file_opens_by_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "export-" + Guid.NewGuid().ToString("N") + ".zip");
        try
        {
            using (var file = File.Create(path))
            {
                Zip(("a_2026-11-23_ValueReport.pdf", "x")).CopyTo(file);
            }

            using var archive = ExportArchive.Open(path);
            Assert.Equal("a_2026-11-23", Assert.Single(archive.Items).Prefix);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class NonSeekable(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
