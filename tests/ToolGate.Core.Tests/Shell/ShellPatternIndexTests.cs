using System.Collections.Immutable;
using ToolGate.Core.Actions;
using ToolGate.Core.Shell;
using ToolGate.Core.Tests.Support;

namespace ToolGate.Core.Tests.Shell;

public class ShellPatternIndexTests
{
    private static readonly string[] Patterns = ["git log *", "git *", "git status", "git log --oneline", "git", "git diff *", "git log"];

    [Theory]
    [InlineData("git")]
    [InlineData("git log")]
    [InlineData("git log --oneline")]
    [InlineData("git log -p x")]
    [InlineData("git status")]
    [InlineData("git push origin")]
    [InlineData("git --version")]
    public void For_Argv_IsEveryPatternThatCanMatch_InGrantOrder(string command)
    {
        var policy = ShellPolicy.Compile([.. Patterns.Select((p, i) => TestGrants.Shell($"g{i}", [p]))]);
        ImmutableArray<string> argv = [.. command.Split(' ')];

        var candidates = new List<ShellPattern>();
        foreach (var (pattern, _) in policy.AllowIndex["git"].For(argv))
        {
            candidates.Add(pattern);
        }

        var all = policy.AllowByProgram["git"].Select(p => p.Pattern).ToList();
        Assert.Equal(all.Where(p => p.Matches(argv)), candidates.Where(p => p.Matches(argv)));
        Assert.All(all.Except(candidates), p => Assert.False(p.Matches(argv)));
        Assert.Equal(candidates.OrderBy(all.IndexOf), candidates);
    }

    [Theory]
    [InlineData("git log *", "git *", "g0")]
    [InlineData("git *", "git log *", "g0")]
    public void Decide_FirstMatchingGrantInOrder_IsTheOneReported(string first, string second, string expectedGrant)
    {
        var policy = ShellPolicy.Compile([TestGrants.Shell("g0", [first]), TestGrants.Shell("g1", [second])]);

        var verdict = ShellEvaluator.Decide(new ShellAction("git log -1", "/srv"), policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);

        Assert.True(verdict.IsAllowed);
        Assert.Equal(expectedGrant, verdict.Grant!.Id);
        Assert.Equal($"command matches '{first}'", verdict.Reason);
    }

    [Fact]
    public void Decide_OneWordDenyAfterTwoWordAllow_StillDenies()
    {
        var policy = ShellPolicy.Compile([TestGrants.Shell("g0", ["git log *"]), TestGrants.Shell("g1", ["make"], deny: ["git *"])]);

        var verdict = ShellEvaluator.Decide(new ShellAction("git log -1", "/srv"), policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);

        Assert.False(verdict.IsAllowed);
        Assert.Equal("command matches deny pattern 'git *'", verdict.Reason);
    }
}
