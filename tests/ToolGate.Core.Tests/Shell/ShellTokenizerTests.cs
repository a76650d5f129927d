using System.Text;
using ToolGate.Core.Shell;

namespace ToolGate.Core.Tests.Shell;

public class ShellTokenizerTests
{
    [Theory]
    [InlineData("git log --oneline -20", new[] { "git", "log", "--oneline", "-20" })]
    [InlineData("  git   log  ", new[] { "git", "log" })]
    [InlineData("git\tlog", new[] { "git", "log" })]
    [InlineData("grep 'a b' src", new[] { "grep", "a b", "src" })]
    [InlineData("grep \"a b\" src", new[] { "grep", "a b", "src" })]
    [InlineData("grep a\\ b src", new[] { "grep", "a b", "src" })]
    [InlineData("grep 'a\\b' src", new[] { "grep", "a\\b", "src" })]
    [InlineData("grep \"a\\\"b\" src", new[] { "grep", "a\"b", "src" })]
    [InlineData("grep \"a\\\\b\" src", new[] { "grep", "a\\b", "src" })]
    [InlineData("grep \"a\\nb\" src", new[] { "grep", "a\\nb", "src" })]
    [InlineData("grep \"it's\" src", new[] { "grep", "it's", "src" })]
    [InlineData("grep 'say \"hi\"' src", new[] { "grep", "say \"hi\"", "src" })]
    [InlineData("grep '' src", new[] { "grep", "", "src" })]
    [InlineData("grep \"\" src", new[] { "grep", "", "src" })]
    [InlineData("grep \"a\tb\" src", new[] { "grep", "a\tb", "src" })]
    public void Tokenize_QuotingForms_RemovesQuotes(string command, string[] expected)
    {
        Assert.Equal(expected, Words(command));
    }

    [Theory]
    [InlineData("g''rep -r x .", "grep")]
    [InlineData("\"ss\"\"h\" host", "ssh")]
    [InlineData("g\"r\"'e'p x", "grep")]
    [InlineData("gr\\ep x", "grep")]
    [InlineData("'git' log", "git")]
    public void Tokenize_QuoteSplicing_JoinsIntoOneWord(string command, string program)
    {
        Assert.Equal(program, Words(command)[0]);
    }

    [Theory]
    [InlineData("git log # ; ssh a@198.51.100.7", new[] { "git", "log" })]
    [InlineData("git log #", new[] { "git", "log" })]
    [InlineData("git log#x", new[] { "git", "log#x" })]
    [InlineData("grep '#' src", new[] { "grep", "#", "src" })]
    [InlineData("grep \\# src", new[] { "grep", "#", "src" })]
    public void Tokenize_HashAtWordStart_StartsAComment(string command, string[] expected)
    {
        Assert.Equal(expected, Words(command));
    }

    [Fact]
    public void Tokenize_CommentFollowedByAnotherLine_IsRefused()
    {
        Assert.Equal("unsupported shell construct 'newline' (a second command line)", Error("git log # x\nssh a@198.51.100.7"));
    }

    [Theory]
    [InlineData("# only a comment")]
    [InlineData("   # indented comment")]
    public void Tokenize_OnlyAComment_IsEmpty(string command)
    {
        Assert.Equal("empty command", Error(command));
    }

    [Theory]
    [InlineData("git log; nc -lvp 9001", ";", "command list")]
    [InlineData("head x & autossh -N", "&", "background job or && list")]
    [InlineData("git log && wc -l x", "&", "background job or && list")]
    [InlineData("git log | bash", "|", "pipeline or || list")]
    [InlineData("git log || curl x", "|", "pipeline or || list")]
    [InlineData("wc -l < /etc/shadow", "<", "redirection")]
    [InlineData("head x > /srv/project/x", ">", "redirection")]
    [InlineData("(wc -l x)", "(", "subshell or substitution")]
    [InlineData("wc -l x)", ")", "subshell or substitution")]
    [InlineData("{ git log; }", "{", "brace group or brace expansion")]
    [InlineData("git log }", "}", "brace group or brace expansion")]
    [InlineData("grep x${IFS}/etc", "$", "parameter, arithmetic or command expansion")]
    [InlineData("grep x $(cat /etc/hostname)", "$", "parameter, arithmetic or command expansion")]
    [InlineData("$'\\163\\163\\150' host", "$", "parameter, arithmetic or command expansion")]
    [InlineData("wc -l `id`", "`", "command substitution")]
    [InlineData("grep -r x .\nssh host", "newline", "a second command line")]
    [InlineData("grep -r x .\rssh host", "newline", "a second command line")]
    public void Tokenize_OperatorOutsideQuotes_IsRefusedNamingTheConstruct(string command, string token, string construct)
    {
        Assert.Equal($"unsupported shell construct '{token}' ({construct})", Error(command));
    }

    [Fact]
    public void Tokenize_DollarInsideDoubleQuotes_IsRefused()
    {
        Assert.Equal(
            "unsupported shell construct '$' (parameter or command expansion inside double quotes)",
            Error("grep \"$HOME\" src"));
    }

    [Fact]
    public void Tokenize_BacktickInsideDoubleQuotes_IsRefused()
    {
        Assert.Equal(
            "unsupported shell construct '`' (command substitution inside double quotes)",
            Error("grep \"`id`\" src"));
    }

    [Theory]
    [InlineData("grep -r \"\\$HOME\" src", "$HOME")]
    [InlineData("grep -r \"\\`id\\`\" src", "`id`")]
    [InlineData("grep -r '$HOME' src", "$HOME")]
    [InlineData("grep -r \\$HOME src", "$HOME")]
    public void Tokenize_EscapedOrSingleQuotedExpansion_IsLiteral(string command, string pattern)
    {
        Assert.Equal(["grep", "-r", pattern, "src"], Words(command));
    }

    [Theory]
    [InlineData("grep -r 'a;b|c' src", "a;b|c")]
    [InlineData("grep -r \"a;b|c&d\" src", "a;b|c&d")]
    [InlineData("grep -r '<(x)>{y}' src", "<(x)>{y}")]
    [InlineData("grep -r \"<(x)>{y}\" src", "<(x)>{y}")]
    [InlineData("grep -r '$(id)' src", "$(id)")]
    [InlineData("grep -r a\\;b src", "a;b")]
    [InlineData("grep -r a\\|b src", "a|b")]
    public void Tokenize_OperatorInsideQuotesOrEscaped_IsLiteral(string command, string pattern)
    {
        Assert.Equal(["grep", "-r", pattern, "src"], Words(command));
    }

    [Theory]
    [InlineData("head ~root/.bashrc")]
    [InlineData("head ~/x")]
    [InlineData("head ~")]
    [InlineData("~/bin/tool")]
    public void Tokenize_TildeAtWordStart_IsRefused(string command)
    {
        Assert.Equal("unsupported shell construct '~' (tilde expansion)", Error(command));
    }

    [Theory]
    [InlineData("head a~b", "a~b")]
    [InlineData("head '~root'", "~root")]
    [InlineData("head \\~root", "~root")]
    public void Tokenize_TildeQuotedOrInsideWord_IsLiteral(string command, string argument)
    {
        Assert.Equal(["head", argument], Words(command));
    }

    [Theory]
    [InlineData("HOME=/tmp git log", "HOME=")]
    [InlineData("GIT_SSH_COMMAND='ssh -R 1:1:1 x' git log", "GIT_SSH_COMMAND=")]
    [InlineData("_x=1 git log", "_x=")]
    [InlineData("A1=\"b c\" git log", "A1=")]
    [InlineData("PATH=/tmp", "PATH=")]
    public void Tokenize_EnvironmentAssignmentPrefix_IsRefused(string command, string assignment)
    {
        Assert.Equal($"unsupported shell construct '{assignment}' (environment assignment before the command)", Error(command));
    }

    [Theory]
    [InlineData("git log --format=x=y", new[] { "git", "log", "--format=x=y" })]
    [InlineData("git -c a=b log", new[] { "git", "-c", "a=b", "log" })]
    [InlineData("make test VERBOSE=1", new[] { "make", "test", "VERBOSE=1" })]
    [InlineData("1X=2 git", new[] { "1X=2", "git" })]
    [InlineData("'A'=1 git", new[] { "A=1", "git" })]
    public void Tokenize_EqualsThatIsNotAnAssignmentPrefix_IsAnOrdinaryWord(string command, string[] expected)
    {
        Assert.Equal(expected, Words(command));
    }

    [Theory]
    [InlineData("grep 'abc src", "unterminated single quote")]
    [InlineData("grep \"abc src", "unterminated double quote")]
    [InlineData("grep \"abc\\\" src", "unterminated double quote")]
    [InlineData("grep abc\\", "trailing backslash")]
    [InlineData("git log \\\nssh host", "unsupported shell construct '\\newline' (line continuation)")]
    [InlineData("grep \"a\\\nb\" src", "unsupported shell construct '\\newline' (line continuation)")]
    public void Tokenize_UnterminatedQuoteOrEscape_IsRefused(string command, string error)
    {
        Assert.Equal(error, Error(command));
    }

    [Theory]
    [InlineData("grep a\u0007b src", "control character U+0007 in command")]
    [InlineData("grep a\u0000b src", "control character U+0000 in command")]
    [InlineData("grep \u001b[31m src", "control character U+001B in command")]
    [InlineData("grep \"a\u001bb\" src", "control character U+001B in command")]
    [InlineData("grep \"a\u007fb\" src", "control character U+007F in command")]
    [InlineData("grep \"a\nb\" src", "control character U+000A in command")]
    public void Tokenize_ControlCharacter_IsRefused(string command, string error)
    {
        Assert.Equal(error, Error(command));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t \t")]
    public void Tokenize_EmptyOrWhitespace_IsRefused(string? command)
    {
        Assert.Equal("empty command", Error(command));
    }

    [Fact]
    public void Tokenize_LongerThanLimit_IsRefused()
    {
        var command = "grep " + new string('a', ShellTokenizer.MaxCommandLength - 4);
        Assert.Equal(ShellTokenizer.MaxCommandLength + 1, command.Length);
        Assert.Equal("command longer than 16384 characters", Error(command));
    }

    [Fact]
    public void Tokenize_ExactlyAtLimit_IsAccepted()
    {
        var command = "grep " + new string('a', ShellTokenizer.MaxCommandLength - 5);
        Assert.Equal(ShellTokenizer.MaxCommandLength, command.Length);
        Assert.Equal(2, Words(command).Length);
    }

    [Fact]
    public void Tokenize_AdversarialQuoteRunAtLimit_IsLinear()
    {
        // 16 KiB of alternating empty quotes: one pass, one (empty) word.
        var builder = new StringBuilder("grep ");
        while (builder.Length + 2 <= ShellTokenizer.MaxCommandLength)
        {
            builder.Append("''");
        }

        Assert.Equal(["grep", ""], Words(builder.ToString()));
    }

    [Fact]
    public void Tokenize_RandomInput_NeverThrowsAndIsWordsXorError()
    {
        const string Specials = "'\"\\ \t\n\r;&|<>(){}$`~#=*?[]!\0\u001b\u00e9\u3000";
        var alphabet = Enumerable.Range(0x20, 0x5f).Select(c => (char)c).Concat(Specials).ToArray();
        var random = new Random(20250601);

        for (var n = 0; n < 5000; n++)
        {
            var length = random.Next(0, 48);
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var command = new string(chars);
            var tokens = ShellTokenizer.Tokenize(command);

            if (tokens.IsValid)
            {
                Assert.NotEmpty(tokens.Words);
                Assert.Equal(tokens.Words.ToArray(), ShellTokenizer.Tokenize(Requote(tokens.Words)).Words.ToArray());
            }
            else
            {
                Assert.Empty(tokens.Words);
                Assert.False(string.IsNullOrEmpty(tokens.Error), $"no error text for invalid input '{command}'");
            }
        }
    }

    // Single-quotes every word so the shell (and the tokenizer) would read back exactly these words.
    private static string Requote(IEnumerable<string> words) =>
        string.Join(' ', words.Select(w => "'" + w.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    private static string[] Words(string command)
    {
        var tokens = ShellTokenizer.Tokenize(command);
        Assert.True(tokens.IsValid, $"expected a valid command, got: {tokens.Error}");
        Assert.Null(tokens.Error);
        return [.. tokens.Words];
    }

    private static string Error(string? command)
    {
        var tokens = ShellTokenizer.Tokenize(command);
        Assert.False(tokens.IsValid, $"expected a refusal, got words [{string.Join(", ", tokens.Words)}]");
        Assert.Empty(tokens.Words);
        return tokens.Error!;
    }
}
