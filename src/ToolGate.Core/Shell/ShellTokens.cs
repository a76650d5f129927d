using System.Collections.Immutable;

namespace ToolGate.Core.Shell;

/// <summary>
/// The words of a command line after quote removal, or why it could not be tokenised safely.
/// </summary>
public sealed record ShellTokens(ImmutableArray<string> Words, string? Error)
{
    public bool IsValid => Error is null;

    public static ShellTokens Invalid(string error) => new([], error);
}
