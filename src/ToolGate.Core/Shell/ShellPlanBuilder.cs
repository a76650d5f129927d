using System.Collections.Immutable;
using ToolGate.Core.Shell.Constructs;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell;

/// <summary>
/// Builds the <see cref="ShellPlan"/> of a parsed line: simple commands as argv with their streams resolved, compound
/// commands as <see cref="ShellPlanNode"/>s, <c>for</c> loops unrolled and <c>case</c> statements resolved: given the
/// judge's <see cref="ConstructResolutions"/>, with the very iterations and arms it judged. What it cannot express makes
/// the plan null, with <see cref="Problem"/> saying why. It plans any construct: whether one is permitted is the judge's question.
/// </summary>
/// <param name="resolutions">Loops and cases already unrolled and resolved (by the judge), reused as they are.</param>
internal sealed class ShellPlanBuilder(ConstructResolutions resolutions)
{
    private const string RedirectionProblem = "the command line uses a redirection the tool cannot run exactly without a shell";

    private readonly UnrollBudget budget = new();

    /// <summary>Why the last plan is null.</summary>
    public string? Problem { get; private set; }

    public ShellPlan? Plan(CommandList list, int nesting)
    {
        var steps = ImmutableArray.CreateBuilder<ShellPlanStep>();
        foreach (var item in list.Items)
        {
            var pipelines = item.Command.Pipelines;
            if (item.Background && pipelines.Length > 1)
            {
                // 'a && b &': the whole and-or list runs in the background, as one group.
                if (nesting + 1 > ShellPlan.MaxNesting || Plan(new CommandList([item with { Background = false }]), nesting + 1) is not { } inner)
                {
                    Problem ??= NestingProblem();
                    return null;
                }

                var group = new ShellPlanCompoundCommand(new ShellPlanBlock(ShellPlanBlock.Group, inner), "out", "err");
                steps.Add(new ShellPlanStep(steps.Count == 0 ? null : ";", false, [group]) { Background = true });
                continue;
            }

            for (var i = 0; i < pipelines.Length; i++)
            {
                var op = i > 0 ? item.Command.Operators[i - 1] : steps.Count == 0 ? null : ";";
                if (Pipeline(pipelines[i], nesting) is not { } commands)
                {
                    return null;
                }

                steps.Add(new ShellPlanStep(op, pipelines[i].Negated, commands) { Background = item.Background });
            }
        }

        return new ShellPlan(steps.ToImmutable());
    }

    private ImmutableArray<ShellPlanCommand>? Pipeline(Pipeline pipeline, int nesting)
    {
        var commands = ImmutableArray.CreateBuilder<ShellPlanCommand>(pipeline.Commands.Length);
        for (var j = 0; j < pipeline.Commands.Length; j++)
        {
            var stderrToPipe = j < pipeline.Operators.Length && pipeline.Operators[j] == "|&";
            var planned = pipeline.Commands[j] is SimpleCommand simple ? Command(simple, stderrToPipe) : Compound(pipeline.Commands[j], stderrToPipe, nesting);
            if (planned is null)
            {
                return null;
            }

            commands.Add(planned);
        }

        return commands.MoveToImmutable();
    }

    private ShellPlanCompoundCommand? Compound(CommandNode node, bool stderrToPipe, int nesting)
    {
        if (nesting + 1 > ShellPlan.MaxNesting)
        {
            Problem ??= NestingProblem();
            return null;
        }

        var inner = nesting + 1;
        ShellPlanNode? planned = node switch
        {
            Subshell s => Plan(s.Body, inner) is { } body ? new ShellPlanBlock(ShellPlanBlock.Subshell, body) : null,
            BraceGroup b => Plan(b.Body, inner) is { } body ? new ShellPlanBlock(ShellPlanBlock.Group, body) : null,
            IfClause i => If(i, inner),
            WhileClause w => Plan(w.Condition, inner) is { } condition && Plan(w.Body, inner) is { } body ? new ShellPlanLoop(condition, body, w.Until) : null,
            ForClause f => For(f, inner),
            CaseClause c => Case(c, inner),
            _ => Refuse("the command line uses a construct the tool cannot run without a shell"),
        };

        if (planned is null)
        {
            return null;
        }

        // Only output redirections are carried by a compound command; its stdin is always the pipeline's.
        if (Streams(node.Redirections, stderrToPipe, out var stdin, out var stdout, out var stderr) && stdin is null)
        {
            return new ShellPlanCompoundCommand(planned, stdout, stderr);
        }

        Problem ??= RedirectionProblem;
        return null;
    }

    private ShellPlanIf? If(IfClause clause, int nesting)
    {
        var branches = ImmutableArray.CreateBuilder<ShellPlanBranch>(clause.Branches.Length);
        foreach (var (condition, body) in clause.Branches)
        {
            if (Plan(condition, nesting) is not { } plannedCondition || Plan(body, nesting) is not { } plannedBody)
            {
                return null;
            }

            branches.Add(new ShellPlanBranch(plannedCondition, plannedBody));
        }

        ShellPlan? otherwise = null;
        if (clause.Else is not null && (otherwise = Plan(clause.Else, nesting)) is null)
        {
            return null;
        }

        return new ShellPlanIf(branches.MoveToImmutable(), otherwise);
    }

    private ShellPlanBlock? For(ForClause loop, int nesting)
    {
        if (resolutions.Unroll(loop, budget, out var problem) is not { } iterations)
        {
            return Refuse<ShellPlanBlock>(problem!);
        }

        // The iterations one after another, as the loop runs them.
        var unrolled = new CommandList([.. iterations.SelectMany(i => i.Items)]);
        return Plan(unrolled, nesting) is { } body ? new ShellPlanBlock(ShellPlanBlock.For, body) : null;
    }

    private ShellPlanBlock? Case(CaseClause clause, int nesting)
    {
        if (resolutions.ArmsThatRun(clause, out var problem) is not { } running)
        {
            return Refuse<ShellPlanBlock>(problem!);
        }

        var arms = new CommandList([.. running.SelectMany(i => clause.Arms[i].Body.Items)]);
        return Plan(arms, nesting) is { } body ? new ShellPlanBlock(ShellPlanBlock.Case, body) : null;
    }

    private T? Refuse<T>(string problem)
        where T : class
    {
        Problem ??= problem;
        return null;
    }

    private ShellPlanNode? Refuse(string problem) => Refuse<ShellPlanNode>(problem);

    private static string NestingProblem() => $"compound commands nested deeper than {ShellPlan.MaxNesting} cannot be run without a shell";

    private ShellPlanCommand? Command(SimpleCommand command, bool stderrToPipe)
    {
        if (!command.Assignments.IsEmpty)
        {
            return Refuse<ShellPlanCommand>("the command line sets environment variables, which the tool cannot run without a shell");
        }

        var argv = ImmutableArray.CreateBuilder<string>(command.Words.Length);
        var globs = ImmutableArray<int>.Empty;
        var fields = new List<ExpandedWord>(1);
        foreach (var word in command.Words)
        {
            fields.Clear();
            if (WordExpander.ExpandInto(word, fields) is { } error)
            {
                return Refuse<ShellPlanCommand>($"unsupported shell construct: {error}");
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

        if (!Streams(command.Redirections, stderrToPipe, out var stdin, out var stdout, out var stderr))
        {
            return Refuse<ShellPlanCommand>(RedirectionProblem);
        }

        return new ShellPlanCommand(argv.DrainToImmutable(), globs, stdin, stdout, stderr);
    }

    /// <summary>
    /// Where stdin comes from and fds 1 and 2 go after the redirections: <c>out</c> (stdout / the pipe), <c>err</c>
    /// (stderr) or <c>null</c>. False when a redirection is one the tool cannot carry out exactly.
    /// </summary>
    private static bool Streams(ImmutableArray<Redirection> redirections, bool stderrToPipe, out ShellPlanInput? stdin, out string stdout, out string stderr)
    {
        var fds = new Dictionary<int, string> { [1] = "out", [2] = stderrToPipe ? "out" : "err" };
        var fields = new List<ExpandedWord>(1);
        stdin = null;
        (stdout, stderr) = (fds[1], fds[2]);
        foreach (var redirection in redirections)
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
                    return false;
            }
        }

        (stdout, stderr) = (fds[1], fds[2]);
        return true;
    }
}
