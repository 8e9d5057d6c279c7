using System.Globalization;
using System.Text;

namespace Valuation.Sandbox.Documents;

/// <summary>Writes small, valid one-page PDF files (correct cross-reference offsets) that carry a few lines of text.</summary>
internal static class PdfDocument
{
    /// <summary>Creates the PDF; when <paramref name="size"/> exceeds the natural size, pads it (PDF comment lines before
    /// the cross-reference table) to exactly <paramref name="size"/> bytes, writing the padding straight into the
    /// result so large documents never exist as strings.</summary>
    public static byte[] Create(IReadOnlyList<string> lines, int size = 0)
    {
        var (body, offsets) = Body(lines);
        byte[] tail = Tail(body.Length, offsets);
        int padding = Math.Max(0, size - body.Length - tail.Length);
        if (padding > 0)
        {
            tail = Tail(body.Length + padding, offsets);
            padding = Math.Max(0, size - body.Length - tail.Length);
            tail = Tail(body.Length + padding, offsets);
        }

        byte[] pdf = new byte[body.Length + padding + tail.Length];
        body.CopyTo(pdf, 0);
        var pad = pdf.AsSpan(body.Length, padding);
        while (!pad.IsEmpty)
        {
            int lineLength = Math.Min(pad.Length, 100);
            if (lineLength == 1)
            {
                pad[0] = (byte)'\n';
            }
            else
            {
                pad[0] = (byte)'%';
                pad.Slice(1, lineLength - 2).Fill((byte)'0');
                pad[lineLength - 1] = (byte)'\n';
            }

            pad = pad[lineLength..];
        }

        tail.CopyTo(pdf, body.Length + padding);
        return pdf;
    }

    private static (byte[] Body, List<int> Offsets) Body(IReadOnlyList<string> lines)
    {
        var content = new StringBuilder("BT /F1 14 Tf 72 740 Td 18 TL\n");
        foreach (var line in lines)
        {
            content.Append('(').Append(Escape(line)).Append(") Tj T*\n");
        }

        content.Append("ET\n");
        string stream = content.ToString();

        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            string.Create(CultureInfo.InvariantCulture, $"<< /Length {Encoding.ASCII.GetByteCount(stream)} >>\nstream\n{stream}endstream"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (int index = 0; index < objects.Length; index++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{index + 1} 0 obj\n{objects[index]}\nendobj\n");
        }

        return (Encoding.ASCII.GetBytes(pdf.ToString()), offsets);
    }

    private static byte[] Tail(int xref, List<int> offsets)
    {
        var tail = new StringBuilder();
        tail.Append(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (int offset in offsets)
        {
            tail.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        tail.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(tail.ToString());
    }

    private static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '(' or ')' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c is >= ' ' and <= '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('?');
            }
        }

        return builder.ToString();
    }
}
