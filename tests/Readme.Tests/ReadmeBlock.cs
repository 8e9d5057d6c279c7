namespace Readme.Tests;

/// <summary>One ```csharp block of a README, with the hidden context its README source gives it.</summary>
/// <param name="File">The README's path relative to the repository root, with forward slashes.</param>
/// <param name="FenceLine">The 1-based line of the opening fence.</param>
/// <param name="Code">The block's text, between the fences.</param>
/// <param name="Web">Whether the block is compiled after a <c>builder</c>/<c>app</c> prelude (<c>readme-test: web</c>).</param>
/// <param name="Context">C# the block's <c>readme-test</c> comment declares (statements and types), or empty.</param>
/// <param name="ContextLine">The 1-based line where the context comment starts, or 0.</param>
/// <param name="IgnoreReason">The reason given by <c>readme-test: ignore</c>, or null when the block is compiled.</param>
public sealed record ReadmeBlock(string File, int FenceLine, string Code, bool Web, string Context, int ContextLine, string? IgnoreReason)
{
    /// <summary>The line of the block's first line of code.</summary>
    public int CodeLine => FenceLine + 1;

    /// <inheritdoc />
    public override string ToString() => $"{File}:{FenceLine}";
}
