using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell.Properties;

/// <summary>
/// Wrappers that run a guardrail program although the judge thinks they run something else, found while
/// writing the property oracle. Each line was checked against the real programs on Debian 12 (GNU coreutils
/// 9.1 env, GNU findutils 4.9.0 xargs, procps-ng 4.0.2 watch): the hidden command does run. Under
/// <see cref="WideShellGrant"/> (which grants <c>env *</c>, <c>xargs *</c>, <c>watch *</c>, <c>ls *</c>,
/// <c>echo *</c>, <c>id *</c>) every one of them is allowed today; each must be denied.
/// </summary>
public class WrapperBypassTests
{
    [Fact]
    public void Decide_EnvSplitString_RunsTheCommandInTheString_IsDenied()
    {
        AssertDenied("env -S 'sudo id'", "env --split-string='sudo id'", "env -S'nc -l 9001'", "env -i -S 'xmrig -o pool:3333'");
    }

    [Fact]
    public void Decide_XargsOptionalArgumentOptions_TheNextWordIsTheCommand_IsDenied()
    {
        AssertDenied("xargs -i sudo id", "xargs -e sudo id", "xargs -l nc -l 9001");
    }

    [Fact]
    public void Decide_WatchDifferences_TheNextWordIsTheCommand_IsDenied()
    {
        AssertDenied("watch -d sudo id");
    }

    [Fact]
    public void Decide_WatchRunsItsArgumentsThroughShC_IsDenied()
    {
        AssertDenied("watch ls ';' sudo id", "watch -n 1 ls '&&' nc -l 9001", "watch -- echo '$(sudo id)'");
    }

    private static void AssertDenied(params string[] lines)
    {
        var allowed = lines
            .Select(line => (line, verdict: ShellEvaluator.Decide(new ShellAction(line, "/srv/project"), WideShellGrant.Policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork)))
            .Where(decided => decided.verdict.Outcome != DecisionOutcome.Deny)
            .Select(decided => $"'{decided.line}' ({decided.verdict.Reason})")
            .ToList();

        Assert.True(allowed.Count == 0, "these run a guardrail program but were allowed: " + string.Join(", ", allowed));
    }
}
