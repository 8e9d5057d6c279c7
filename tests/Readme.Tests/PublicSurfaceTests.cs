using System.Reflection;
using System.Text.Json.Serialization;

namespace Readme.Tests;

/// <summary>
/// Implementation details stay internal in every package a user installs (this project references them all): the
/// baseline (docs/public-api.md) records what is public, these tests say what must never be.
/// </summary>
public sealed class PublicSurfaceTests
{
    private static readonly string[] Packages =
    [
        "HouseCanary.OrderManager", "HouseCanary.OrderManager.AspNetCore", "Arrowbase.AppraisalWorks",
        "Arrowbase.AppraisalWorks.AspNetCore", "Shared.Signing", "Valuation.Webhooks", "Valuation.Webhooks.AspNetCore",
        "Valuation.Webhooks.Redis", "Valuation.Sandbox", "Valuation.Sandbox.Clients",
    ];

    public static TheoryData<string> PackageNames() => [.. Packages];

    [Theory]
    [MemberData(nameof(PackageNames))]
    public void No_json_converter_is_public(string package)
    {
        var exported = Assembly.Load(package).GetExportedTypes();

        Assert.NotEmpty(exported);
        Assert.DoesNotContain(exported, t => typeof(JsonConverter).IsAssignableFrom(t));
    }

    [Fact]
    public void The_appraisalworks_document_reader_is_not_public()
    {
        var assembly = Assembly.Load("Arrowbase.AppraisalWorks");

        // The streaming reader is there (the client uses it), only not exported.
        Assert.NotNull(assembly.GetType("Arrowbase.AppraisalWorks.Documents.EmbeddedDocumentReader", throwOnError: false));
        Assert.DoesNotContain(assembly.GetExportedTypes(), t => t.Name.StartsWith("EmbeddedDocumentRead", StringComparison.Ordinal));
    }
}
