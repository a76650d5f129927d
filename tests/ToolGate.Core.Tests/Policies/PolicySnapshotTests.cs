using ToolGate.Core.Grants;
using ToolGate.Core.Policies;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Policies;

public class PolicySnapshotTests
{
    [Fact]
    public void Create_GroupsGrantsByAgent()
    {
        var snapshot = PolicySnapshot.Create(
            [
                TestGrants.Shell("a-shell", ["git log *"], agentId: "a"),
                TestGrants.Network("a-net", ["https://registry.npmjs.org"], agentId: "a"),
                TestGrants.Shell("b-shell", ["make test"], agentId: "b"),
            ],
            OperatorSettings.Default, TestKnowledge.Shell);

        Assert.Equal(3, snapshot.Grants.Length);
        Assert.True(snapshot.For("a").Shell.AllowByProgram.ContainsKey("git"));
        Assert.False(snapshot.For("a").Shell.AllowByProgram.ContainsKey("make"));
        Assert.Single(snapshot.For("a").Network.AllowByHost);
        Assert.True(snapshot.For("b").Shell.AllowByProgram.ContainsKey("make"));
        Assert.Empty(snapshot.For("b").Network.AllowByHost);
    }

    [Fact]
    public void For_UnknownAgent_IsTheEmptyPolicy()
    {
        var snapshot = PolicySnapshot.Create([TestGrants.Shell("a", ["git *"], agentId: "a")], OperatorSettings.Default, TestKnowledge.Shell);

        Assert.Same(AgentPolicy.Empty, snapshot.For("nobody"));
        Assert.Same(AgentPolicy.Empty, snapshot.For("A"));
    }

    [Fact]
    public void Create_KeepsGrantsAndSettings()
    {
        var grants = new Grant[] { TestGrants.Shell("1", ["git *"]), TestGrants.Compute("2", 1, 60, ["x"]) };
        var settings = new OperatorSettings();

        var snapshot = PolicySnapshot.Create(grants, settings, TestKnowledge.Shell, TestKnowledge.Network);

        Assert.Equal(grants, snapshot.Grants);
        Assert.Same(settings, snapshot.Settings);
        Assert.Same(TestKnowledge.Network, snapshot.NetworkKnowledge);
    }

    [Fact]
    public void Empty_HasNoGrantsAndDefaultSettings()
    {
        Assert.Empty(PolicySnapshot.Empty.Grants);
        Assert.Same(OperatorSettings.Default, PolicySnapshot.Empty.Settings);
        Assert.Same(AgentPolicy.Empty, PolicySnapshot.Empty.For("agent"));
    }
}
