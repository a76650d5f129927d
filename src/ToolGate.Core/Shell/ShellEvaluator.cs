using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell;

/// <summary>
/// Decides a shell action: parse the command line into a tree (refusing what cannot be parsed), then judge
/// every command in it against the guardrails and program knowledge (<see cref="ShellKnowledge"/>) and the
/// agent's grants. Default deny; the most severe finding anywhere in the line is the one reported.
/// </summary>
public static class ShellEvaluator
{
    public static Verdict Decide(ShellAction action, ShellPolicy policy, ShellKnowledge? knowledge, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (knowledge is null)
        {
            return Verdict.Deny("no shell guardrails are loaded, so no shell command can be judged", Rules.DecisionError, Severity.High);
        }

        // The common line (plain and simply quoted words joined by | && || ;) is judged without building a tree.
        if (SimpleCommandLine.TryRead(action.Command) is { } flat)
        {
            // One scan of the whole line stands in for the guardrail text check of every argument when each is a run of it.
            var textRuledOut = flat.WordsAreSlices && !knowledge.MayContainArgumentText(action.Command);
            return new ShellJudge(policy, knowledge, action.Cwd, now).Judge(flat, textRuledOut, withPlan: true);
        }

        return DecideParsed(action, policy, knowledge, now);
    }

    /// <summary>Parse + decide through the syntax tree, for any line (the flat path above must agree with it).</summary>
    internal static Verdict DecideParsed(ShellAction action, ShellPolicy policy, ShellKnowledge knowledge, DateTimeOffset now)
    {
        var parsed = ShellParser.Parse(action.Command);
        if (parsed.Tree is null)
        {
            return Verdict.Deny($"the command cannot be parsed: {parsed.Error}", Rules.UnparseableShell);
        }

        var verdict = new ShellJudge(policy, knowledge, action.Cwd, now).Judge(parsed.Tree);

        if (!verdict.IsAllowed)
        {
            return verdict;
        }

        // What runs is what was checked: an allowed line must have a shell-free plan the tool can run exactly.
        return ShellPlan.TryBuild(parsed.Tree, out var problem) is { } plan
            ? verdict with { ShellPlan = plan }
            : Verdict.Deny(problem ?? "the command line cannot be run exactly without a shell", Rules.UnsupportedShellConstruct, Severity.Low);
    }
}
