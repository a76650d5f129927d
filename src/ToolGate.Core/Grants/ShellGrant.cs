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

    /// <summary>
    /// Break-glass: guardrail classes (<c>tunnel</c>, <c>miner</c>, …) this grant may override, for commands its
    /// allow patterns match, until it expires. Each use is allowed with severity high and the justification.
    /// </summary>
    public ImmutableArray<string> BreakGlass { get; init; } = [];

    /// <summary>Why the break-glass exists; required with <see cref="BreakGlass"/>, quoted in every decision it makes.</summary>
    public string? Justification { get; init; }

    /// <summary>
    /// Shell constructs (<see cref="Shell.Constructs.ShellConstructs"/>: <c>if</c>, <c>for</c>, <c>subshell</c>, …) the agent may use
    /// while this grant is active. They permit the construct only: every command inside is judged as usual.
    /// </summary>
    public ImmutableArray<string> Constructs { get; init; } = [];
}
