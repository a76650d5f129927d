using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Policies;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Decisions;

public class DecisionEngineTests
{
    private static readonly ToolAction[] EveryKind =
    [
        new ShellAction("git log", "/srv/project"),
        new NetworkAction("https://registry.npmjs.org/left-pad"),
        new ComputeAction("registry.local/train:v1", null, 1, 60),
        new McpAction("files", McpOperation.CallTool, "read", System.Text.Json.JsonDocument.Parse("{}").RootElement),
    ];

    private static readonly PolicySnapshot AgentBOnly = PolicySnapshot.Create(
        [
            TestGrants.Shell("b-shell", ["git log *"], agentId: "b"),
            TestGrants.Network("b-net", ["https://registry.npmjs.org"], agentId: "b"),
            TestGrants.Compute("b-compute", 2, 3600, ["registry.local/train:*"], agentId: "b"),
        ],
        OperatorSettings.Default, TestKnowledge.Shell, TestKnowledge.Network, TestKnowledge.Compute);

    [Fact]
    public void Decide_AnotherAgentsGrants_NeverAllow()
    {
        Assert.All(EveryKind, action =>
        {
            var verdict = DecisionEngine.Decide("a", action, AgentBOnly, TestGrants.Now);

            Assert.False(verdict.IsAllowed);
            Assert.Equal(Rules.DefaultDeny, verdict.Rule);
        });
    }

    [Fact]
    public void Decide_AgentIdIsCaseSensitive()
    {
        Assert.False(DecisionEngine.Decide("B", EveryKind[0], AgentBOnly, TestGrants.Now).IsAllowed);
    }

    [Fact]
    public void Decide_OwnGrants_AllowShellNetworkAndCompute()
    {
        Assert.All(EveryKind[..3], action => Assert.True(DecisionEngine.Decide("b", action, AgentBOnly, TestGrants.Now).IsAllowed));
    }

    [Fact]
    public void Decide_McpAction_WithoutAnMcpGrant_IsDeniedByDefault()
    {
        var verdict = DecisionEngine.Decide("b", new McpAction("files", McpOperation.CallTool, "read", System.Text.Json.JsonDocument.Parse("{}").RootElement), AgentBOnly, TestGrants.Now);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Rules.DefaultDeny, verdict.Rule);
        Assert.Equal("no MCP grant for server 'files'", verdict.Reason);
    }

    [Fact]
    public void Decide_EmptySnapshot_DeniesEverything()
    {
        Assert.All(EveryKind, action =>
        {
            var verdict = DecisionEngine.Decide("b", action, PolicySnapshot.Empty, TestGrants.Now);

            // The empty snapshot has no guardrail data either: shell commands, network targets and compute jobs cannot even be judged.
            Assert.False(verdict.IsAllowed);
            Assert.Equal(action is McpAction ? Rules.DefaultDeny : Rules.DecisionError, verdict.Rule);
            Assert.Null(verdict.Grant);
        });
    }

    [Fact]
    public void Decide_UnknownActionKind_IsUnclassifiable()
    {
        var verdict = DecisionEngine.Decide("b", new UnknownAction(), AgentBOnly, TestGrants.Now);

        Assert.False(verdict.IsAllowed);
        Assert.Equal(Rules.Unclassifiable, verdict.Rule);
        Assert.Equal("unknown action kind 'UnknownAction'", verdict.Reason);
    }

    [Fact]
    public void Decide_EvaluatorFault_FailsClosed()
    {
        var verdict = DecisionEngine.Decide("b", new NetworkAction(null!), AgentBOnly, TestGrants.Now);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("decision-error", verdict.Rule);
        Assert.Equal("the action could not be decided (ArgumentNullException); denied", verdict.Reason);
        Assert.Equal(Severity.High, verdict.Severity);
        Assert.Null(verdict.Grant);
    }

    [Fact]
    public void Decide_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => DecisionEngine.Decide("b", null!, AgentBOnly, TestGrants.Now));
        Assert.Throws<ArgumentNullException>(() => DecisionEngine.Decide("b", EveryKind[0], null!, TestGrants.Now));
    }

    [Fact]
    public void Decide_Network_UsesTheSnapshotsOperatorSettings()
    {
        var grants = new[] { TestGrants.Network("local", ["http://[::1]:8080"]) };
        var opened = PolicySnapshot.Create(grants, new OperatorSettings { AllowedNetworks = [System.Net.IPNetwork.Parse("::1/128")] }, TestKnowledge.Shell, TestKnowledge.Network);
        var closed = PolicySnapshot.Create(grants, OperatorSettings.Default, TestKnowledge.Shell, TestKnowledge.Network);
        var action = new NetworkAction("http://[::1]:8080/");

        Assert.True(DecisionEngine.Decide("agent", action, opened, TestGrants.Now).IsAllowed);
        Assert.False(DecisionEngine.Decide("agent", action, closed, TestGrants.Now).IsAllowed);
    }

    private sealed record UnknownAction : ToolAction
    {
        public override Capability Capability => Capability.Mcp;

        public override string Target => "?";
    }
}
