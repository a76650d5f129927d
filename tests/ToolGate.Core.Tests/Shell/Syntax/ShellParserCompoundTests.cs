using ToolGate.Core.Shell.Syntax;
using static ToolGate.Core.Tests.Shell.Syntax.ShellTree;

namespace ToolGate.Core.Tests.Shell.Syntax;

/// <summary>Compound commands, function definitions and the bash test commands.</summary>
public class ShellParserCompoundTests
{
    [Fact]
    public void Parse_Subshell_HoldsItsList()
    {
        var subshell = Assert.IsType<Subshell>(Single("(wc -l x; ncat 1.2.3.4 443 -e /bin/bash)"));

        Assert.Equal(2, subshell.Body.Items.Length);
    }

    [Fact]
    public void Parse_BraceGroup_HoldsItsList()
    {
        var group = Assert.IsType<BraceGroup>(Single("{ git log; ssh -L 1:db:1 a@x; }"));

        Assert.Equal(["git", "ssh"], SimpleCommands(group.Body).Select(c => WordText(c.Words[0])));
    }

    [Theory]
    [InlineData("{ echo }; }", new[] { "echo", "}" })]
    [InlineData("{ echo {a,b} x}; }", new[] { "echo", "{a,b}", "x}" })]
    public void Parse_ClosingBraceAsArgument_IsAWord(string input, string[] argv)
    {
        var group = Assert.IsType<BraceGroup>(Single(input));

        Assert.Equal(argv, Argv(SimpleCommands(group.Body).Single()));
    }

    [Fact]
    public void Parse_BraceGroupAfterSubshell_ClosesWithoutSeparator()
    {
        var group = Assert.IsType<BraceGroup>(Single("{ (a) }"));

        Assert.IsType<Subshell>(group.Body.Items.Single().Command.Pipelines.Single().Commands.Single());
    }

    [Fact]
    public void Parse_If_HasBranchesAndElse()
    {
        var clause = Assert.IsType<IfClause>(Single("if a; then b; elif c\nthen d; else e; fi"));

        Assert.Equal(2, clause.Branches.Length);
        Assert.Equal(["a", "b", "c", "d", "e"], SimpleCommands(clause).Select(c => WordText(c.Words[0])));
        Assert.NotNull(clause.Else);
    }

    [Fact]
    public void Parse_IfWithoutElse_HasNoElse()
    {
        var clause = Assert.IsType<IfClause>(Single("if true; then ssh a@x; fi"));

        Assert.Single(clause.Branches);
        Assert.Null(clause.Else);
    }

    [Theory]
    [InlineData("while :; do curl x; done", false)]
    [InlineData("until false\ndo\n curl x\ndone", true)]
    public void Parse_WhileAndUntil_HaveConditionAndBody(string input, bool until)
    {
        var loop = Assert.IsType<WhileClause>(Single(input));

        Assert.Equal(until, loop.Until);
        Assert.Equal(["curl"], SimpleCommands(loop.Body).Select(c => WordText(c.Words[0])));
    }

    [Fact]
    public void Parse_ForIn_HasVariableAndItems()
    {
        var loop = Assert.IsType<ForClause>(Single("for f in a 'b c' *.ts; do rm \"$f\"; done"));

        Assert.Equal("f", loop.Variable);
        Assert.Equal(["a", "b c", "*.ts"], loop.Items!.Value.Select(WordText));
        Assert.IsType<GlobPart>(loop.Items!.Value[2].Parts[0]);
        Assert.Null(loop.Arithmetic);
    }

    [Theory]
    [InlineData("for f; do a; done")]
    [InlineData("for f do a; done")]
    [InlineData("for f\ndo a; done")]
    public void Parse_ForWithoutIn_HasNoItems(string input)
    {
        Assert.Null(Assert.IsType<ForClause>(Single(input)).Items);
    }

    [Fact]
    public void Parse_ForInEmptyList_HasNoItemsButAList()
    {
        Assert.Empty(Assert.IsType<ForClause>(Single("for f in; do a; done")).Items!.Value);
    }

    [Fact]
    public void Parse_ArithmeticFor_KeepsTheExpression()
    {
        var loop = Assert.IsType<ForClause>(Single("for ((i=0; i<$(n); i++)) do a; done"));

        Assert.Equal("i=0; i<$(n); i++", loop.Arithmetic);
        Assert.Equal("n", Assert.IsType<CommandSubstitutionPart>(Assert.Single(loop.ArithmeticExpansions)).Text);
    }

    [Fact]
    public void Parse_Select_IsALoop()
    {
        var loop = Assert.IsType<ForClause>(Single("select x in a b; do ssh \"$x\"; done"));

        Assert.Equal("x", loop.Variable);
    }

    [Fact]
    public void Parse_Case_HasArmsWithPatterns()
    {
        var clause = Assert.IsType<CaseClause>(Single("case $x in\n (a|b*) one;;\n c) two ;&\n *) ;;& \n esac"));

        Assert.Equal("«P:$x»", WordText(clause.Subject));
        Assert.Equal(3, clause.Arms.Length);
        Assert.Equal(["a", "b*"], clause.Arms[0].Patterns.Select(WordText));
        Assert.IsType<GlobPart>(clause.Arms[0].Patterns[1].Parts[1]);
        Assert.Empty(clause.Arms[2].Body.Items);
    }

    [Fact]
    public void Parse_CaseLastArmWithoutTerminator_IsFine()
    {
        var clause = Assert.IsType<CaseClause>(Single("case x in x) ssh a@x;; y) z\nesac"));

        Assert.Equal(["ssh", "z"], SimpleCommands(clause).Select(c => WordText(c.Words[0])));
    }

    [Fact]
    public void Parse_EmptyCase_HasNoArms()
    {
        Assert.Empty(Assert.IsType<CaseClause>(Single("case x in esac")).Arms);
    }

    [Theory]
    [InlineData("f() { ssh a@x; }", "f")]
    [InlineData("f () ( ssh a@x )", "f")]
    [InlineData("function head { ssh a@x; }", "head")]
    [InlineData("function head() { ssh a@x; }", "head")]
    [InlineData("function g\n{\nssh a@x\n}", "g")]
    [InlineData("my-fn()\n{ ssh a@x; }", "my-fn")]
    [InlineData("f() if a; then ssh a@x; fi", "f")]
    public void Parse_FunctionDefinition_HasNameAndCompoundBody(string input, string name)
    {
        var function = Assert.IsType<FunctionDefinition>(Single(input));

        Assert.Equal(name, function.Name);
        Assert.Contains("ssh", SimpleCommands(function.Body).Select(c => WordText(c.Words[0])));
    }

    [Fact]
    public void Parse_FunctionThenCall_AreTwoItems()
    {
        var items = Parse("function head { ssh a@x; }; head").Items;

        Assert.IsType<FunctionDefinition>(items[0].Command.Pipelines[0].Commands[0]);
        Assert.Equal(["head"], Argv(Assert.IsType<SimpleCommand>(items[1].Command.Pipelines[0].Commands[0])));
    }

    [Fact]
    public void Parse_CompoundRedirections_AttachToTheCommand()
    {
        var loop = Assert.IsType<WhileClause>(Single("while read l; do echo \"$l\"; done < in.txt 2>/dev/null"));

        Assert.Equal(["<", ">"], loop.Redirections.Select(r => r.Operator));
        Assert.Equal([null, 2], loop.Redirections.Select(r => r.FileDescriptor));
    }

    [Fact]
    public void Parse_DoubleBracket_IsATestCommandWithWords()
    {
        var test = Assert.IsType<TestCommand>(Single("[[ -f $x && ( a < b || $(id) == c* ) ]]"));

        Assert.Equal(("[[", "-f $x && ( a < b || $(id) == c* )"), (test.Kind, test.Text));
        Assert.Equal(["-f", "«P:$x»", "a", "b", "«C:id»", "==", "c*"], test.Words.Select(WordText));
    }

    [Fact]
    public void Parse_DoubleBracketRegex_KeepsParenthesesAndBarsInTheWord()
    {
        var test = Assert.IsType<TestCommand>(Single("[[ $x =~ ^(a|b c)+$ ]]"));

        Assert.Equal("^(a|b c)+$", WordText(test.Words[2]));
    }

    [Fact]
    public void Parse_DoubleParen_IsAnArithmeticTestCommand()
    {
        var test = Assert.IsType<TestCommand>(Single("(( (x+1) * `id -u` > 0 ))"));

        Assert.Equal(("((", " (x+1) * `id -u` > 0 "), (test.Kind, test.Text));
        Assert.True(Assert.IsType<CommandSubstitutionPart>(Assert.Single(test.Expansions)).Backquoted);
    }

    [Fact]
    public void Parse_NestedSubshells_AreNotArithmetic()
    {
        var outer = Assert.IsType<Subshell>(Single("( (a) )"));

        Assert.IsType<Subshell>(outer.Body.Items.Single().Command.Pipelines.Single().Commands.Single());
    }

    [Theory]
    [InlineData("if true; then ssh a@x;", "expected 'fi' to close 'if' at 0")]
    [InlineData("if true; then ssh a@x; done", "unexpected 'done' at 23 (expected 'fi' to close 'if' at 0)")]
    [InlineData("if true; ssh; fi", "unexpected 'fi' at 14 (expected 'then' after the 'if' condition at 0)")]
    [InlineData("if then fi", "unexpected 'then' at 3")]
    [InlineData("if a; then fi", "unexpected 'fi' at 11")]
    [InlineData("while a; do b;", "expected 'done' to close 'while' at 0")]
    [InlineData("for 1 in a; do b; done", "'1' is not a valid variable name for 'for' at 4")]
    [InlineData("for x in a b do c; done", "unexpected 'done' at 19 (expected 'do' in 'for' at 0)")]
    [InlineData("case x in x) a;;", "expected 'esac' to close 'case' at 0")]
    [InlineData("case x y) a;; esac", "unexpected 'y' at 7 (expected 'in' after the 'case' word at 0)")]
    [InlineData("case x in x a;; esac", "unexpected 'a' at 12 (expected '|' or ')' after a case pattern)")]
    [InlineData("(a", "expected ')' to close '(' at 0")]
    [InlineData("( )", "unexpected ')' at 2")]
    [InlineData("{ a; ", "expected '}' to close '{' at 0")]
    [InlineData("{ }", "unexpected '}' at 2")]
    [InlineData("{ a }", "expected '}' to close '{' at 0")]
    [InlineData("a )", "unexpected ')' at 2")]
    [InlineData("fi", "unexpected 'fi' at 0")]
    [InlineData("(a) b", "unexpected 'b' at 4")]
    [InlineData("echo x (a)", "unexpected '(' at 7")]
    [InlineData("echo (a)", "expected ')' after '(' in a function definition at 5")]
    [InlineData("f() echo", "expected a compound command as the body of function 'f' at 4")]
    [InlineData("f( x ) { a; }", "expected ')' after '(' in a function definition at 1")]
    [InlineData("[[ a", "expected ']]' to close '[[' at 0")]
    [InlineData("[[ ]]", "empty '[[ ]]' at 0")]
    [InlineData("[[ a ; ]]", "unexpected ';' at 5 (inside '[[')")]
    [InlineData("(( 1 + 2 )", "expected '))' to close '((' at 0")]
    [InlineData("((a) ; b)", "expected '))' to close '((' at 0")]
    public void Parse_BrokenCompound_NamesTheConstruct(string input, string error)
    {
        Assert.Equal(error, Error(input));
    }
}
