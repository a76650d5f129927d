namespace ToolGate.Core.Shell.Syntax;

/// <summary>The tree, or why the input could not be parsed (with the offset where parsing stopped).</summary>
public sealed record ShellParseResult(CommandList? Tree, string? Error, int ErrorOffset)
{
    public bool IsSuccess => Tree is not null;

    public static ShellParseResult Success(CommandList tree) => new(tree, null, -1);

    public static ShellParseResult Failure(string error, int offset) => new(null, error, offset);
}
