using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Readme.Tests;

/// <summary>
/// Compiles one README block in memory, as the Program.cs of a new project that references every package of the
/// repository and ASP.NET Core: the only usings it gets for free are the SDK's implicit ones, those of a console
/// project (Microsoft.NET.Sdk), or of a web project (Microsoft.NET.Sdk.Web) for a <c>readme-test: web</c> block.
/// </summary>
public static class SnippetCompiler
{
    /// <summary>The usings `dotnet new console` gives every file (ImplicitUsings for Microsoft.NET.Sdk); nothing else is implied.</summary>
    public static readonly ImmutableArray<string> ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>The usings `dotnet new web` gives every file (ImplicitUsings for Microsoft.NET.Sdk.Web).</summary>
    public static readonly ImmutableArray<string> WebImplicitUsings =
    [
        .. ImplicitUsings, "System.Net.Http.Json", "Microsoft.AspNetCore.Builder", "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Routing", "Microsoft.Extensions.Configuration", "Microsoft.Extensions.DependencyInjection",
        "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
    ];

    /// <summary>The prelude of a <c>readme-test: web</c> block: the two variables every ASP.NET Core Program.cs has.</summary>
    public const string WebPrelude =
        "var builder = global::Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args);\n" +
        "var app = builder.Build();\n";

    // Warnings that a fragment shows by nature (a variable the excerpt does not go on to use, an async method shown
    // without its awaits). Every other warning fails the block, as it would fail a project with warnings as errors.
    private static readonly ImmutableHashSet<string> FragmentWarnings = ["CS0168", "CS0219", "CS1998", "CS8321"];

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>Compiles a block and returns the diagnostics that fail it, formatted with README file and line.</summary>
    /// <param name="block">The block.</param>
    public static IReadOnlyList<string> Compile(ReadmeBlock block)
    {
        var (source, problems) = Compose(block);
        if (problems.Count > 0)
        {
            return problems;
        }

        var parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);
        var program = CSharpSyntaxTree.ParseText(source, parse, path: block.File, encoding: Encoding.UTF8);
        var globals = CSharpSyntaxTree.ParseText(
            string.Concat((block.Web ? WebImplicitUsings : ImplicitUsings).Select(u => $"global using global::{u};\n")), parse, path: "ImplicitUsings.g.cs");
        var hasStatements = program.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var options = new CSharpCompilationOptions(hasStatements ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable);
        var compilation = CSharpCompilation.Create("ReadmeSnippet", [globals, program], References.Value, options);

        return compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error
                        || (d.Severity == DiagnosticSeverity.Warning && !FragmentWarnings.Contains(d.Id)))
            .Select(d => d.ToString())
            .ToList();
    }

    /// <summary>
    /// The program text: the block's using lines, the context's statements (and the web prelude), the block's other
    /// lines, then the context's types. #line directives keep every diagnostic on its README line.
    /// </summary>
    /// <param name="block">The block.</param>
    public static (string Source, IReadOnlyList<string> Problems) Compose(ReadmeBlock block)
    {
        var problems = new List<string>();
        var parse = CSharpParseOptions.Default.WithLanguageVersion(LanguageVersion.Latest);

        var context = CSharpSyntaxTree.ParseText(block.Context, parse).GetCompilationUnitRoot();
        foreach (var d in context.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            problems.Add($"{block.File}({block.ContextLine}): the readme-test comment is not valid C#: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (context.Usings.Count > 0 || context.Externs.Count > 0)
        {
            problems.Add($"{block.File}({block.ContextLine}): the readme-test comment may not add usings: the block shows its own `using` lines.");
        }

        var contextStatements = string.Concat(context.Members.OfType<GlobalStatementSyntax>().Select(m => m.ToFullString()));
        var contextTypes = string.Concat(context.Members.Where(m => m is not GlobalStatementSyntax).Select(m => m.ToFullString()));

        var lines = block.Code.Split('\n');
        var blockRoot = CSharpSyntaxTree.ParseText(block.Code, parse).GetCompilationUnitRoot();
        var usingLines = 0;
        if (blockRoot.Usings.Count > 0)
        {
            usingLines = blockRoot.Usings[^1].GetLocation().GetLineSpan().EndLinePosition.Line + 1;
        }

        var file = block.File.Replace("\"", "\\\"", StringComparison.Ordinal);
        var source = new StringBuilder();
        source.Append(System.Globalization.CultureInfo.InvariantCulture, $"#line {block.CodeLine} \"{file}\"\n");
        foreach (var line in lines.Take(usingLines))
        {
            source.Append(line).Append('\n');
        }

        var contextLine = Math.Max(block.ContextLine, 1);
        source.Append(System.Globalization.CultureInfo.InvariantCulture, $"#line {contextLine} \"{file}\"\n");
        if (block.Web)
        {
            source.Append(WebPrelude);
        }

        source.Append(contextStatements).Append('\n');
        source.Append(System.Globalization.CultureInfo.InvariantCulture, $"#line {block.CodeLine + usingLines} \"{file}\"\n");
        foreach (var line in lines.Skip(usingLines))
        {
            source.Append(line).Append('\n');
        }

        source.Append(System.Globalization.CultureInfo.InvariantCulture, $"#line {contextLine} \"{file}\"\n");
        source.Append(contextTypes).Append('\n');
        return (source.ToString(), problems);
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The test process's own assemblies: the runtime, ASP.NET Core, every package of the repository and what
        // they depend on, as a user's project referencing them all would see them; not this test assembly.
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !Path.GetFileNameWithoutExtension(p).Equals("Readme.Tests", StringComparison.OrdinalIgnoreCase));
        return [.. paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }
}
