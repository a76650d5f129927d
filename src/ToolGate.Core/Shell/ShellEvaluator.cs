using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell.Destinations;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Core.Shell;

/// <summary>
/// Decides a shell action: parse the command line into a tree (refusing what cannot be parsed), then judge
/// every command in it against the guardrails and program knowledge (<see cref="ShellKnowledge"/>) and the
/// agent's grants. Default deny; the most severe finding anywhere in the line is the one reported.
/// </summary>
public static class ShellEvaluator
{
    /// <param name="network">
    /// The network guardrails for where commands connect (<see cref="ShellKnowledge.Destinations"/>); null: none are loaded,
    /// so a command that names a destination is denied.
    /// </param>
    public static Verdict Decide(ShellAction action, ShellPolicy policy, ShellKnowledge? knowledge, DateTimeOffset now, ShellNetworkGuardrails? network = null)
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
            return new ShellJudge(policy, knowledge, action.Cwd, now, network: network ?? ShellNetworkGuardrails.Unavailable)
                .Judge(flat, textRuledOut, withPlan: true);
        }

        return DecideParsed(action, policy, knowledge, now, network: network);
    }

    /// <summary>
    /// Decides a command line that a real shell will run as text (an MCP argument judged as shell), not the plan: as
    /// <see cref="Decide"/>, except that what only that shell settles when it runs is judged as inside <c>sh -c</c>: every
    /// arm of a <c>case</c> as if it ran, and no background job (the shell would leave it running).
    /// </summary>
    public static Verdict DecideShellText(
        ShellAction action, ShellPolicy policy, ShellKnowledge? knowledge, DateTimeOffset now, ShellNetworkGuardrails? network = null)
    {
        ArgumentNullException.ThrowIfNull(action);

        // A line read flat holds no construct, so nothing differs for it.
        return knowledge is null || SimpleCommandLine.TryRead(action.Command) is not null
            ? Decide(action, policy, knowledge, now, network)
            : DecideParsed(action, policy, knowledge, now, runByShell: true, network);
    }

    /// <summary>Parse + decide through the syntax tree, for any line (the flat path above must agree with it).</summary>
    /// <param name="runByShell">The line is run by a shell, not as its plan (<see cref="DecideShellText"/>).</param>
    internal static Verdict DecideParsed(
        ShellAction action, ShellPolicy policy, ShellKnowledge knowledge, DateTimeOffset now, bool runByShell = false, ShellNetworkGuardrails? network = null)
    {
        var parsed = ShellParser.Parse(action.Command);
        if (parsed.Tree is null)
        {
            return Verdict.Deny($"the command cannot be parsed: {parsed.Error}", Rules.UnparseableShell);
        }

        var judge = new ShellJudge(policy, knowledge, action.Cwd, now, network: network ?? ShellNetworkGuardrails.Unavailable) { RunByShell = runByShell };
        var verdict = judge.Judge(parsed.Tree);

        if (!verdict.IsAllowed)
        {
            return verdict;
        }

        // What runs is what was checked: an allowed line must have a shell-free plan the tool can run exactly,
        // built from the loop iterations and case arms the judge judged.
        return ShellPlan.TryBuild(parsed.Tree, judge.Resolutions, out var problem) is { } plan
            ? verdict with { ShellPlan = plan }
            : Verdict.Deny(problem ?? "the command line cannot be run exactly without a shell", Rules.UnsupportedShellConstruct, Severity.Low);
    }
}
