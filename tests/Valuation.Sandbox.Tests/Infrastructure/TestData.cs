using System.Text.Json.Nodes;

namespace Valuation.Sandbox.Tests.Infrastructure;

public static class TestData
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", name));

    public static JsonNode Json(string name) => JsonNode.Parse(Text(name), documentOptions: new System.Text.Json.JsonDocumentOptions { AllowTrailingCommas = false })!;

    /// <summary>The AppraisalWorks order example, with its placeholder document replaced by real base64 and the given transactionUID.</summary>
    public static JsonNode AwOrder(string transactionUid = "81B9-F16E-03D8-4C3F", string? internalAccountId = null, string? street = null)
    {
        var order = Json("aw-create-order.json");
        var request = order["request"]!;
        request["transactionUID"] = transactionUid;
        if (internalAccountId is not null)
        {
            request["internalAccountID"] = internalAccountId;
        }

        var loan = request["requestData"]!["loan"]!;
        if (street is not null)
        {
            loan["application"]!["property"]!["streetAddress"] = street;
        }

        loan["embeddedFile"]![0]!["document"] = Convert.ToBase64String("%PDF-1.4 purchase contract"u8);
        return order;
    }
}
