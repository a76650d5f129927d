using ToolGate.Core.Shell.Constructs;
using ToolGate.Core.Shell.Syntax;
using ToolGate.Core.Tests.Shell.Syntax;

namespace ToolGate.Core.Tests.Shell.Constructs;

/// <summary>Case patterns matched as bash matches them (the expectations are bash's answers).</summary>
public class CasePatternTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "a/b.c", true)]
    [InlineData("a*", "abc", true)]
    [InlineData("a*", "ba", false)]
    [InlineData("*.txt", ".txt", true)]
    [InlineData("*a*b", "xxaxxb", true)]
    [InlineData("*a*b", "xxaxxbx", false)]
    [InlineData("?", "", false)]
    [InlineData("?", "é", true)]
    [InlineData("a?c", "abc", true)]
    [InlineData("'*'", "x", false)]
    [InlineData("'*'", "*", true)]
    [InlineData("\\?", "?", true)]
    [InlineData("\"a*\"*", "a*b", true)]
    [InlineData("[abc]", "b", true)]
    [InlineData("[abc]", "d", false)]
    [InlineData("[!abc]", "d", true)]
    [InlineData("[^abc]", "a", false)]
    [InlineData("[a-cx-z]", "y", true)]
    [InlineData("[]a]", "]", true)]
    [InlineData("[a-]", "-", true)]
    [InlineData("[[:digit:]][[:alpha:]]", "7q", true)]
    [InlineData("[[:space:]]", " ", true)]
    [InlineData("[[:punct:]]", "a", false)]
    public void Matches_AsBash(string pattern, string text, bool expected)
    {
        var parsed = CasePattern.TryParse(PatternWord(pattern), out var problem);

        Assert.Null(problem);
        Assert.Equal(expected, parsed!.Matches(text));
    }

    [Theory]
    [InlineData("$x", "case pattern '$x' is not static (parameter expansion '$x')")]
    [InlineData("[[=a=]]", "case pattern '[[=a=]]' has a bracket expression ToolGate cannot match exactly")]
    [InlineData("[[:nonsense:]]", "case pattern '[[:nonsense:]]' has a bracket expression ToolGate cannot match exactly")]
    [InlineData("[z-a]", "case pattern '[z-a]' has a bracket expression ToolGate cannot match exactly")]
    public void TryParse_PatternNotMatchedExactly_IsRefusedNamingIt(string pattern, string reason)
    {
        Assert.Null(CasePattern.TryParse(PatternWord(pattern), out var problem));
        Assert.Equal(reason, problem);
    }

    private static Word PatternWord(string pattern) =>
        Assert.Single(Assert.IsType<CaseClause>(ShellTree.Single($"case x in {pattern}) ;; esac")).Arms).Patterns.Single();
}
