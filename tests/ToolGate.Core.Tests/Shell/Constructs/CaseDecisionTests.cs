using ToolGate.Core.Decisions;
using ToolGate.Core.Shell.Constructs;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell.Constructs;

/// <summary>
/// <c>case</c> under a grant listing <c>case</c>: resolved on its static word; the arms that run are judged and planned,
/// the others judged for guardrails only.
/// </summary>
public class CaseDecisionTests
{
    private static readonly string[] Commands = ["echo *", "ls *"];

    [Theory]
    [InlineData("case b in a) echo A;; b|c) echo B;; *) echo D;; esac", "case{ echo B }")]
    [InlineData("case zz in a) echo A;; *) echo D;; esac", "case{ echo D }")]
    [InlineData("case 'x y' in x*y) echo star;; esac", "case{ echo star }")]
    [InlineData("case '*' in '*') echo quoted;; *) echo any;; esac", "case{ echo quoted }")]
    [InlineData("case 'a.txt' in *.md) echo md;; *.txt) echo txt;; esac", "case{ echo txt }")]
    [InlineData("case b7 in [a-c][0-9]) echo range;; esac", "case{ echo range }")]
    [InlineData("case d in [!a-c]) echo not;; esac", "case{ echo not }")]
    [InlineData("case Q in [[:upper:]]) echo upper;; esac", "case{ echo upper }")]
    [InlineData("case ab in ?) echo one;; ??) echo two;; esac", "case{ echo two }")]
    [InlineData("case a in a) echo A ;& b) echo B ;; c) echo C;; esac", "case{ echo A; echo B }")]
    [InlineData("case a in a) echo A ;;& b) echo B ;; a*) echo A2;; esac", "case{ echo A; echo A2 }")]
    [InlineData("case a in a) echo A;; b) rm -rf /;; esac", "case{ echo A }")]
    [InlineData("case z in a) echo A;; esac; echo after", "case{  }; echo after")]
    [InlineData("for x in a b; do case \"$x\" in a) echo is-a;; *) ls \"$x\";; esac; done", "for{ case{ echo is-a }; case{ ls b } }")]
    public void Decide_CaseOnAStaticWord_PlansOnlyTheArmsThatRun(string command, string plan)
    {
        var verdict = Decide(command, ShellConstructs.For);

        Assert.True(verdict.IsAllowed, verdict.Reason);
        Assert.Equal(plan, PlanText.Of(verdict.ShellPlan!));
    }

    [Theory]
    [InlineData("case $1 in a) echo;; esac", "unsupported shell construct: parameter expansion '$1'")]
    [InlineData("case a in $p) echo;; esac", "unsupported shell construct: parameter expansion '$p'")]
    [InlineData("case ~ in a) echo;; esac", "unsupported shell construct: tilde expansion '~'")]
    [InlineData("case a in [[=a=]]) echo;; esac", "unsupported shell construct: case pattern '[[=a=]]' has a bracket expression ToolGate cannot match exactly")]
    [InlineData("for x in 'a*'; do case b in $x) echo;; esac; done", "unsupported shell construct: loop 'for' value 'a*' in unquoted '$x' would be matched as a pattern (quote it: \"$x\")")]
    public void Decide_CaseThatCannotBeResolved_IsDeniedNamingWhy(string command, string reason)
    {
        var verdict = Decide(command, ShellConstructs.For);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(Severity.High, verdict.Severity);
    }

    [Fact]
    public void Decide_CaseWhereNothingRuns_HasNoCommandToAllow()
    {
        var verdict = Decide("case z in a) echo A;; esac");

        Assert.False(verdict.IsAllowed);
        Assert.Equal("the command line contains no command", verdict.Reason);
    }

    [Fact]
    public void Decide_CommandInTheArmThatRuns_MustBeAllowed()
    {
        var verdict = Decide("case b in a) echo A;; b) rm x;; esac");

        Assert.Equal(Rules.DefaultDeny, verdict.Rule);
        Assert.Equal("no shell grant allows 'rm' with these arguments", verdict.Reason);
    }

    [Fact]
    public void Decide_QuotedLoopValueInAPattern_IsLiteral()
    {
        var verdict = Decide("for x in 'a*'; do case 'a*' in \"$x\") echo same;; esac; done", ShellConstructs.For);

        Assert.True(verdict.IsAllowed, verdict.Reason);
        Assert.Equal("for{ case{ echo same } }", PlanText.Of(verdict.ShellPlan!));
    }

    private static Verdict Decide(string command, params string[] constructs) =>
        ShellConstructDecisionTests.Decide(command, TestGrants.Shell("g", Commands, constructs: [ShellConstructs.Case, .. constructs]));
}
