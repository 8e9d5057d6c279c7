using System.Reflection;

namespace Valuation.Sandbox.Tests;

/// <summary>
/// The library is for in-process use: a test project that references it next to its own web app must still be able to
/// say <c>WebApplicationFactory&lt;Program&gt;</c> (CS0433 otherwise), so the library has no entry point and no type
/// outside its own namespaces. The standalone command lives in the valuation-sandbox tool.
/// </summary>
public sealed class PackagingTests
{
    private static readonly Assembly Library = typeof(ValuationSandbox).Assembly;

    [Fact]
    public void The_library_is_not_a_program()
    {
        Assert.Null(Library.EntryPoint);
        Assert.DoesNotContain(Library.GetTypes(), t => t.Name == "Program");
    }

    [Fact]
    public void Every_public_type_lives_in_the_Valuation_Sandbox_namespaces()
    {
        var strays = Library.GetExportedTypes()
            .Where(t => t.Namespace != "Valuation.Sandbox" && t.Namespace?.StartsWith("Valuation.Sandbox.", StringComparison.Ordinal) != true)
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(strays);
    }
}
