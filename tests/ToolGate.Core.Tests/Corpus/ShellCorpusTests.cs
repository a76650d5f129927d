using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Policies;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Corpus;

/// <summary>Every row of <c>shell.tsv</c> through <see cref="DecisionEngine.Decide"/>, with the grant its README describes.</summary>
public class ShellCorpusTests
{
    private const string Agent = "builder";
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
        ],
        OperatorSettings.Default, TestKnowledge.Shell);

    public static TheoryData<string, string, string> Rows() => ToTheoryData(AllRows());

    [Theory]
    [MemberData(nameof(Rows))]
    public void Decide_CorpusRow_IsDecidedAsExpected(string command, string expected, string why)
    {
        var verdict = DecisionEngine.Decide(Agent, new ShellAction(command, Cwd), Snapshot, TestGrants.Now);

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
    }

    [Fact]
    public void Corpus_HasAllowAndDenyRows()
    {
        var rows = AllRows();

        Assert.Contains(rows, r => r.ExpectsAllow);
        Assert.Contains(rows, r => !r.ExpectsAllow);
        Assert.Contains(rows, r => r.Input.Contains('\n', StringComparison.Ordinal));
    }

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
}
