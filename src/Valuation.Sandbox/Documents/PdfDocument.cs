using System.Globalization;
using System.Text;

namespace Valuation.Sandbox.Documents;

/// <summary>Writes small, valid one-page PDF files (correct cross-reference offsets) that carry a few lines of text.</summary>
internal static class PdfDocument
{
    /// <summary>Creates the PDF; when <paramref name="size"/> exceeds the natural size, pads it (with a PDF comment before
    /// the cross-reference table) to exactly <paramref name="size"/> bytes.</summary>
    public static byte[] Create(IReadOnlyList<string> lines, int size = 0)
    {
        byte[] natural = Build(lines, 0);
        if (size <= natural.Length)
        {
            return natural;
        }

        int padding = size - natural.Length;
        byte[] padded = Build(lines, padding);
        for (int i = 0; i < 3 && padded.Length != size; i++)
        {
            padding += size - padded.Length;
            padded = Build(lines, padding);
        }

        return padded;
    }

    private static byte[] Build(IReadOnlyList<string> lines, int padding)
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

        while (padding > 0)
        {
            int lineLength = Math.Min(padding, 100);
            if (lineLength == 1)
            {
                pdf.Append('\n');
            }
            else
            {
                pdf.Append('%').Append('0', lineLength - 2).Append('\n');
            }

            padding -= lineLength;
        }

        int xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (int offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
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
