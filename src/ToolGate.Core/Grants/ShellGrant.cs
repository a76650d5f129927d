using System.Collections.Immutable;

namespace ToolGate.Core.Grants;

/// <summary>
/// Shell commands an agent may run. <see cref="Allow"/> and <see cref="Deny"/> are word patterns
/// (<c>git diff *</c>); <see cref="Paths"/> are globs every file argument must resolve inside.
/// </summary>
public sealed record ShellGrant : Grant
{
    public override Capability Capability => Capability.Shell;

    public ImmutableArray<string> Allow { get; init; } = [];

    public ImmutableArray<string> Deny { get; init; } = [];

    public ImmutableArray<string> Paths { get; init; } = [];
}
