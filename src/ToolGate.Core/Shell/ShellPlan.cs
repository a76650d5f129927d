using System.Collections.Immutable;
using System.Runtime.InteropServices;
using ToolGate.Core.Shell.Constructs;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell;

/// <summary>
/// What runs is what was checked: the canonical, shell-free form of an allowed command line, handed to the
/// tool instead of the text. Steps run in order, each after its operator (<c>;</c>, <c>&amp;&amp;</c>,
/// <c>||</c>) says so; a step is a pipeline of argv commands with their standard streams resolved, where a
/// command can also be a compound one (<see cref="ShellPlanNode"/>: a group, an <c>if</c>, a loop) holding plans
/// of its own, and a step can run in the background.
/// </summary>
public sealed record ShellPlan(ImmutableArray<ShellPlanStep> Steps)
{
    /// <summary>Compound commands nested deeper than this are not planned (the tool refuses deeper plans too).</summary>
    public const int MaxNesting = 16;

    /// <summary>The plan of a command line the evaluator allowed; null when it has anything a plan cannot express.</summary>
    public static ShellPlan? Build(string command) =>
        ShellParser.Parse(command).Tree is { } tree ? Build(tree) : null;

    /// <summary>The plan of a parsed command line; null when it has anything a plan cannot express.</summary>
    public static ShellPlan? Build(CommandList tree) => TryBuild(tree, resolutions: null, out _);

    /// <summary>The plan of a parsed command line; null with <paramref name="problem"/> (a denial reason) when it has anything a plan cannot express.</summary>
    /// <param name="resolutions">The loops and cases the judge unrolled and resolved for this tree; null: done here.</param>
    internal static ShellPlan? TryBuild(CommandList tree, ConstructResolutions? resolutions, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var builder = new ShellPlanBuilder(resolutions ?? new ConstructResolutions());
        var plan = builder.Plan(tree, nesting: 0);
        problem = plan is null ? builder.Problem : null;
        return plan;
    }

    /// <summary>The plan of a line read flat: every command runs as its argv, with the standard streams untouched.</summary>
    internal static ShellPlan Build(SimpleCommandLine line)
    {
        // Sized up front and wrapped without copying: a step per pipeline, a command per argv (shared with the judge).
        var joins = line.Joins;
        var stepCount = 0;
        foreach (var join in joins)
        {
            stepCount += join == SimpleJoin.Pipe ? 0 : 1;
        }

        var steps = new ShellPlanStep[stepCount];
        var start = 0;
        for (var step = 0; step < steps.Length; step++)
        {
            var end = start + 1;
            while (end < joins.Length && joins[end] == SimpleJoin.Pipe)
            {
                end++;
            }

            var commands = new ShellPlanCommand[end - start];
            for (var i = start; i < end; i++)
            {
                commands[i - start] = new ShellPlanCommand(line.Commands[i], [], null, "out", "err");
            }

            var op = joins[start] switch { SimpleJoin.And => "&&", SimpleJoin.Or => "||", SimpleJoin.Sequence => ";", _ => null };
            steps[step] = new ShellPlanStep(op, false, ImmutableCollectionsMarshal.AsImmutableArray(commands));
            start = end;
        }

        return new ShellPlan(ImmutableCollectionsMarshal.AsImmutableArray(steps));
    }
}

/// <summary>One pipeline, run when <see cref="Operator"/> (null for the first) says so.</summary>
public sealed record ShellPlanStep(string? Operator, bool Negated, ImmutableArray<ShellPlanCommand> Commands)
{
    /// <summary>
    /// Written <c>pipeline &amp;</c>: started, not waited for, and the status is 0 at once. The tool waits for every
    /// background step before it answers, and its deadline stops them like any other.
    /// </summary>
    public bool Background { get; init; }
}

/// <summary>
/// One element of a pipeline: a program, its argv (indexes in <see cref="Globs"/> are pathname patterns the tool
/// expands in cwd), its stdin (text or a file) and where its stdout and stderr go: <c>out</c>, <c>err</c> or <c>null</c>.
/// A compound command is a <see cref="ShellPlanCompoundCommand"/> (kept apart so that a program costs nothing more).
/// </summary>
public record ShellPlanCommand(ImmutableArray<string> Argv, ImmutableArray<int> Globs, ShellPlanInput? Stdin, string Stdout, string Stderr)
{
    /// <summary>The compound command that runs instead of a program (group, subshell, <c>if</c>, loop); null for a program.</summary>
    public virtual ShellPlanNode? Node => null;
}

/// <summary>A compound command as a pipeline element: <see cref="Node"/> runs, with an empty argv and the pipeline's stdin.</summary>
public sealed record ShellPlanCompoundCommand : ShellPlanCommand
{
    public ShellPlanCompoundCommand(ShellPlanNode node, string stdout, string stderr)
        : base([], [], null, stdout, stderr) => Node = node;

    public override ShellPlanNode Node { get; }
}

public sealed record ShellPlanInput(string? Text, string? File);
