using CsCheck;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;
using ToolGate.Core.Tests.Support;
using Xunit.Abstractions;

namespace ToolGate.Core.Tests.Network.Properties;

/// <summary>
/// Properties of the network decision (<see cref="DecisionEngine.Decide"/>) under an any-public-host grant
/// (<c>*</c>) plus the corpus grants, on generated destinations (<see cref="DestinationGens"/>):
/// <list type="number">
/// <item>deciding never throws and never ends in <see cref="Rules.DecisionError"/>;</item>
/// <item>a destination whose real host is in a blocked class, a loopback/metadata/pool name, with a mining
/// scheme or a CONNECT to a pool port (<see cref="BlockedDestinationOracle"/>) is never allowed;</item>
/// <item>an allowed destination is clean to the oracle as we parsed it and as <see cref="Uri"/> parses it,
/// and its canonical form parses to the same target and is allowed too.</item>
/// </list>
/// Case count: <see cref="FuzzBudget.Network"/>. A failure prints the shrunk destination and the seed.
/// </summary>
public class NetworkDecidePropertyTests(ITestOutputHelper output)
{
    private const string Agent = "fuzz";

    private static readonly PolicySnapshot Snapshot = PolicySnapshot.Create(
        [TestGrants.Network("wide", ["*", "https://registry.npmjs.org", "https://huggingface.co:443/api/", "*.githubusercontent.com:443"], agentId: Agent)],
        OperatorSettings.Default, TestKnowledge.Shell, TestKnowledge.Network);

    [Fact]
    public void Decide_BlockedDestinationsInEverySpelling_AreNeverAllowed() =>
        DestinationGens.Blocked.Sample(NeverAllowed, output.WriteLine, iter: FuzzBudget.Network.Share(50), print: Show);

    [Fact]
    public void Decide_MutatedDestinations_HoldTheProperties() =>
        DestinationGens.Mutated.Sample(HoldsTheProperties, output.WriteLine, iter: FuzzBudget.Network.Share(50), print: Show);

    /// <summary>The generators must reach allowed destinations and every kind of blocked one, or the properties prove little.</summary>
    [Fact]
    public void Generators_ReachAllowedAndBlockedDestinations()
    {
        var mutated = DestinationGens.Mutated.Array[3000].Single();
        var verdicts = mutated.Select(Decide).ToList();
        var blocked = DestinationGens.Blocked.Array[1000].Single().Select(Decide).ToList();

        // About 330 of 3000 are allowed (20 samples: 308 to 360); the bound leaves room for an unlucky sample.
        Assert.True(verdicts.Count(v => v.IsAllowed) >= 250, $"only {verdicts.Count(v => v.IsAllowed)} of 3000 mutated destinations are allowed");
        Assert.True(blocked.Count(v => v.Rule == NetworkGuardrails.AddressClassRule) >= 300, "too few blocked destinations reach the address-class guardrail");
        Assert.True(blocked.Count(v => v.Rule == NetworkGuardrails.MinerRule) >= 100, "too few blocked destinations reach the miner guardrail");
    }

    [Theory]
    [InlineData("http://0x7f.1/", true)]
    [InlineData("http://[::ffff:a9fe:a9fe]/", true)]
    [InlineData("http://[2002:a00:1::]/", true)]
    [InlineData("XMR.NanoPool.org.:443", true)]
    [InlineData("https://example.com/", false)]
    [InlineData("https://[2606:4700::1111]/", false)]
    public void Oracle_KnownHosts_AreJudgedAsExpected(string destination, bool blocked)
    {
        Assert.True(NetworkTarget.TryParse(destination, out var target, out _));
        Assert.Equal(blocked, BlockedDestinationOracle.Violation(target.Host, target.Port, target.IsAuthority) is not null);
    }

    private static void NeverAllowed(string destination)
    {
        var verdict = Decide(destination);
        Assert.NotEqual(Rules.DecisionError, verdict.Rule);
        Assert.False(verdict.IsAllowed, $"allowed ({verdict.Reason})");
    }

    private static void HoldsTheProperties(string destination)
    {
        var verdict = Decide(destination);
        Assert.NotEqual(Rules.DecisionError, verdict.Rule);
        if (!verdict.IsAllowed)
        {
            return;
        }

        Assert.True(NetworkTarget.TryParse(destination, out var target, out _), "allowed but not parseable");
        Assert.Null(BlockedDestinationOracle.Violation(target.Host, target.Port, target.IsAuthority));
        if (!target.IsAuthority && Uri.TryCreate(destination, UriKind.Absolute, out var uri) && uri.IdnHost.Length > 0)
        {
            Assert.Null(BlockedDestinationOracle.Violation(uri.IdnHost, uri.Port, isConnect: false));
        }

        // The explicit port (and escaped stray '%') can push a target at the length limit over it.
        var canonical = target.ToCanonicalString();
        if (canonical.Length > NetworkTarget.MaxLength)
        {
            return;
        }

        Assert.True(NetworkTarget.TryParse(canonical, out var again, out var error), $"canonical form '{canonical}' does not parse: {error}");
        Assert.Equal((target.Scheme, target.Host, target.Port, target.Path, target.Query), (again.Scheme, again.Host, again.Port, again.Path, again.Query));
        Assert.True(Decide(canonical).IsAllowed, $"canonical form '{canonical}' is not allowed");
    }

    private static Verdict Decide(string destination) =>
        DecisionEngine.Decide(Agent, new NetworkAction(destination), Snapshot, TestGrants.Now);

    private static string Show(string destination) =>
        string.Concat(destination.Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}
