using System.Globalization;
using System.Text;

namespace Valuation.Sandbox.Documents;

/// <summary>Writes small, valid one-page PDF files (correct cross-reference offsets) that carry a few lines of text.</summary>
internal static class PdfDocument
{
    public static byte[] Create(IReadOnlyList<string> lines, int minimumSize = 0)
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
        foreach (var (body, index) in objects.Select((o, i) => (o, i)))
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{index + 1} 0 obj\n{body}\nendobj\n");
        }

        // Padding (a PDF comment) lets tests ask for large files while the file stays valid.
        int xrefEstimate = Encoding.ASCII.GetByteCount(pdf.ToString()) + 200 + (objects.Length * 20);
        if (minimumSize > xrefEstimate)
        {
            int padding = minimumSize - xrefEstimate;
            while (padding > 0)
            {
                int lineLength = Math.Min(padding, 100);
                pdf.Append('%').Append('0', Math.Max(0, lineLength - 2)).Append('\n');
                padding -= lineLength;
            }
        }

        int xref = Encoding.ASCII.GetByteCount(pdf.ToString());
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
