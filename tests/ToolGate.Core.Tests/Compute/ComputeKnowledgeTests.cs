using ToolGate.Core.Compute;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Compute;

public class ComputeKnowledgeTests
{
    [Fact]
    public void Parse_ShippedFile_IsValid()
    {
        Assert.NotNull(ComputeKnowledge.Parse(TestKnowledge.ComputeYaml, out var errors));
        Assert.Empty(errors);
    }

    [Fact]
    public void Parse_InvalidEntries_ReportsEveryErrorWithItsField()
    {
        const string yaml = """
            miner:
              imageNames: [xmrig, "a/b"]
              options: [donate-level]
              poolOptions: ["-o="]
              wallets:
                loose: "[a-z]+"
                broken: "(("
            env:
              deniedNames: ["1X", LD_*]
            """;

        Assert.Null(ComputeKnowledge.Parse(yaml, out var errors));
        Assert.Equal(
            [
                "miner.imageNames[1]: 'a/b' is not a valid entry",
                "miner.options[0]: 'donate-level' is not a valid entry",
                "miner.poolOptions[0]: '-o=' is not a valid entry",
                "miner.wallets['loose']: matches the ordinary word 'python'; a wallet pattern must be specific",
                "env.deniedNames[0]: '1X' is not a variable name (or a prefix ending in '*')",
            ],
            errors.Where(e => !e.StartsWith("miner.wallets['broken']", StringComparison.Ordinal)));
        Assert.Contains(errors, e => e.StartsWith("miner.wallets['broken']: not a regular expression", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NoMinerImages_IsRefused()
    {
        Assert.Null(ComputeKnowledge.Parse("miner: { wallets: { eth: '0x[0-9a-f]{40}' } }", out var errors));
        Assert.Equal(["miner.imageNames must list at least one miner image name"], errors);
    }

    [Fact]
    public void Parse_YamlError_NamesTheLine()
    {
        Assert.Null(ComputeKnowledge.Parse("miner:\n  imageNames: [xmrig\n", out var errors));
        Assert.StartsWith("line ", Assert.Single(errors), StringComparison.Ordinal);
    }
}
