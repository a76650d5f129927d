using System.Collections.Immutable;

namespace ToolGate.Core.Shell;

/// <summary>
/// A compound command of a <see cref="ShellPlan"/>. Its status is that of the last command it ran (0 when none), as in
/// bash; its output goes where the <see cref="ShellPlanCommand"/> holding it says.
/// </summary>
public abstract record ShellPlanNode;

/// <summary>
/// Runs <see cref="Body"/> once. <see cref="Kind"/> says what it was written as: <c>group</c> <c>{ …; }</c>,
/// <c>subshell</c> <c>( … )</c>, <c>for</c> (the loop unrolled: the body once per word, the variable substituted) or
/// <c>case</c> (the arms that run, in order; none when nothing matched).
/// </summary>
public sealed record ShellPlanBlock(string Kind, ShellPlan Body) : ShellPlanNode
{
    public const string Group = "group";
    public const string Subshell = "subshell";
    public const string For = "for";
    public const string Case = "case";
}

/// <summary><c>if</c>: the first branch whose condition has status 0 runs its body; otherwise <see cref="Else"/> (when given).</summary>
public sealed record ShellPlanIf(ImmutableArray<ShellPlanBranch> Branches, ShellPlan? Else) : ShellPlanNode;

/// <summary>One <c>if</c> / <c>elif</c> branch.</summary>
public sealed record ShellPlanBranch(ShellPlan Condition, ShellPlan Body);

/// <summary>
/// <c>while</c> (or <c>until</c>, when <see cref="Until"/>): runs <see cref="Body"/> while <see cref="Condition"/> has status 0
/// (non-zero for until). The tool bounds the iterations and the time.
/// </summary>
public sealed record ShellPlanLoop(ShellPlan Condition, ShellPlan Body, bool Until) : ShellPlanNode;
