using ToolGate.Core.Shell;

namespace ToolGate.Core.Tests.Shell.Constructs;

/// <summary>The plan of each construct (<see cref="ShellPlan.Build(string)"/> plans any construct; permitting it is the judge's question).</summary>
public class ShellPlanConstructTests
{
    [Theory]
    [InlineData("(ls; echo a) | wc -l", "( ls; echo a ) | wc -l")]
    [InlineData("{ ls; echo a; } 2>&1 | wc -l", "{ ls; echo a } 2>out | wc -l")]
    [InlineData("ls |& { wc -l; }", "ls 2>out | { wc -l }")]
    [InlineData("! { false; }", "! { false }")]
    [InlineData("if test -f a; then echo yes; elif test -d a; then echo dir; else echo no; fi", "if test -f a then echo yes elif test -d a then echo dir else echo no fi")]
    [InlineData("if a; then b; fi > /dev/null", "if a then b fi >null")]
    [InlineData("while test -f lock; do sleep 1; done", "while test -f lock do sleep 1 done")]
    [InlineData("until test -f done; do sleep 1; done && echo ready", "until test -f done do sleep 1 done && echo ready")]
    [InlineData("for x in a b; do echo \"$x\"; done", "for{ echo a; echo b }")]
    [InlineData("case b in a) echo A;; b) echo B;; esac", "case{ echo B }")]
    [InlineData("sleep 1 & echo now", "sleep 1 &; echo now")]
    [InlineData("a | b & c", "a | b &; c")]
    [InlineData("a && b & c", "{ a && b } &; c")]
    [InlineData("( (a; b) && { c; } ) || d", "( ( a; b ) && { c } ) || d")]
    public void Build_Construct_IsTheTreeTheToolRuns(string line, string plan)
    {
        Assert.Equal(plan, PlanText.Of(ShellPlan.Build(line)!));
    }

    [Fact]
    public void Build_FlatLine_HasNoNodesAndNoBackgroundSteps()
    {
        var plan = ShellPlan.Build("git log | head -5 && wc -l a")!;

        Assert.All(plan.Steps, s => Assert.False(s.Background));
        Assert.All(plan.Steps.SelectMany(s => s.Commands), c => Assert.Null(c.Node));
    }

    [Fact]
    public void Build_NestingUpToTheLimit_IsPlanned_AndOneDeeperIsRefusedWithTheReason()
    {
        var limit = string.Concat(Enumerable.Repeat("( ", ShellPlan.MaxNesting)) + "ls" + new string(')', ShellPlan.MaxNesting);
        var deeper = "( " + limit + ")";

        Assert.NotNull(ShellPlan.Build(limit));
        Assert.Null(ShellPlan.TryBuild(Syntax.ShellTree.Parse(deeper), resolutions: null, out var problem));
        Assert.Equal($"compound commands nested deeper than {ShellPlan.MaxNesting} cannot be run without a shell", problem);
    }

    [Theory]
    [InlineData("{ cat; } < a.txt")]
    [InlineData("{ cat; } <<< text")]
    [InlineData("f() { ls; }")]
    [InlineData("for ((;;)); do ls; done")]
    [InlineData("for f in *.txt; do ls; done")]
    [InlineData("case $x in a) ls;; esac")]
    public void Build_WhatAPlanCannotExpress_IsNull(string line)
    {
        Assert.Null(ShellPlan.Build(line));
    }
}
