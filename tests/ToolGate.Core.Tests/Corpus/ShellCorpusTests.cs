using System.Text.RegularExpressions;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Policies;
using ToolGate.Core.Tests.Shell.Properties;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Corpus;

/// <summary>
/// Every row of <c>shell.tsv</c> through <see cref="DecisionEngine.Decide"/>, with the grant its README describes; and
/// this repository's variants of the same classes (<c>Corpus/Variants/shell.tsv</c>), whose reason may carry tags:
/// <c>[wide]</c> the row is denied even under a grant of every program with any arguments (<see cref="WideShellGrant"/>),
/// so a guardrail or program knowledge holds it, not the narrow grant; <c>[rule X]</c> that denial's rule is X;
/// <c>[names X]</c> the corpus grant's denial reason names X (any case); <c>[wide-allow]</c> the wide grant allows it.
/// </summary>
public partial class ShellCorpusTests
{
    private const string Agent = "builder";
    private const string WideAgent = "wide";
    private const string Cwd = "/srv/project";

    private static readonly PolicySnapshot Snapshot = PolicySnapshot.Create(
        [
            new ShellGrant
            {
                Id = "builder-shell",
                AgentId = Agent,
                Source = GrantSources.Api,
                Allow = ["git log *", "git show *", "grep *", "head *", "wc *", "make test"],
                Paths = ["/srv/project/**"],
            },
            new ShellGrant
            {
                Id = "wide-shell",
                AgentId = WideAgent,
                Source = GrantSources.Api,
                Allow = [.. WideShellGrant.Programs.Select(p => p + " *"), .. WideShellGrant.Programs],
            },
        ],
        OperatorSettings.Default, TestKnowledge.Shell, TestKnowledge.Network);

    public static TheoryData<string, string, string> Rows() => ToTheoryData(AllRows());

    /// <summary>This repository's own variants of the corpus classes (<c>Corpus/Variants/shell.tsv</c>).</summary>
    public static TheoryData<string, string, string> VariantRows() => ToTheoryData(CorpusFile.ReadVariants("shell.tsv", unescapeNewlines: true));

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decide_CorpusRow_IsDecidedAsExpected(string command, string expected, string why) => AssertDecided(command, expected, why);

    [Theory]
    [MemberData(nameof(VariantRows))]
    public void Decide_VariantRow_IsDecidedAsExpected(string command, string expected, string why)
    {
        var verdict = AssertDecided(command, expected, why);
        foreach (Match tag in Tag().Matches(why))
        {
            var (name, value) = (tag.Groups["name"].Value, tag.Groups["value"].Value);
            switch (name)
            {
                case "names":
                    Assert.True(verdict.Reason.Contains(value, StringComparison.OrdinalIgnoreCase), $"reason must name '{value}' ({why}): {verdict.Reason}");
                    break;
                case "wide":
                    var wide = Decide(WideAgent, command);
                    Assert.False(wide.IsAllowed, $"must be denied even when every program is granted ({why}): {wide.Reason}");
                    Assert.NotEqual(Rules.DefaultDeny, wide.Rule);
                    break;
                case "rule":
                    Assert.Equal(value, Decide(WideAgent, command).Rule);
                    break;
                case "wide-allow":
                    var allowed = Decide(WideAgent, command);
                    Assert.True(allowed.IsAllowed, $"must be allowed when every program is granted ({why}) but was denied by {allowed.Rule}: {allowed.Reason}");
                    break;
                default:
                    Assert.Fail($"unknown tag '[{name}]' in '{why}'");
                    break;
            }
        }
    }

    [Fact]
    public void Corpus_HasAllowAndDenyRows()
    {
        var rows = AllRows();

        Assert.Contains(rows, r => r.ExpectsAllow);
        Assert.Contains(rows, r => !r.ExpectsAllow);
        Assert.Contains(rows, r => r.Input.Contains('\n', StringComparison.Ordinal));
    }

    private static Verdict AssertDecided(string command, string expected, string why)
    {
        var verdict = Decide(Agent, command);

        // A fault is denied too, but a crash is not a correct decision.
        Assert.NotEqual(Rules.DecisionError, verdict.Rule);
        if (expected == "deny")
        {
            Assert.False(verdict.IsAllowed, $"must be denied ({why}) but was allowed: {verdict.Reason}");
            Assert.Null(verdict.Grant);
        }
        else
        {
            Assert.True(verdict.IsAllowed, $"must be allowed ({why}) but was denied by {verdict.Rule}: {verdict.Reason}");
        }

        return verdict;
    }

    private static Verdict Decide(string agent, string command) =>
        DecisionEngine.Decide(agent, new ShellAction(command, Cwd), Snapshot, TestGrants.Now);

    private static IReadOnlyList<CorpusRow> AllRows() => CorpusFile.Read("shell.tsv", unescapeNewlines: true);

    private static TheoryData<string, string, string> ToTheoryData(IEnumerable<CorpusRow> rows)
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in rows)
        {
            data.Add(row.Input, row.Expected, row.Why);
        }

        return data;
    }

    [GeneratedRegex(@"\[(?<name>[a-z-]+)(?: (?<value>[^\]]+))?\]")]
    private static partial Regex Tag();
}
