using System.Text;

namespace Valuation.Sandbox.Documents;

/// <summary>The provider documents the sandbox returns, generated deterministically at the requested size.</summary>
internal static class FakeDocuments
{
    public static byte[] Pdf(int size, params string[] lines) => PdfDocument.Create(lines, size);

    public static byte[] MismoXml(int size, string orderNumber, string address, decimal value)
    {
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VALUATION_RESPONSE MISMOVersionID=\"2.6GSE\">\n");
        xml.Append("  <PROPERTY _StreetAddress=\"").Append(System.Security.SecurityElement.Escape(address)).Append("\" />\n");
        xml.Append("  <VALUATION _AppraisedValue=\"").Append(value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\" />\n");
        xml.Append("  <!-- Valuation.Sandbox order ").Append(System.Security.SecurityElement.Escape(orderNumber)).Append(" -->\n");
        const string closing = "</VALUATION_RESPONSE>\n";
        int current = Encoding.UTF8.GetByteCount(xml.ToString()) + closing.Length;
        while (current < size)
        {
            int take = Math.Min(size - current, 120);
            if (take < 8)
            {
                xml.Append(' ', take);
                current += take;
                continue;
            }

            xml.Append("<!--").Append('x', take - 8).Append("-->\n");
            current += take;
        }

        xml.Append(closing);
        return Encoding.UTF8.GetBytes(xml.ToString());
    }
}
