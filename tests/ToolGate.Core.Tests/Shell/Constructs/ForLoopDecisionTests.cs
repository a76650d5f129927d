using ToolGate.Core.Decisions;
using ToolGate.Core.Shell.Constructs;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell.Constructs;

/// <summary>
/// <c>for</c> loops under a grant listing <c>for</c>: unrolled over static words, the variable substituted only where that
/// is exactly what bash would produce, every iteration judged as plain commands.
/// </summary>
public class ForLoopDecisionTests
{
    private static readonly string[] Commands = ["echo *", "ls *", "head *", "wc *"];

    [Theory]
    [InlineData("for f in a b; do head \"$f\"; done", "for{ head a; head b }")]
    [InlineData("for f in a b; do head ${f}; done", "for{ head a; head b }")]
    [InlineData("for f in 'a b' c; do head \"$f\"; done", "for{ head 'a b'; head c }")]
    [InlineData("for f in '*.txt'; do head \"$f\"; done", "for{ head *.txt }")]
    [InlineData("for n in {1..3}; do echo \"n=$n\"; done", "for{ echo n=1; echo n=2; echo n=3 }")]
    [InlineData("for f in a b; do head -n1 \"$f\" | wc -c && echo ok; done", "for{ head -n1 a | wc -c && echo ok; head -n1 b | wc -c && echo ok }")]
    [InlineData("for a in 1 2; do for b in x y; do echo $a$b; done; done", "for{ for{ echo 1x; echo 1y }; for{ echo 2x; echo 2y } }")]
    [InlineData("for x in a; do for x in b; do echo $x; done; echo $x; done", "for{ for{ echo b }; echo a }")]
    [InlineData("for x in a b; do for y in $x-1 \"$x 2\"; do echo \"$y\"; done; done", "for{ for{ echo a-1; echo 'a 2' }; for{ echo b-1; echo 'b 2' } }")]
    [InlineData("for f in a; do head \"$f\"*; done", "for{ head glob:a* }")]
    [InlineData("for x in ''; do echo \"$x\"; done", "for{ echo '' }")]
    [InlineData("for x in; do echo; done; echo after", "for{  }; echo after")]
    [InlineData("for p in ls echo; do $p -l; done", "for{ ls -l; echo -l }")]
    public void Decide_LoopOverStaticWords_IsUnrolledIntoThePlan(string command, string plan)
    {
        var verdict = Decide(command);

        Assert.True(verdict.IsAllowed, verdict.Reason);
        Assert.Equal(plan, PlanText.Of(verdict.ShellPlan!));
    }

    [Theory]
    [InlineData("for f in 'a b'; do head $f; done", "unsupported shell construct: loop 'for' value 'a b' in unquoted '$f' would be split into words or expanded as a pattern (quote it: \"$f\")")]
    [InlineData("for f in '*.txt'; do head $f; done", "unsupported shell construct: loop 'for' value '*.txt' in unquoted '$f' would be split into words or expanded as a pattern (quote it: \"$f\")")]
    [InlineData("for f in 'a\\b'; do head ${f}; done", "unsupported shell construct: loop 'for' value 'a\\b' in unquoted '${f}' would be split into words or expanded as a pattern (quote it: \"${f}\")")]
    [InlineData("for x in ''; do echo $x; done", "unsupported shell construct: loop 'for' value '' in unquoted '$x' would vanish (quote it: \"$x\")")]
    [InlineData("for f in *.txt; do head \"$f\"; done", "unsupported shell construct: loop 'for' over the pattern '*.txt' (its words are known only when the tool runs)")]
    [InlineData("for n in {1..64} x; do echo $n; done", "unsupported shell construct: loop 'for' over more than 64 words")]
    [InlineData("for a in {1..40}; do for b in {1..40}; do echo $a$b; done; done", "unsupported shell construct: loops that unroll to more than 1024 commands")]
    [InlineData("for x; do echo \"$x\"; done", "unsupported shell construct: loop 'for x' over the positional parameters (only a loop over static words is unrolled)")]
    [InlineData("for ((i = 0; i < 3; i++)); do echo; done", "unsupported shell construct: arithmetic loop 'for ((…))' (only a loop over static words is unrolled)")]
    [InlineData("select x in a b; do echo \"$x\"; done", "unsupported shell construct: loop 'select' (it reads its choice from stdin)")]
    [InlineData("for x in a; do echo \"$y\"; done", "unsupported shell construct: parameter expansion '$y'")]
    [InlineData("for x in a; do echo \"${x:-b}\"; done", "unsupported shell construct: parameter expansion '${x:-b}'")]
    [InlineData("for x in a; do echo; done; echo \"$x\"", "unsupported shell construct: parameter expansion '$x'")]
    [InlineData("for x in $(ls); do echo \"$x\"; done", "unsupported shell construct: command substitution '$(ls)'")]
    [InlineData("for x in a; do echo $((x + 1)); done", "unsupported shell construct: arithmetic expansion '$((x + 1))'")]
    public void Decide_LoopThatCannotBeUnrolledExactly_IsDeniedNamingWhy(string command, string reason)
    {
        var verdict = Decide(command);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Rules.UnsupportedShellConstruct, verdict.Rule);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(Severity.High, verdict.Severity);
    }

    [Fact]
    public void Decide_SixtyFourWords_IsTheLimitThatStillUnrolls()
    {
        var verdict = Decide("for n in {1..64}; do echo \"$n\"; done");

        Assert.True(verdict.IsAllowed, verdict.Reason);
        Assert.Equal(64, ((Core.Shell.ShellPlanBlock)verdict.ShellPlan!.Steps.Single().Commands.Single().Node!).Body.Steps.Length);
    }

    [Fact]
    public void Decide_SubstitutedValueInCommandPosition_IsJudgedAsTheProgram()
    {
        var verdict = Decide("for p in echo 'ssh'; do \"$p\" -R 9000:127.0.0.1:22 a@198.51.100.7; done");

        Assert.Equal("guardrail:shell.tunnel", verdict.Rule);
        Assert.Equal(Severity.Critical, verdict.Severity);
    }

    [Fact]
    public void Decide_SubstitutedValueIsPathChecked()
    {
        var grant = TestGrants.Shell("g", ["head *"], paths: ["/srv/project/**"], constructs: [ShellConstructs.For]);

        var verdict = ShellConstructDecisionTests.Decide("for f in README.md ../../etc/passwd; do head \"$f\"; done", grant);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("argument '../../etc/passwd' resolves to '/etc/passwd', outside the granted paths", verdict.Reason);
    }

    private static Verdict Decide(string command) =>
        ShellConstructDecisionTests.Decide(command, TestGrants.Shell("g", Commands, constructs: [ShellConstructs.For]));
}
