using System.Globalization;
using System.Security;
using System.Text;

namespace Valuation.Sandbox.Documents;

/// <summary>The provider documents the sandbox returns, generated deterministically at the requested size as bytes
/// (never as one large string).</summary>
internal static class FakeDocuments
{
    public static byte[] Pdf(int size, params string[] lines) => PdfDocument.Create(lines, size);

    public static byte[] MismoXml(int size, string orderNumber, string address, decimal value)
    {
        byte[] head = Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<VALUATION_RESPONSE MISMOVersionID=\"2.6GSE\">\n" +
            $"  <PROPERTY _StreetAddress=\"{SecurityElement.Escape(address)}\" />\n" +
            $"  <VALUATION _AppraisedValue=\"{value.ToString(CultureInfo.InvariantCulture)}\" />\n" +
            $"  <!-- Valuation.Sandbox order {SecurityElement.Escape(orderNumber)} -->\n");
        byte[] closing = "</VALUATION_RESPONSE>\n"u8.ToArray();
        int padding = Math.Max(0, size - head.Length - closing.Length);
        byte[] xml = new byte[head.Length + padding + closing.Length];
        head.CopyTo(xml, 0);
        var pad = xml.AsSpan(head.Length, padding);
        while (!pad.IsEmpty)
        {
            int take = Math.Min(pad.Length, 120);
            if (take < 8)
            {
                pad[..take].Fill((byte)' ');
            }
            else
            {
                "<!--"u8.CopyTo(pad);
                pad.Slice(4, take - 8).Fill((byte)'x');
                "-->\n"u8.CopyTo(pad.Slice(take - 4));
            }

            pad = pad[take..];
        }

        closing.CopyTo(xml, head.Length + padding);
        return xml;
    }
}
