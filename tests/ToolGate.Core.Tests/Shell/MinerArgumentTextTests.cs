using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Policies;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell;

/// <summary>
/// The miner argument text of <c>shell.yaml</c> against the mining scheme families and pools of <c>network.yaml</c>:
/// a shell command naming them is denied whatever it runs, and ordinary text that merely mentions a word is not.
/// </summary>
public class MinerArgumentTextTests
{
    private static readonly PolicySnapshot Snapshot = PolicySnapshot.Create(
        [TestGrants.Shell("s", ["curl *", "python *", "git *"])], OperatorSettings.Default, TestKnowledge.Shell, TestKnowledge.Network);

    [Theory]
    [InlineData("curl stratum+wss://pool.example.net:443")]
    [InlineData("python run.py -o STRATUM1+TLS://pool.example.net:443")]
    [InlineData("python run.py -o stratums://pool.example.net:443")]
    [InlineData("python run.py --url ethproxy+tcp://pool.example.net:8008")]
    [InlineData("curl -s https://auto.c3pool.org/")]
    [InlineData("git clone https://github.com/x/y --config remote.origin.url=https://xmrpool.net/")]
    public void Decide_MiningSchemeOrPoolInAnArgument_IsACriticalMinerHit(string command)
    {
        var verdict = DecisionEngine.Decide("agent", new ShellAction(command, null), Snapshot, TestGrants.Now);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("guardrail:shell.miner", verdict.Rule);
        Assert.Equal(Severity.Critical, verdict.Severity);
    }

    [Theory]
    [InlineData("curl https://registry.npmjs.org/stratum")]
    [InlineData("python run.py --layer stratum-2")]
    public void Decide_OrdinaryWords_AreNotMinerHits(string command)
    {
        Assert.True(DecisionEngine.Decide("agent", new ShellAction(command, null), Snapshot, TestGrants.Now).IsAllowed);
    }
}
