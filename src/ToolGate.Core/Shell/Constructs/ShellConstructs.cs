using System.Collections.Frozen;

namespace ToolGate.Core.Shell.Constructs;

/// <summary>
/// The shell constructs a grant can permit (<see cref="Grants.ShellGrant.Constructs"/>). Without one, a line that
/// uses the construct is denied; with one, every command inside it is still judged as usual.
/// </summary>
public static class ShellConstructs
{
    /// <summary><c>( … )</c></summary>
    public const string Subshell = "subshell";

    /// <summary><c>{ …; }</c></summary>
    public const string Group = "group";

    /// <summary><c>if … then … [elif …] [else …] fi</c></summary>
    public const string If = "if";

    /// <summary><c>for x in words; do …; done</c> over static words, unrolled.</summary>
    public const string For = "for";

    /// <summary><c>while … do … done</c> and <c>until … do … done</c>.</summary>
    public const string While = "while";

    /// <summary><c>case word in pattern) …;; esac</c> with a static word, resolved to the arm that runs.</summary>
    public const string Case = "case";

    /// <summary><c>command &amp;</c>: started concurrently; the tool waits for it before answering.</summary>
    public const string Background = "background";

    /// <summary>Every name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } = [Subshell, Group, If, For, While, Case, Background];

    private static readonly FrozenSet<string> Known = All.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsKnown(string? name) => name is not null && Known.Contains(name);
}
