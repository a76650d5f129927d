using System.Collections.Immutable;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell.Constructs;

/// <summary>
/// A <c>for name in words; do body; done</c> over static words, unrolled: the words expanded as bash would (quote removal,
/// brace expansion), then the body once per word with the variable substituted (<see cref="LoopVariableSubstitution"/>).
/// The judge and the plan unroll the same way, so what runs is what was judged. A loop over a pattern, an expansion or the
/// positional parameters, an arithmetic loop, <c>select</c>, and a loop over more than <see cref="MaxIterations"/> words
/// or past the line's <see cref="UnrollBudget"/> cannot be unrolled.
/// </summary>
internal static class ForLoopUnrolling
{
    public const int MaxIterations = 64;

    /// <summary>Why the loop's form cannot be unrolled at all (before its words are looked at); null when it can.</summary>
    public static string? FormProblem(ForClause loop)
    {
        ArgumentNullException.ThrowIfNull(loop);
        return loop switch
        {
            { Arithmetic: not null } => "unsupported shell construct: arithmetic loop 'for ((…))' (only a loop over static words is unrolled)",
            { Select: true } => "unsupported shell construct: loop 'select' (it reads its choice from stdin)",
            { Items: null } => $"unsupported shell construct: loop 'for {loop.Variable}' over the positional parameters (only a loop over static words is unrolled)",
            _ => null,
        };
    }

    /// <summary>The body once per word, in order; null with <paramref name="problem"/> when the loop cannot be unrolled.</summary>
    public static ImmutableArray<CommandList>? Unroll(ForClause loop, UnrollBudget budget, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(budget);
        if ((problem = FormProblem(loop)) is not null)
        {
            return null;
        }

        var values = new List<ExpandedWord>();
        foreach (var item in loop.Items!.Value)
        {
            if (WordExpander.ExpandInto(item, values) is { } error)
            {
                problem = $"unsupported shell construct: {error}";
                return null;
            }

            if (values.Count > 0 && values[^1].Glob)
            {
                problem = $"unsupported shell construct: loop 'for' over the pattern '{item.Source}' (its words are known only when the tool runs)";
                return null;
            }

            if (values.Count > MaxIterations)
            {
                break;
            }
        }

        if (values.Count > MaxIterations)
        {
            problem = $"unsupported shell construct: loop 'for' over more than {MaxIterations} words";
            return null;
        }

        if (!budget.TryCharge((long)values.Count * CommandCount(loop.Body)))
        {
            problem = $"unsupported shell construct: loops that unroll to more than {UnrollBudget.MaxUnrolledCommands} commands";
            return null;
        }

        var iterations = ImmutableArray.CreateBuilder<CommandList>(values.Count);
        foreach (var value in values)
        {
            if (LoopVariableSubstitution.Substitute(loop.Body, loop.Variable, value.Text, out problem) is not { } body)
            {
                return null;
            }

            iterations.Add(body);
        }

        return iterations.MoveToImmutable();
    }

    /// <summary>The simple commands written in a list, compound commands included (each nested loop's body counted once).</summary>
    public static int CommandCount(CommandList list)
    {
        var count = 0;
        foreach (var item in list.Items)
        {
            foreach (var pipeline in item.Command.Pipelines)
            {
                foreach (var command in pipeline.Commands)
                {
                    count += CommandCount(command);
                }
            }
        }

        return count;
    }

    private static int CommandCount(CommandNode node) => node switch
    {
        SimpleCommand => 1,
        Subshell s => CommandCount(s.Body),
        BraceGroup b => CommandCount(b.Body),
        IfClause i => i.Branches.Sum(b => CommandCount(b.Condition) + CommandCount(b.Body)) + (i.Else is null ? 0 : CommandCount(i.Else)),
        WhileClause w => CommandCount(w.Condition) + CommandCount(w.Body),
        ForClause f => CommandCount(f.Body),
        CaseClause c => c.Arms.Sum(a => CommandCount(a.Body)),
        _ => 1,
    };
}
