using System.Collections.Immutable;
using ToolGate.Core.Shell;

namespace ToolGate.Core.Tests.Shell;

public class ShellPatternTests
{
    [Fact]
    public void TryParse_TrailingStar_AllowsFurtherArguments()
    {
        var pattern = Parse("git diff *");

        Assert.Equal(["git", "diff"], pattern.Words.ToArray());
        Assert.True(pattern.AnyFurtherArguments);
        Assert.Equal("git", pattern.Program);
        Assert.Equal("git diff *", pattern.ToString());
    }

    [Fact]
    public void TryParse_NoStar_IsExact()
    {
        var pattern = Parse("make test");

        Assert.Equal(["make", "test"], pattern.Words.ToArray());
        Assert.False(pattern.AnyFurtherArguments);
    }

    [Fact]
    public void TryParse_StarGluedToAWord_IsALiteralWord()
    {
        var pattern = Parse("git diff*");

        Assert.False(pattern.AnyFurtherArguments);
        Assert.True(pattern.Matches(["git", "diff*"]));
        Assert.False(pattern.Matches(["git", "diffx"]));
    }

    [Theory]
    [InlineData("git * log", "'*' may only be the last word of a pattern")]
    [InlineData("* log", "'*' may only be the last word of a pattern")]
    [InlineData("*", "a pattern must name a program before '*'")]
    [InlineData("git log; ssh *", "unsupported shell construct ';' (command list)")]
    [InlineData("git log | wc *", "unsupported shell construct '|' (pipeline or || list)")]
    [InlineData("git log > out", "unsupported shell construct '>' (redirection)")]
    [InlineData("grep $HOME *", "unsupported shell construct '$' (parameter, arithmetic or command expansion)")]
    [InlineData("HOME=/tmp git *", "unsupported shell construct 'HOME=' (environment assignment before the command)")]
    [InlineData("", "empty command")]
    public void TryParse_InvalidPattern_FailsWithReason(string text, string expectedError)
    {
        Assert.False(ShellPattern.TryParse(text, out _, out var error));
        Assert.Equal(expectedError, error);
    }

    [Theory]
    [InlineData("make test", new[] { "make", "test" }, true)]
    [InlineData("make test", new[] { "make", "test", "VERBOSE=1" }, false)]
    [InlineData("make test", new[] { "make" }, false)]
    [InlineData("make test", new[] { "make", "install" }, false)]
    [InlineData("git diff *", new[] { "git", "diff" }, true)]
    [InlineData("git diff *", new[] { "git", "diff", "a", "b" }, true)]
    [InlineData("git diff *", new[] { "git" }, false)]
    [InlineData("git diff *", new[] { "git", "log" }, false)]
    [InlineData("git diff *", new[] { "git", "diffx" }, false)]
    [InlineData("git diff *", new[] { "Git", "diff" }, false)]
    [InlineData("git diff *", new[] { "/usr/bin/git", "diff" }, false)]
    [InlineData("grep *", new[] { "grep" }, true)]
    [InlineData("grep *", new[] { "grep", "-r", "x", "." }, true)]
    public void Matches_Argv_ComparesWordsExactly(string text, string[] argv, bool expected)
    {
        Assert.Equal(expected, Parse(text).Matches(ImmutableArray.Create(argv)));
    }

    [Fact]
    public void Matches_QuotedPatternWords_CompareAfterQuoteRemoval()
    {
        var pattern = Parse("grep 'a b' *");

        Assert.True(pattern.Matches(["grep", "a b", "src"]));
        Assert.False(pattern.Matches(["grep", "a", "b", "src"]));
    }

    private static ShellPattern Parse(string text)
    {
        Assert.True(ShellPattern.TryParse(text, out var pattern, out var error), error);
        Assert.Equal(string.Empty, error);
        return pattern;
    }
}
