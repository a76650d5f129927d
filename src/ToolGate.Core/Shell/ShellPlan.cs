using System.Collections.Immutable;
using System.Runtime.InteropServices;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell;

/// <summary>
/// What runs is what was checked: the canonical, shell-free form of an allowed command line, handed to the
/// tool instead of the text. Steps run in order, each after its operator (<c>;</c>, <c>&amp;&amp;</c>,
/// <c>||</c>) says so; a step is a pipeline of argv commands with their standard streams resolved.
/// </summary>
public sealed record ShellPlan(ImmutableArray<ShellPlanStep> Steps)
{
    /// <summary>The plan of a command line the evaluator allowed; null when it has anything a plan cannot express.</summary>
    public static ShellPlan? Build(string command) =>
        ShellParser.Parse(command).Tree is { } tree ? Build(tree) : null;

    /// <summary>The plan of a parsed command line; null when it has anything a plan cannot express.</summary>
    public static ShellPlan? Build(CommandList tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var steps = ImmutableArray.CreateBuilder<ShellPlanStep>();
        foreach (var item in tree.Items)
        {
            if (item.Background)
            {
                return null;
            }

            for (var i = 0; i < item.Command.Pipelines.Length; i++)
            {
                var pipeline = item.Command.Pipelines[i];
                var op = i > 0 ? item.Command.Operators[i - 1] : steps.Count == 0 ? null : ";";
                var commands = ImmutableArray.CreateBuilder<ShellPlanCommand>();
                for (var j = 0; j < pipeline.Commands.Length; j++)
                {
                    var stderrToPipe = j < pipeline.Operators.Length && pipeline.Operators[j] == "|&";
                    if (pipeline.Commands[j] is not SimpleCommand simple || PlanCommand(simple, stderrToPipe) is not { } planned)
                    {
                        return null;
                    }

                    commands.Add(planned);
                }

                steps.Add(new ShellPlanStep(op, pipeline.Negated, commands.ToImmutable()));
            }
        }

        return new ShellPlan(steps.ToImmutable());
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

    private static ShellPlanCommand? PlanCommand(SimpleCommand command, bool stderrToPipe)
    {
        if (!command.Assignments.IsEmpty)
        {
            return null;
        }

        var argv = ImmutableArray.CreateBuilder<string>(command.Words.Length);
        var globs = ImmutableArray<int>.Empty;
        var fields = new List<ExpandedWord>(1);
        foreach (var word in command.Words)
        {
            fields.Clear();
            if (WordExpander.ExpandInto(word, fields) is not null)
            {
                return null;
            }

            foreach (var field in fields)
            {
                if (field.Glob)
                {
                    globs = globs.Add(argv.Count);
                }

                argv.Add(field.Text);
            }
        }

        if (command.Redirections.IsEmpty)
        {
            return new ShellPlanCommand(argv.DrainToImmutable(), globs, null, "out", stderrToPipe ? "out" : "err");
        }

        // File descriptors 1 and 2 point at "out" (stdout / the pipe), "err" (stderr) or "null".
        var fds = new Dictionary<int, string> { [1] = "out", [2] = stderrToPipe ? "out" : "err" };
        ShellPlanInput? stdin = null;
        foreach (var redirection in command.Redirections)
        {
            var fd = redirection.FileDescriptor;
            fields.Clear();
            var target = WordExpander.ExpandInto(redirection.Target, fields) is null && fields.Count == 1 ? fields[0].Text : null;
            switch (redirection.Operator)
            {
                case "<<" or "<<-":
                    stdin = new ShellPlanInput(redirection.HereDocument, null);
                    break;
                case "<<<" when target is not null:
                    stdin = new ShellPlanInput(target + "\n", null);
                    break;
                case "<" when target is not null && (fd ?? 0) == 0:
                    stdin = new ShellPlanInput(null, target);
                    break;
                case ">" or ">>" or ">|" when target == "/dev/null":
                    fds[fd ?? 1] = "null";
                    break;
                case "&>" or "&>>" when target == "/dev/null":
                    fds[1] = fds[2] = "null";
                    break;
                case ">&" when target == "/dev/null":
                    fds[1] = fds[2] = "null";
                    break;
                case ">&" when target is not null && int.TryParse(target, out var source) && fds.TryGetValue(source, out var copy):
                    fds[fd ?? 1] = copy;
                    break;
                case "<&" when target is not null && (target == "0" || target == "-"):
                    break;
                default:
                    return null;
            }
        }

        return new ShellPlanCommand(argv.DrainToImmutable(), globs, stdin, fds[1], fds[2]);
    }
}

/// <summary>One pipeline, run when <see cref="Operator"/> (null for the first) says so.</summary>
public sealed record ShellPlanStep(string? Operator, bool Negated, ImmutableArray<ShellPlanCommand> Commands);

/// <summary>
/// One program: argv (indexes in <see cref="Globs"/> are pathname patterns the tool expands in cwd),
/// its stdin (text or a file) and where its stdout and stderr go: <c>out</c>, <c>err</c> or <c>null</c>.
/// </summary>
public sealed record ShellPlanCommand(ImmutableArray<string> Argv, ImmutableArray<int> Globs, ShellPlanInput? Stdin, string Stdout, string Stderr);

public sealed record ShellPlanInput(string? Text, string? File);
