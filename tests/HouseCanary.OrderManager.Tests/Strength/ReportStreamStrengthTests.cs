using System.Text;
using HouseCanary.OrderManager.Callouts;

namespace HouseCanary.OrderManager.Tests.Strength;

/// <summary>
/// The report of an order_complete callout as a handler reads it (<see cref="OrderCompleteMessage.OpenReportStream"/>
/// and <see cref="OrderCompleteMessage.DecodeReport"/>): every length and every placement of ASCII white space
/// decodes to the PDF's bytes, a truncated or corrupt report is a <see cref="FormatException"/> that says what is
/// wrong, and the stream is read-only, forward-only and reads a large report in a small fixed working set.
/// </summary>
public class ReportStreamStrengthTests
{
    /// <summary>Byte counts around the 12 KiB of decoded bytes the stream decodes at a time, and small ones.</summary>
    public static TheoryData<int> Lengths() => [1, 2, 3, 4, 12_286, 12_287, 12_288, 12_289, 24_575, 24_576, 24_577];

    /// <summary>How a sender may lay out the base64 text: wrapped, spaced, tab-separated, with trailing white space.</summary>
    public static TheoryData<string> Layouts() => ["none", "lf", "crlf", "space", "tab", "cr", "wrapped", "spaced", "tabbed", "blocks"];

    public static TheoryData<int, string> LengthsAndLayouts()
    {
        var data = new TheoryData<int, string>();
        foreach (int length in Lengths())
        {
            foreach (string layout in Layouts())
            {
                data.Add(length, layout);
            }
        }

        return data;
    }

    private static byte[] Pdf(int length)
    {
        byte[] pdf = new byte[length];
        new Random(length).NextBytes(pdf);
        return pdf;
    }

    private static string Layout(string base64, string layout) => layout switch
    {
        "none" => base64,
        "lf" => base64 + "\n",
        "crlf" => base64 + "\r\n",
        "space" => base64 + " ",
        "tab" => base64 + "\t",
        "cr" => base64 + "\r",
        "wrapped" => Wrap(base64, 76, "\r\n") + "\r\n",
        "spaced" => Wrap(base64, 1, " ") + " ",
        "tabbed" => "\t" + Wrap(base64, 3, "\t") + "\t\t",
        "blocks" => " " + Wrap(base64, 4, " \r\n\t") + "\n ",
        _ => throw new ArgumentOutOfRangeException(nameof(layout)),
    };

    private static string Wrap(string text, int width, string separator)
    {
        var builder = new StringBuilder();
        for (int i = 0; i < text.Length; i += width)
        {
            if (i > 0)
            {
                builder.Append(separator);
            }

            builder.Append(text.AsSpan(i, Math.Min(width, text.Length - i)));
        }

        return builder.ToString();
    }

    private static OrderCompleteMessage Message(string report) => new() { ReportBase64 = Encoding.ASCII.GetBytes(report) };

    private static byte[] ReadInPieces(Stream stream, int pieceSize)
    {
        var copy = new MemoryStream();
        byte[] piece = new byte[pieceSize];
        int n;
        while ((n = stream.Read(piece, 0, piece.Length)) > 0)
        {
            copy.Write(piece, 0, n);
        }

        return copy.ToArray();
    }

    [Theory]
    [MemberData(nameof(LengthsAndLayouts))]
    public void A_report_of_any_length_and_white_space_layout_decodes_to_the_pdf_bytes(int length, string layout)
    {
        byte[] pdf = Pdf(length);
        var message = Message(Layout(Convert.ToBase64String(pdf), layout));

        Assert.Equal(pdf, message.DecodeReport());
        using var stream = message.OpenReportStream();
        Assert.Equal(pdf, ReadInPieces(stream, 1000));
    }

    [Theory]
    [InlineData("AAAAAA")]
    [InlineData("AAAAA")]
    [InlineData("AAAA AAA")]
    public void A_truncated_report_says_its_length_is_not_a_multiple_of_4(string report)
    {
        var ex = Assert.Throws<FormatException>(() => Message(report).DecodeReport());
        Assert.Contains("not valid base64", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a multiple of 4", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AAAA*AAA", 4)]
    [InlineData("AAAAAAAAAA=A", 8)]
    [InlineData("AA==AAAA", 0)]
    public void A_corrupt_report_says_near_which_character_it_is_invalid(string report, int near)
    {
        var ex = Assert.Throws<FormatException>(() => Message(report).DecodeReport());
        Assert.Contains($"invalid data near character {near})", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_block_after_the_first_16_KiB_of_text_is_refused_with_its_position()
    {
        string report = new string('A', 16 * 1024) + "AA*A" + new string('A', 400);
        using var stream = Message(report).OpenReportStream();

        var ex = Assert.Throws<FormatException>(() => ReadInPieces(stream, 64 * 1024));

        Assert.Contains("invalid data near character 16384)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zero_length_read_returns_0_without_decoding_so_a_corrupt_report_fails_only_when_read()
    {
        using var stream = Message("AAAA*AAA").OpenReportStream();

        Assert.Equal(0, stream.Read([], 0, 0));
        Assert.Equal(0, stream.Read(Span<byte>.Empty));
        Assert.Throws<FormatException>(() => stream.Read(new byte[16], 0, 16));
    }

    [Fact]
    public void The_report_stream_is_read_only_and_forward_only()
    {
        using var stream = Message("JVBERg==").OpenReportStream();

        Assert.True(stream.CanRead);
        Assert.False(stream.CanWrite);
        Assert.False(stream.CanSeek);
        Assert.Throws<NotSupportedException>(() => stream.Write([1], 0, 1));
        Assert.Throws<NotSupportedException>(() => stream.Length);
        Assert.Equal("%PDF"u8.ToArray(), ReadInPieces(stream, 3));
    }

    [Fact]
    public void A_multi_megabyte_report_is_streamed_in_a_small_fixed_working_set()
    {
        byte[] pdf = Pdf(3 * 1024 * 1024);
        var message = Message(Convert.ToBase64String(pdf, Base64FormattingOptions.InsertLineBreaks));
        byte[] piece = new byte[8192];
        long total = 0;

        long before = GC.GetAllocatedBytesForCurrentThread();
        using (var stream = message.OpenReportStream())
        {
            int n;
            while ((n = stream.Read(piece, 0, piece.Length)) > 0)
            {
                total += n;
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(pdf.Length, total);

        // The whole report is 3 MiB decoded and 4 MiB as text; the stream holds one chunk of each, tens of KiB.
        Assert.True(allocated < 64 * 1024, $"reading the report allocated {allocated} bytes");
    }
}
