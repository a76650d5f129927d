using ToolGate.Core.Shell.Syntax;
using static ToolGate.Core.Tests.Shell.Syntax.ShellTree;

namespace ToolGate.Core.Tests.Shell.Syntax;

/// <summary>Lists, and-or lists, pipelines and assignments.</summary>
public class ShellParserListTests
{
    [Fact]
    public void Parse_Separators_SplitTheList()
    {
        var items = Parse("a; b & c\nd").Items;

        Assert.Equal(["a", "b", "c", "d"], items.Select(i => WordText(((SimpleCommand)i.Command.Pipelines[0].Commands[0]).Words[0])));
        Assert.Equal([false, true, false, false], items.Select(i => i.Background));
    }

    [Theory]
    [InlineData("a;")]
    [InlineData("a &")]
    [InlineData("a\n")]
    [InlineData("a;\n\n")]
    [InlineData("\n\na # c\n")]
    public void Parse_TrailingSeparator_IsFine(string input)
    {
        Assert.Single(Parse(input).Items);
    }

    [Fact]
    public void Parse_AndOr_KeepsOperatorsInOrder()
    {
        var andOr = Assert.Single(Parse("a && b || c &&\n d").Items).Command;

        Assert.Equal(4, andOr.Pipelines.Length);
        Assert.Equal(["&&", "||", "&&"], andOr.Operators.ToArray());
    }

    [Fact]
    public void Parse_Pipeline_KeepsOperatorsAndNegation()
    {
        var pipeline = Assert.Single(Assert.Single(Parse("! a | b |& c |\n d").Items).Command.Pipelines);

        Assert.True(pipeline.Negated);
        Assert.Equal(["|", "|&", "|"], pipeline.Operators.ToArray());
        Assert.Equal(4, pipeline.Commands.Length);
    }

    [Fact]
    public void Parse_BangAfterCommandWord_IsAnArgument()
    {
        Assert.Equal(["echo", "!"], Argv("echo !"));
    }

    [Theory]
    [InlineData("a ;; b", "unexpected ';;' at 2")]
    [InlineData("; a", "unexpected ';' at 0")]
    [InlineData("| a", "unexpected '|' at 0")]
    [InlineData("a |", "expected a command after '|' at 3")]
    [InlineData("a &&", "expected a command after '&&' at 4")]
    [InlineData("a || ;", "unexpected ';' at 5")]
    [InlineData("a; ; b", "unexpected ';' at 3")]
    [InlineData("a & & b", "unexpected '&' at 4")]
    [InlineData("a && && b", "unexpected '&&' at 5")]
    [InlineData("!", "expected a command after '!' at 1")]
    [InlineData("a ;& b", "unexpected ';&' at 2")]
    public void Parse_EmptyCommand_IsASyntaxError(string input, string error)
    {
        Assert.Equal(error, Error(input));
    }

    [Fact]
    public void Parse_Assignments_PrecedeTheCommandWord()
    {
        var command = SingleSimple("A=1 B+=x GIT_SSH_COMMAND='ssh -R 1:1:1 x' git log C=2 --format=x=y");

        Assert.Equal(["A", "B", "GIT_SSH_COMMAND"], command.Assignments.Select(a => a.Name));
        Assert.Equal([false, true, false], command.Assignments.Select(a => a.Append));
        Assert.Equal(["1", "x", "ssh -R 1:1:1 x"], command.Assignments.Select(a => WordText(a.Value)));
        Assert.Equal("'ssh -R 1:1:1 x'", command.Assignments[2].Value.Source);
        Assert.Equal(["git", "log", "C=2", "--format=x=y"], Argv(command));
    }

    [Fact]
    public void Parse_AssignmentAlone_HasNoWords()
    {
        var command = SingleSimple("HOME=/tmp");

        Assert.Empty(command.Words);
        Assert.Equal(("HOME", "/tmp"), (command.Assignments[0].Name, WordText(command.Assignments[0].Value)));
    }

    [Fact]
    public void Parse_EmptyAssignment_HasAnEmptyValue()
    {
        var assignment = SingleSimple("A= cmd").Assignments.Single();

        Assert.Empty(assignment.Value.Parts);
        Assert.Equal(string.Empty, assignment.Value.Source);
    }

    [Theory]
    [InlineData("a[1]=x", "a[1]")]
    [InlineData("a[ $i + 1 ]=x", "a[ $i + 1 ]")]
    [InlineData("a[x[1]]+=x", "a[x[1]]")]
    [InlineData("a[']']=x", "a[']']")]
    [InlineData("_x9=1", "_x9")]
    public void Parse_AssignmentNames_IncludeSubscripts(string input, string name)
    {
        Assert.Equal(name, SingleSimple(input).Assignments.Single().Name);
    }

    [Theory]
    [InlineData("1A=x")]
    [InlineData("'A'=x")]
    [InlineData("A\\=x")]
    [InlineData("=x")]
    [InlineData("a-b=x")]
    public void Parse_NotAName_IsACommandWord(string input)
    {
        var command = SingleSimple(input);

        Assert.Empty(command.Assignments);
        Assert.Single(command.Words);
    }

    [Fact]
    public void Parse_AssignmentValue_HasTildeAfterEqualsAndColonButNoGlobOrBrace()
    {
        var value = SingleSimple("PATH=~/bin:~root/bin:*:{a,b}").Assignments.Single().Value;

        Assert.Equal(
            [new TildePart(""), new LiteralPart("/bin:", false), new TildePart("root"), new LiteralPart("/bin:*:{a,b}", false)],
            value.Parts.ToArray());
    }

    [Fact]
    public void Parse_AssignmentLikeArgument_HasTildeAfterEquals()
    {
        var word = SingleSimple("echo a=~/x --c=~/z").Words;

        Assert.Equal([new LiteralPart("a=", false), new TildePart(""), new LiteralPart("/x", false)], word[1].Parts.ToArray());
        Assert.Equal([new LiteralPart("--c=~/z", false)], word[2].Parts.ToArray());
    }

    [Fact]
    public void Parse_SubscriptBeforeCommandWord_SpansBlanksAndOperators()
    {
        var command = SingleSimple("x[ ; ssh a@x ; ] arg");

        Assert.Empty(command.Assignments);
        Assert.Equal(["x[ ; ssh a@x ; ]", "arg"], Argv(command));
        Assert.IsType<GlobPart>(command.Words[0].Parts[1]);
    }

    [Fact]
    public void Parse_UnclosedSubscriptBeforeCommandWord_IsRefused()
    {
        Assert.Equal("expected ']' to close the subscript '[' at 2", Error("wc[ -l x"));
    }

    [Fact]
    public void Parse_BracketInArgument_IsNotASubscript()
    {
        Assert.Equal(["wc", "a[", "-l"], Argv("wc a[ -l"));
    }

    [Fact]
    public void Parse_ArrayAssignment_IsRefused()
    {
        Assert.Equal("array assignment 'a=(…)' is not supported at 1", Error("a=(1 2)"));
    }

    [Fact]
    public void Parse_ReservedWordAfterCommandWord_IsAnArgument()
    {
        Assert.Equal(["echo", "if", "then", "fi", "done", "{", "}"], Argv("echo if then fi done { }"));
    }
}
