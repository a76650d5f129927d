using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Policies;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Corpus;

/// <summary>Every row of <c>network.tsv</c> through <see cref="DecisionEngine.Decide"/>, with the grant its README describes.</summary>
public class NetworkCorpusTests
{
    private const string Agent = "builder";
    private const string AddressClassTag = "[ipclass]";

    /// <summary>Words in a row's reason that mark it as a mining row: denied by the miner guardrail, whatever the grant.</summary>
    private static readonly string[] MiningWords = ["mining", "stratum"];

    private static readonly PolicySnapshot Snapshot = SnapshotAllowing(
        "https://registry.npmjs.org", "https://huggingface.co:443/api/", "*.githubusercontent.com:443");

    private static readonly PolicySnapshot AnyPublicHost = SnapshotAllowing("*");

    /// <summary>Words that name an address class; a denial reason for an <c>[ipclass]</c> row must contain one.</summary>
    private static readonly string[] AddressClassWords =
    [
        "loopback", "private", "link-local", "metadata", "unique-local", "multicast", "broadcast", "reserved",
        "documentation", "benchmark", "Teredo", "unspecified", "carrier-grade", "IETF", "wire server", "credentials endpoint",
    ];

    public static TheoryData<string, string, string> Rows() => Data(AllRows());

    /// <summary>This repository's own variants of the corpus classes (<c>Corpus/Variants/network.tsv</c>).</summary>
    public static TheoryData<string, string, string> VariantRows() => Data(CorpusFile.ReadVariants("network.tsv"));

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decide_CorpusRow_IsDecidedAsExpected(string target, string expected, string why) => AssertDecided(target, expected, why);

    [Theory]
    [MemberData(nameof(VariantRows))]
    public void Decide_VariantRow_IsDecidedAsExpected(string target, string expected, string why) => AssertDecided(target, expected, why);

    private static TheoryData<string, string, string> Data(IEnumerable<CorpusRow> rows)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in rows)
        {
            data.Add(row.Input, row.Expected, row.Why);
        }

        return data;
    }

    private static void AssertDecided(string target, string expected, string why)
    {
        var verdict = DecisionEngine.Decide(Agent, new NetworkAction(target), Snapshot, TestGrants.Now);

        // A fault is denied too, but a crash is not a correct decision.
        Assert.NotEqual(Rules.DecisionError, verdict.Rule);
        if (expected == "allow")
        {
            Assert.True(verdict.IsAllowed, $"must be allowed ({why}) but was denied by {verdict.Rule}: {verdict.Reason}");
            return;
        }

        Assert.False(verdict.IsAllowed, $"must be denied ({why}) but was allowed: {verdict.Reason}");
        if (why.Contains(AddressClassTag, StringComparison.Ordinal))
        {
            var anyHost = DecisionEngine.Decide(Agent, new NetworkAction(target), AnyPublicHost, TestGrants.Now);
            Assert.False(anyHost.IsAllowed, $"must be denied even under an any-public-host grant ({why}): {anyHost.Reason}");
            Assert.Equal("guardrail:network.address-class", anyHost.Rule);
            Assert.True(
                AddressClassWords.Any(word => anyHost.Reason.Contains(word, StringComparison.OrdinalIgnoreCase)),
                $"reason must name the address class ({why}): {anyHost.Reason}");
        }

        if (MiningWords.Any(word => why.Contains(word, StringComparison.OrdinalIgnoreCase)))
        {
            var anyHost = DecisionEngine.Decide(Agent, new NetworkAction(target), AnyPublicHost, TestGrants.Now);
            Assert.Equal("guardrail:network.miner", anyHost.Rule);
            Assert.Equal(Severity.Critical, anyHost.Severity);
        }
    }

    [Fact]
    public void Corpus_HasAllowDenyAndAddressClassRows()
    {
        var rows = AllRows();

        Assert.Contains(rows, r => r.ExpectsAllow);
        Assert.Contains(rows, r => !r.ExpectsAllow);
        Assert.Contains(rows, r => r.Why.Contains(AddressClassTag, StringComparison.Ordinal));
    }

    private static PolicySnapshot SnapshotAllowing(params string[] allow) => PolicySnapshot.Create(
        [new NetworkGrant { Id = "builder-network", AgentId = Agent, Source = GrantSources.Api, Allow = [.. allow] }],
        OperatorSettings.Default, TestKnowledge.Shell, TestKnowledge.Network);

    private static IReadOnlyList<CorpusRow> AllRows() => CorpusFile.Read("network.tsv");
}
