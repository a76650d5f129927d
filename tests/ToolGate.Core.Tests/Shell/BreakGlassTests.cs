using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell;

public class BreakGlassTests
{
    private const string Tunnel = "ssh -N -L 5432:db.internal:5432 ops@bastion.example";

    private static ShellGrant BreakGlass(DateTimeOffset? expiresAt = null, string[]? classes = null) =>
        TestGrants.Shell("bg", [Tunnel], expiresAt: expiresAt ?? TestGrants.Now.AddHours(1)) with
        {
            BreakGlass = [.. classes ?? ["tunnel"]],
            Justification = "INC-1234: read replica migration",
        };

    [Fact]
    public void Decide_BreakGlassGrant_AllowsExactlyItsCommand_WithHighSeverityAndJustification()
    {
        var verdict = Decide(Tunnel, BreakGlass(), TestGrants.Shell("plain", ["ssh *"]));

        Assert.True(verdict.IsAllowed, verdict.Reason);
        Assert.Equal("grant:bg", verdict.Rule);
        Assert.Equal(Severity.High, verdict.Severity);
        Assert.Contains("break-glass (tunnel)", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("INC-1234", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh -N -R 9000:localhost:22 ops@bastion.example")]
    [InlineData("ssh -N -L 5432:db.internal:5432 ops@elsewhere.example")]
    public void Decide_OtherTunnels_StayCritical(string command)
    {
        var verdict = Decide(command, BreakGlass(), TestGrants.Shell("plain", ["ssh *"]));

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Severity.Critical, verdict.Severity);
    }

    [Fact]
    public void Decide_ExpiredBreakGlass_IsCritical()
    {
        var verdict = Decide(Tunnel, BreakGlass(expiresAt: TestGrants.Now.AddMinutes(-1)));

        Assert.Equal("guardrail:shell.tunnel", verdict.Rule);
    }

    [Fact]
    public void Decide_BreakGlassForAnotherClass_DoesNotCoverTheHit()
    {
        var verdict = Decide(Tunnel, BreakGlass(classes: ["miner"]));

        Assert.Equal("guardrail:shell.tunnel", verdict.Rule);
    }

    private static Verdict Decide(string command, params ShellGrant[] grants) =>
        ShellEvaluator.Decide(new ShellAction(command, "/srv/project"), ShellPolicy.Compile(grants), TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);
}
