using System.Text.Json;
using Arrowbase.AppraisalWorks.Json;
using Arrowbase.AppraisalWorks;

namespace Reliability.Tests.Support;

/// <summary>The vendors' example payloads (linked verbatim from the packages' own test projects).</summary>
internal static class TestData
{
    public static string PathOf(string folder, string name) => Path.Combine(AppContext.BaseDirectory, "TestData", folder, name);

    public static byte[] HouseCanary(string name) => File.ReadAllBytes(PathOf("HouseCanary", name));

    public static byte[] AppraisalWorks(string name) => File.ReadAllBytes(PathOf("AppraisalWorks", name));

    public static IReadOnlyList<(string Name, byte[] Bytes)> All(string folder) =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", folder), "*.json")
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))
            .ToList();

    /// <summary>
    /// The AppraisalWorks document's comprehensive order example, with a fresh transactionUID and without its
    /// embedded file (whose "document" is the placeholder text "Base64 encoded document", not base64).
    /// </summary>
    public static OrderRequest AppraisalWorksOrder(string transactionUid)
    {
        var order = JsonSerializer.Deserialize(File.ReadAllBytes(PathOf("Sandbox", "aw-create-order.json")), AppraisalWorksJsonContext.Default.OrderRequest)!;
        var loan = order.Request!.RequestData!.Loan! with { EmbeddedFile = null };
        return order with
        {
            Request = order.Request with { TransactionUid = transactionUid, RequestData = order.Request.RequestData with { Loan = loan } },
        };
    }
}
