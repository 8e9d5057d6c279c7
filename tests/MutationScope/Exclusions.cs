using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace MutationScope;

/// <summary>Why a span of source is left out of mutation testing.</summary>
internal enum ExclusionKind
{
    /// <summary>The message text given to an exception's constructor.</summary>
    ExceptionMessage,

    /// <summary>The message template given to an <c>ILogger</c> <c>Log*</c> call.</summary>
    LogMessage,

    /// <summary>A guard that only turns a null argument into <see cref="ArgumentNullException"/>.</summary>
    ArgumentNullGuard,
}

/// <summary>A span of a source file that Stryker must not mutate, and why.</summary>
/// <param name="Span">The characters, as Roslyn (and so Stryker) counts them in the file's text.</param>
/// <param name="Kind">Why it is left out.</param>
/// <param name="Text">The source text of the span, for review.</param>
internal sealed record Exclusion(TextSpan Span, ExclusionKind Kind, string Text);

/// <summary>
/// Finds, syntactically, the only code that mutation testing here may leave out (docs/test-strength.md): the text
/// of exception and log messages, and argument-null guards. Everything else is mutated. Stryker cannot express this
/// itself: <c>ignore-methods</c> on <c>*Exception.ctor</c> would also skip every other constructor argument (status
/// codes, JSON paths, error lists), and <c>ignore-mutations: string</c> would skip header names and schemes.
/// </summary>
internal static class Exclusions
{
    private static readonly HashSet<string> LogMethods =
        ["Log", "LogTrace", "LogDebug", "LogInformation", "LogWarning", "LogError", "LogCritical"];

    /// <summary>Finds the exclusions in one C# source text.</summary>
    /// <param name="source">The file's text exactly as on disk (decoded, without a byte-order mark).</param>
    /// <returns>The exclusions, in source order.</returns>
    public static IReadOnlyList<Exclusion> Find(string source)
    {
        var root = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview)).GetRoot();
        var found = new List<Exclusion>();
        foreach (var node in root.DescendantNodes())
        {
            var (target, kind) = node switch
            {
                ObjectCreationExpressionSyntax { ArgumentList: { } arguments } creation when IsException(creation.Type) =>
                    (ExceptionMessage(TypeName(creation.Type), arguments.Arguments), ExclusionKind.ExceptionMessage),
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } invocation
                    when LogMethods.Contains(member.Name.Identifier.ValueText) =>
                    (invocation.ArgumentList.Arguments.Select(a => Text(a.Expression)).FirstOrDefault(t => t is not null), ExclusionKind.LogMessage),
                BinaryExpressionSyntax { RawKind: (int)SyntaxKind.CoalesceExpression } coalesce when IsNullGuard(coalesce) =>
                    (coalesce, ExclusionKind.ArgumentNullGuard),
                IfStatementSyntax statement when IsNullGuard(statement) => (statement, ExclusionKind.ArgumentNullGuard),
                ExpressionStatementSyntax statement when IsThrowIfNull(statement) => (statement, ExclusionKind.ArgumentNullGuard),
                _ => ((SyntaxNode?)null, default),
            };

            if (target is not null)
            {
                found.Add(new Exclusion(target.Span, kind, target.ToString()));
            }
        }

        return found;
    }

    // The message argument by the constructor's conventional order; null when it is not literal text (a variable
    // holding a message is not mutated anyway, and a later literal may be something else, such as a JSON path).
    private static SyntaxNode? ExceptionMessage(string type, SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        if (arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "message") is { } named)
        {
            return Text(named.Expression);
        }

        int index = type switch
        {
            // (paramName, message) and (message, innerException); (objectName, message).
            "ArgumentNullException" or "ObjectDisposedException" => arguments.Count == 2 && Text(arguments[0].Expression) is null ? 1 : 0,

            // (paramName, actualValue, message), (paramName, message) and (message, innerException).
            "ArgumentOutOfRangeException" => arguments.Count == 3 ? 2 : arguments.Count == 2 && IsNameOf(arguments[0].Expression) ? 1 : 0,

            // (message, ...) for ArgumentException and by .NET convention for every other exception.
            _ => 0,
        };

        return index < arguments.Count ? Text(arguments[index].Expression) : null;
    }

    // The text inside an expression: a literal, an interpolation, a concatenation or choice of texts, or the text
    // argument of a formatting call such as Describe($"...").
    private static SyntaxNode? Text(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal,
        InterpolatedStringExpressionSyntax interpolated => interpolated,
        ParenthesizedExpressionSyntax parenthesized when Text(parenthesized.Expression) is not null => parenthesized,
        BinaryExpressionSyntax concatenation when concatenation.IsKind(SyntaxKind.AddExpression)
            && (Text(concatenation.Left) is not null || Text(concatenation.Right) is not null) => concatenation,
        ConditionalExpressionSyntax choice when Text(choice.WhenTrue) is not null && Text(choice.WhenFalse) is not null => choice,
        InvocationExpressionSyntax call when !IsNameOf(call) =>
            call.ArgumentList.Arguments.Select(a => Text(a.Expression)).FirstOrDefault(t => t is not null),
        _ => null,
    };

    private static bool IsNameOf(ExpressionSyntax expression) =>
        expression is InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } };

    private static bool IsException(TypeSyntax type) => TypeName(type).EndsWith("Exception", StringComparison.Ordinal);

    private static string TypeName(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => type.ToString(),
    };

    // x ?? throw new ArgumentNullException(...), where x is a plain name (nothing else in the span to mutate).
    private static bool IsNullGuard(BinaryExpressionSyntax coalesce) =>
        IsPlainName(coalesce.Left) && coalesce.Right is ThrowExpressionSyntax { Expression: ObjectCreationExpressionSyntax creation }
        && TypeName(creation.Type) == "ArgumentNullException";

    // if (x is null) / if (x == null), whose only statement throws ArgumentNullException, with no else.
    private static bool IsNullGuard(IfStatementSyntax statement)
    {
        bool testsNull = statement.Condition switch
        {
            IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax { Expression: LiteralExpressionSyntax constant } } pattern =>
                constant.IsKind(SyntaxKind.NullLiteralExpression) && IsPlainName(pattern.Expression),
            BinaryExpressionSyntax equals when equals.IsKind(SyntaxKind.EqualsExpression) =>
                equals.Right.IsKind(SyntaxKind.NullLiteralExpression) && IsPlainName(equals.Left),
            _ => false,
        };
        var body = statement.Statement is BlockSyntax { Statements.Count: 1 } block ? block.Statements[0] : statement.Statement;
        return testsNull && statement.Else is null
            && body is ThrowStatementSyntax { Expression: ObjectCreationExpressionSyntax creation }
            && TypeName(creation.Type) == "ArgumentNullException";
    }

    // ArgumentNullException.ThrowIfNull(x); (not ThrowIfNullOrEmpty and the like: the empty case is a real rule).
    private static bool IsThrowIfNull(ExpressionStatementSyntax statement) =>
        statement.Expression is InvocationExpressionSyntax
        {
            Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ThrowIfNull" } member,
            ArgumentList.Arguments: [{ Expression: var argument }],
        }
        && member.Expression switch
        {
            MemberAccessExpressionSyntax qualified => qualified.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        } == "ArgumentNullException"
        && IsPlainName(argument);

    private static bool IsPlainName(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax => true,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax or IdentifierNameSyntax } => true,
        _ => false,
    };
}
