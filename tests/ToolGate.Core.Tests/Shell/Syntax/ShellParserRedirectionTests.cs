using ToolGate.Core.Shell.Syntax;
using static ToolGate.Core.Tests.Shell.Syntax.ShellTree;

namespace ToolGate.Core.Tests.Shell.Syntax;

/// <summary>Redirections and here-documents.</summary>
public class ShellParserRedirectionTests
{
    [Theory]
    [InlineData("cat < in", null, "<", "in")]
    [InlineData("cat > out", null, ">", "out")]
    [InlineData("cat >> out", null, ">>", "out")]
    [InlineData("cat >| out", null, ">|", "out")]
    [InlineData("cat 3<> f", 3, "<>", "f")]
    [InlineData("cat 0<&3", 0, "<&", "3")]
    [InlineData("cat 2>&1", 2, ">&", "1")]
    [InlineData("cat >&-", null, ">&", "-")]
    [InlineData("cat &> all", null, "&>", "all")]
    [InlineData("cat &>> all", null, "&>>", "all")]
    [InlineData("cat <<< 'a b'", null, "<<<", "a b")]
    [InlineData("cat 12>x", 12, ">", "x")]
    [InlineData("cat >\\\nx", null, ">", "x")]
    [InlineData("cat <~/f", null, "<", "«~»/f")]
    public void Parse_Redirection_HasDescriptorOperatorAndTarget(string input, int? descriptor, string op, string target)
    {
        var command = SingleSimple(input);

        Assert.Equal(["cat"], Argv(command));
        var redirection = Assert.Single(command.Redirections);
        Assert.Equal((descriptor, op, target), (redirection.FileDescriptor, redirection.Operator, WordText(redirection.Target)));
    }

    [Fact]
    public void Parse_DigitsSeparatedFromOperator_AreAnArgument()
    {
        var command = SingleSimple("echo 2 >x");

        Assert.Equal(["echo", "2"], Argv(command));
        Assert.Null(command.Redirections.Single().FileDescriptor);
    }

    [Fact]
    public void Parse_NamedDescriptor_IsAVariable()
    {
        var redirection = SingleSimple("exec {fd}<>/dev/tcp/1.2.3.4/80").Redirections.Single();

        Assert.Equal(("fd", "<>"), (redirection.FileDescriptorVariable, redirection.Operator));
    }

    [Fact]
    public void Parse_RedirectionsAnywhere_KeepTheirOrder()
    {
        var command = SingleSimple(">out A=1 <in cmd 2>err arg");

        Assert.Equal(["A"], command.Assignments.Select(a => a.Name));
        Assert.Equal(["cmd", "arg"], Argv(command));
        Assert.Equal(["out", "in", "err"], command.Redirections.Select(r => WordText(r.Target)));
    }

    [Fact]
    public void Parse_RedirectionOnly_IsACommandWithoutWords()
    {
        var command = SingleSimple("> /tmp/x");

        Assert.Empty(command.Words);
        Assert.Single(command.Redirections);
    }

    [Theory]
    [InlineData("cat >", "expected a word after '>' at 4")]
    [InlineData("cat > ;", "expected a word after '>' at 4")]
    [InlineData("cat <<", "expected a word after '<<' at 4")]
    [InlineData("cat 99999999999>x", "file descriptor '99999999999' out of range at 4")]
    public void Parse_RedirectionWithoutTarget_IsRefused(string input, string error)
    {
        Assert.Equal(error, Error(input));
    }

    [Theory]
    [InlineData("cat <<EOF\nhello\n  world\nEOF\n", "hello\n  world\n", false)]
    [InlineData("cat <<'EOF'\nhello $x\nEOF\n", "hello $x\n", true)]
    [InlineData("cat <<\"EOF\"\nhello\nEOF", "hello\n", true)]
    [InlineData("cat <<\\EOF\nhello\nEOF", "hello\n", true)]
    [InlineData("cat <<E\"O\"F\nhello\nEOF", "hello\n", true)]
    [InlineData("cat <<-EOF\n\t\thello\n\tEOF\n", "hello\n", false)]
    [InlineData("cat <<EOF\nEOF", "", false)]
    [InlineData("cat <<''\nhello\n\n", "hello\n", true)]
    [InlineData("cat <<EOF\n EOF\nEOF \nEOF", " EOF\nEOF \n", false)]
    public void Parse_HereDocument_ReadsTheBody(string input, string body, bool quoted)
    {
        var redirection = SingleSimple(input).Redirections.Single();

        Assert.Equal((body, quoted), (redirection.HereDocument, redirection.HereDocumentQuoted));
    }

    [Fact]
    public void Parse_UnquotedHereDocument_JoinsContinuedLinesBeforeLookingForTheDelimiter()
    {
        // bash ends this here-document at "EO\<newline>F" and runs the next line.
        const string Input = "cat <<EOF\nEO\\\nF\necho INJECTED\nEOF\n";

        Assert.Equal(["cat", "echo", "EOF"], Programs(Input));
        Assert.Equal(string.Empty, SimpleCommands(Parse(Input)).First().Redirections.Single().HereDocument);
    }

    [Theory]
    [InlineData("cat <<'EOF'\nEO\\\nF\necho x\nEOF\n", "EO\\\nF\necho x\n")]
    [InlineData("cat <<EOF\nab\\\\\nEOF\n", "ab\\\\\n")]
    [InlineData("cat <<EOF\nab\\\ncd\nEOF\n", "abcd\n")]
    [InlineData("cat <<-EOF\n\tEO\\\n\tF\n\tEOF\n", "EO\tF\n")]
    public void Parse_HereDocumentContinuations_FollowBash(string input, string body)
    {
        Assert.Equal(body, SingleSimple(input).Redirections.Single().HereDocument);
    }

    [Fact]
    public void Parse_HereDocument_CommandContinuesAfterTheBody()
    {
        var items = Parse("cat <<EOF | grep x\nbody\nEOF\nssh a@x").Items;

        Assert.Equal(2, items.Length);
        var pipeline = items[0].Command.Pipelines.Single();
        Assert.Equal("body\n", Assert.IsType<SimpleCommand>(pipeline.Commands[0]).Redirections.Single().HereDocument);
        Assert.Equal(["grep", "x"], Argv(Assert.IsType<SimpleCommand>(pipeline.Commands[1])));
        Assert.Equal(["ssh", "a@x"], Argv(Assert.IsType<SimpleCommand>(items[1].Command.Pipelines.Single().Commands.Single())));
    }

    [Fact]
    public void Parse_SeveralHereDocumentsOnALine_AreReadInOrder()
    {
        var items = Parse("cat <<A <<-B; cat <<'C'\na\nA\n\tb\nB\nc $x\nC\n").Items;

        var first = SimpleCommands(items[0].Command.Pipelines[0].Commands[0]).Single().Redirections;
        var second = SimpleCommands(items[1].Command.Pipelines[0].Commands[0]).Single().Redirections;
        Assert.Equal(["a\n", "b\n"], first.Select(r => r.HereDocument));
        Assert.Equal("c $x\n", second.Single().HereDocument);
    }

    [Fact]
    public void Parse_HereDocumentOnCompoundCommand_GetsItsBody()
    {
        var loop = Assert.IsType<WhileClause>(Single("while read l; do echo $l; done <<EOF\nx\nEOF"));

        Assert.Equal("x\n", loop.Redirections.Single().HereDocument);
    }

    [Fact]
    public void Parse_HereDocumentInsideCommandSubstitution_GetsItsBody()
    {
        var part = Assert.IsType<CommandSubstitutionPart>(SingleSimple("echo $(cat <<EOF\ninner\nEOF\n)").Words[1].Parts.Single());

        Assert.Equal("inner\n", SimpleCommands(part.Body!).Single().Redirections.Single().HereDocument);
    }

    [Fact]
    public void Parse_NewlineInsideSubstitution_LeavesTheLinesHereDocumentForAfterTheLine()
    {
        var items = Parse("cat <<EOF; echo $(echo a\necho b) $(cat <<X\nx\nX\n)\nbody\nEOF\n").Items;

        Assert.Equal("body\n", SimpleCommands(items[0].Command.Pipelines[0].Commands[0]).Single().Redirections.Single().HereDocument);
        var echo = SimpleCommands(items[1].Command.Pipelines[0].Commands[0]).Single();
        var inner = Assert.IsType<CommandSubstitutionPart>(echo.Words[2].Parts.Single());
        Assert.Equal("x\n", SimpleCommands(inner.Body!).Single().Redirections.Single().HereDocument);
    }

    [Fact]
    public void Parse_UnquotedHereDocument_HasExpansionParts()
    {
        var redirection = SingleSimple("cat <<EOF\na $HOME \\$x \"q\" `id`\nEOF").Redirections.Single();

        Assert.Equal(
            [new LiteralPart("a ", true), new ParameterPart("$HOME", true), new LiteralPart(" $x \"q\" ", true)],
            redirection.HereDocumentParts[..3].ToArray());
        Assert.True(Assert.IsType<CommandSubstitutionPart>(redirection.HereDocumentParts[3]).Backquoted);
    }

    [Theory]
    [InlineData("cat <<EOF\nhello\n", "here-document delimiter 'EOF' not found for '<<' at 4")]
    [InlineData("cat <<EOF", "here-document delimiter 'EOF' not found for '<<' at 4")]
    [InlineData("cat <<EOF\nhello\n EOF", "here-document delimiter 'EOF' not found for '<<' at 4")]
    [InlineData("cat <<A <<B\na\nA\n", "here-document delimiter 'B' not found for '<<' at 8")]
    [InlineData("cat <<EOF\n$(\nEOF", "expected ')' to close '$(' at 10")]
    [InlineData("echo $(cat <<X)\nX\n", "here-document delimiter 'X' not found for '<<' at 11")]
    public void Parse_MissingDelimiterLine_IsRefused(string input, string error)
    {
        Assert.Equal(error, Error(input));
    }
}
