using MutationScope;

namespace MutationScope.Tests;

// What mutation testing may leave out is exactly the text of exception and log messages and argument-null guards;
// these tests pin both halves: what is left out, and what must stay in.
public class ExclusionsTests
{
    private static List<(ExclusionKind Kind, string Text)> Find(string body) =>
        Exclusions.Find("class C { void M(string x, object value, ILogger logger, int status, System.Exception inner) { " + body + " } }")
            .Select(e => (e.Kind, e.Text)).ToList();

    [Theory]
    [InlineData("throw new InvalidOperationException(\"boom\");", "\"boom\"")]
    [InlineData("throw new System.IO.InvalidDataException($\"bad {x}\", inner);", "$\"bad {x}\"")]
    [InlineData("throw new ArgumentException(\"no colon\", nameof(x));", "\"no colon\"")]
    [InlineData("throw new ArgumentNullException(nameof(x), \"x is needed\");", "\"x is needed\"")]
    [InlineData("throw new ArgumentOutOfRangeException(nameof(x), x, \"unknown\");", "\"unknown\"")]
    [InlineData("throw new ArgumentOutOfRangeException(nameof(x), \"unknown\");", "\"unknown\"")]
    [InlineData("throw new FormatException(\"The path \" + x);", "\"The path \" + x")]
    [InlineData("throw new FormatException(Describe($\"at {x}\"));", "$\"at {x}\"")]
    [InlineData("throw new FormatException(status > 0 ? \"a\" : \"b\");", "status > 0 ? \"a\" : \"b\"")]
    [InlineData("throw new CustomException(status, message: \"named\");", "\"named\"")]
    [InlineData("throw new ArgumentNullException(\"x is needed\", inner);", "\"x is needed\"")]
    [InlineData("throw new ObjectDisposedException(nameof(C), \"closed\");", "\"closed\"")]
    [InlineData("throw new ArgumentOutOfRangeException(\"out of range\", inner);", "\"out of range\"")]
    [InlineData("throw new FormatException((\"bad\"));", "(\"bad\")")]
    [InlineData("throw new FormatException(x + \" is bad\");", "x + \" is bad\"")]
    public void The_message_text_of_an_exception_is_left_out(string statement, string excluded)
    {
        Assert.Equal([(ExclusionKind.ExceptionMessage, excluded)], Find(statement));
    }

    [Theory]
    [InlineData("throw new CalloutParseException(\"no id\", \"$.message_id\", null, null);")]
    [InlineData("throw new AppException($\"HTTP {status}\", status, \"body\");")]
    public void Only_the_message_argument_is_left_out_not_the_other_arguments(string statement)
    {
        var found = Find(statement);
        Assert.Single(found);
        Assert.DoesNotContain("$.message_id", found[0].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"body\"", found[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("throw new OrderManagerException(text, status, \"body\");")] // the message is a variable: nothing to leave out
    [InlineData("throw new ValidationException([$\"{x} is required.\"]);")] // a list of errors is data, not the message
    [InlineData("throw new ArgumentNullException(nameof(x));")]
    [InlineData("throw new ArgumentNullException(x, inner);")]
    [InlineData("throw new ArgumentOutOfRangeException(x, value);")]
    [InlineData("throw new FormatException(status > 0 ? \"a\" : x);")]
    [InlineData("throw new FormatException(x - \"a\");")]
    [InlineData("throw new FormatException((x));")]
    [InlineData("throw new FormatException(Describe(x, status));")]
    [InlineData("logger.LogWarning(x, value);")]
    [InlineData("logger.Write(\"not a logger method\");")]
    [InlineData("var e = new ExceptionFilter(\"text\");")]
    [InlineData("var header = \"sha1=\" + x;")]
    [InlineData("return Fail(Failure.Malformed, \"The signature header is empty.\");")]
    [InlineData("request.Headers.Add(\"X-Request-Date\", x);")]
    public void Other_strings_are_mutated(string statement)
    {
        Assert.Empty(Find(statement));
    }

    [Theory]
    [InlineData("logger.LogWarning(\"Callout {Id} rejected\", x);", "\"Callout {Id} rejected\"")]
    [InlineData("logger.LogError(inner, \"A step failed.\");", "\"A step failed.\"")]
    [InlineData("logger.Log(LogLevel.Information, \"Processed {Id}\", x);", "\"Processed {Id}\"")]
    [InlineData("logger.LogTrace(\"t\");", "\"t\"")]
    [InlineData("logger.LogDebug(\"d\");", "\"d\"")]
    [InlineData("logger.LogInformation(\"i\");", "\"i\"")]
    [InlineData("logger.LogCritical(\"c\");", "\"c\"")]
    public void The_template_of_a_log_call_is_left_out_but_not_the_call(string statement, string excluded)
    {
        Assert.Equal([(ExclusionKind.LogMessage, excluded)], Find(statement));
    }

    [Theory]
    [InlineData("ArgumentNullException.ThrowIfNull(x);")]
    [InlineData("System.ArgumentNullException.ThrowIfNull(x);")]
    [InlineData("_ = x ?? throw new ArgumentNullException(nameof(x));")]
    [InlineData("if (x is null) throw new ArgumentNullException(nameof(x));")]
    [InlineData("if (x == null) { throw new ArgumentNullException(nameof(x)); }")]
    [InlineData("_ = this.x ?? throw new ArgumentNullException(nameof(x));")]
    public void Argument_null_guards_are_left_out(string statement)
    {
        var found = Find(statement);
        Assert.Equal(ExclusionKind.ArgumentNullGuard, Assert.Single(found).Kind);
        Assert.StartsWith(statement.TrimEnd(';').Replace("_ = ", "", StringComparison.Ordinal), found[0].Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ArgumentException.ThrowIfNullOrEmpty(x);")] // the empty case is a real rule
    [InlineData("ArgumentOutOfRangeException.ThrowIfNegative(status);")]
    [InlineData("_ = Lookup(x) ?? throw new ArgumentNullException(nameof(x));")] // Lookup(x) may hold mutants
    [InlineData("if (x is null) { Log(); throw new ArgumentNullException(nameof(x)); }")]
    [InlineData("if (x is null) throw new InvalidOperationException();")]
    [InlineData("if (x is null) throw new ArgumentNullException(nameof(x)); else M2();")]
    [InlineData("if (x is not null) throw new ArgumentNullException(nameof(x));")]
    [InlineData("if (x is \"\") throw new ArgumentNullException(nameof(x));")]
    [InlineData("if (Lookup(x) is null) throw new ArgumentNullException(nameof(x));")]
    [InlineData("if (x == value) throw new ArgumentNullException(nameof(x));")]
    [InlineData("if (Lookup(x) == null) throw new ArgumentNullException(nameof(x));")]
    [InlineData("if (x != null) throw new ArgumentNullException(nameof(x));")]
    [InlineData("_ = x.Value.Length ?? throw new ArgumentNullException(nameof(x));")]
    [InlineData("ArgumentNullException.ThrowIfNull(Lookup(x));")]
    [InlineData("Guard.ThrowIfNull(x);")]
    public void Other_guards_are_mutated(string statement)
    {
        Assert.DoesNotContain(Find(statement), e => e.Kind == ExclusionKind.ArgumentNullGuard);
    }

    [Fact]
    public void Spans_are_offsets_into_the_files_text()
    {
        const string source = "class C\r\n{\r\n    void M() => throw new InvalidOperationException(\"boom\");\r\n}\r\n";
        var exclusion = Assert.Single(Exclusions.Find(source));
        Assert.Equal("\"boom\"", source[exclusion.Span.Start..exclusion.Span.End]);
    }
}
