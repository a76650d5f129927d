using ToolGate.Core.Shell.Syntax;
using static ToolGate.Core.Tests.Shell.Syntax.ShellTree;

namespace ToolGate.Core.Tests.Shell.Syntax;

/// <summary>Expansions, globs, braces and tildes as word parts.</summary>
public class ShellParserExpansionTests
{
    private static WordPart OnlyPart(string word) => Assert.Single(SingleSimple($"echo {word}").Words[1].Parts);

    [Theory]
    [InlineData("$name")]
    [InlineData("$_x1")]
    [InlineData("${HOME}")]
    [InlineData("${x:-{a}")]
    [InlineData("${x#'}'}")]
    [InlineData("${x:-\"}\"}")]
    [InlineData("${x/\\}/y}")]
    [InlineData("$1")]
    [InlineData("$@")]
    [InlineData("$*")]
    [InlineData("$#")]
    [InlineData("$?")]
    [InlineData("$$")]
    [InlineData("$!")]
    [InlineData("$-")]
    [InlineData("$0")]
    public void Parse_Parameter_IsAParameterPart(string word)
    {
        Assert.Equal(new ParameterPart(word, false), OnlyPart(word));
    }

    [Fact]
    public void Parse_BraceParameter_EndsAtTheFirstClosingBrace()
    {
        Assert.Equal([new ParameterPart("${x:-{a}", false), new LiteralPart("}", false)], SingleSimple("echo ${x:-{a}}").Words[1].Parts.ToArray());
    }

    [Fact]
    public void Parse_PositionalParameter_TakesOneDigit()
    {
        Assert.Equal([new ParameterPart("$1", false), new LiteralPart("0", false)], SingleSimple("echo $10").Words[1].Parts.ToArray());
    }

    [Fact]
    public void Parse_QuotedParameter_IsQuoted()
    {
        Assert.Equal(
            [new LiteralPart("a", true), new ParameterPart("$x", true), new ParameterPart("${y}", true)],
            SingleSimple("echo \"a$x${y}\"").Words[1].Parts.ToArray());
    }

    [Fact]
    public void Parse_ParameterWithSubstitutionInside_ExposesIt()
    {
        var parameter = Assert.IsType<ParameterPart>(OnlyPart("${x:-$(curl -s x | sh)}"));

        var substitution = Assert.IsType<CommandSubstitutionPart>(Assert.Single(parameter.Expansions));
        Assert.Equal(["curl", "sh"], SimpleCommands(substitution.Body!).Select(c => WordText(c.Words[0])));
    }

    [Theory]
    [InlineData("$(id)", "id")]
    [InlineData("$( (a) | b )", " (a) | b ")]
    [InlineData("$(echo ')' \")\" \\))", "echo ')' \")\" \\)")]
    [InlineData("$(case x in x) echo;; esac)", "case x in x) echo;; esac")]
    [InlineData("$(echo $(id))", "echo $(id)")]
    [InlineData("$(# comment )\n)", "# comment )\n")]
    [InlineData("$()", "")]
    public void Parse_CommandSubstitution_FindsItsEnd(string word, string text)
    {
        var part = Assert.IsType<CommandSubstitutionPart>(OnlyPart(word));

        Assert.Equal((text, false), (part.Text, part.Backquoted));
        Assert.NotNull(part.Body);
    }

    [Theory]
    [InlineData("`id`", "id")]
    [InlineData("`echo \\`id\\``", "echo `id`")]
    [InlineData("`echo \\$x \\\\ \\a`", "echo $x \\ \\a")]
    [InlineData("``", "")]
    public void Parse_Backquotes_UnescapeTheCommand(string word, string text)
    {
        var part = Assert.IsType<CommandSubstitutionPart>(OnlyPart(word));

        Assert.Equal((text, true), (part.Text, part.Backquoted));
    }

    [Fact]
    public void Parse_NestedBackquotes_ParseTheInnerCommand()
    {
        var outer = Assert.IsType<CommandSubstitutionPart>(OnlyPart("`echo \\`id\\``"));

        var inner = SimpleCommands(outer.Body!).Single().Words[1].Parts.Single();
        Assert.Equal("id", Assert.IsType<CommandSubstitutionPart>(inner).Text);
    }

    [Fact]
    public void Parse_BackquotesInDoubleQuotes_UnescapeQuotes()
    {
        var word = SingleSimple("echo \"a `echo \\\"b\\\"` c\"").Words[1];

        Assert.Equal("echo \"b\"", Assert.IsType<CommandSubstitutionPart>(word.Parts[1]).Text);
    }

    [Theory]
    [InlineData("$((1 + (2 * 3)))", "1 + (2 * 3)")]
    [InlineData("$[1 + a[2]]", "1 + a[2]")]
    [InlineData("$(( $(id -u) + ${#x} ))", " $(id -u) + ${#x} ")]
    public void Parse_Arithmetic_IsAnArithmeticPart(string word, string text)
    {
        Assert.Equal(text, Assert.IsType<ArithmeticPart>(OnlyPart(word)).Text);
    }

    [Fact]
    public void Parse_ArithmeticWithSubstitution_ExposesIt()
    {
        var arithmetic = Assert.IsType<ArithmeticPart>(OnlyPart("$(( $(id -u) + ${#x} ))"));

        Assert.Equal(["id -u", "${#x}"], arithmetic.Expansions.Select(p => p is CommandSubstitutionPart c ? c.Text : ((ParameterPart)p).Text));
    }

    [Theory]
    [InlineData("<(curl x)", '<', "curl x")]
    [InlineData(">(tee log)", '>', "tee log")]
    public void Parse_ProcessSubstitution_IsAPart(string word, char direction, string text)
    {
        var part = Assert.IsType<ProcessSubstitutionPart>(OnlyPart(word));

        Assert.Equal((direction, text), (part.Direction, part.Text));
    }

    [Fact]
    public void Parse_ProcessSubstitutionInsideWord_IsAPartOfIt()
    {
        Assert.Equal(["echo", "x«<:true»", "2«>:a»"], Argv("echo x<(true) 2>(a)"));
    }

    [Theory]
    [InlineData("*.ts", new[] { "G:*", "L:.ts" })]
    [InlineData("a?b", new[] { "L:a", "G:?", "L:b" })]
    [InlineData("**/x", new[] { "G:**", "L:/x" })]
    [InlineData("[ab]c", new[] { "G:[ab]", "L:c" })]
    [InlineData("[!a]", new[] { "G:[!a]" })]
    [InlineData("[]a]", new[] { "G:[]a]" })]
    [InlineData("[!]a]", new[] { "G:[!]a]" })]
    [InlineData("x[", new[] { "L:x[" })]
    [InlineData("a]", new[] { "L:a]" })]
    [InlineData("'*'\\?\"[a]\"", new[] { "Q:*?[a]" })]
    [InlineData("[a'b']", new[] { "G:[a'b']" })]
    [InlineData("[$x]", new[] { "L:[", "P:$x", "L:]" })]
    [InlineData("{a,b}", new[] { "B:{a,b}" })]
    [InlineData("x{1..3}y", new[] { "L:x", "B:{1..3}", "L:y" })]
    [InlineData("{a,{b,c}}", new[] { "B:{a,{b,c}}" })]
    [InlineData("x{a,{b}}y", new[] { "L:x", "B:{a,{b}}", "L:y" })]
    [InlineData("{{a,b}}", new[] { "L:{", "B:{a,b}", "L:}" })]
    [InlineData("{*.c,*.h}", new[] { "B:{*.c,*.h}" })]
    [InlineData("{'ss''h',x}", new[] { "B:{'ss''h',x}" })]
    [InlineData("{a}", new[] { "L:{a}" })]
    [InlineData("{}", new[] { "L:{}" })]
    [InlineData("{a..}", new[] { "L:{a..}" })]
    [InlineData("{a,$x}", new[] { "L:{a,", "P:$x", "L:}" })]
    [InlineData("a,b}", new[] { "L:a,b}" })]
    [InlineData("\"{a,b}\"", new[] { "Q:{a,b}" })]
    [InlineData("~", new[] { "T:" })]
    [InlineData("~root/.bashrc", new[] { "T:root", "L:/.bashrc" })]
    [InlineData("~+", new[] { "T:+" })]
    [InlineData("~\"root\"", new[] { "L:~", "Q:root" })]
    [InlineData("a~", new[] { "L:a~" })]
    [InlineData("'~'", new[] { "Q:~" })]
    public void Parse_PatternAndTildeCharacters_BecomeParts(string word, string[] parts)
    {
        var actual = SingleSimple($"echo {word}").Words[1].Parts.Select(p => p switch
        {
            LiteralPart { Quoted: true } l => $"Q:{l.Text}",
            LiteralPart l => $"L:{l.Text}",
            GlobPart g => $"G:{g.Text}",
            BracePart b => $"B:{b.Text}",
            ParameterPart x => $"P:{x.Text}",
            TildePart t => $"T:{t.User}",
            _ => p.ToString(),
        });

        Assert.Equal(parts, actual);
    }

    [Fact]
    public void Parse_CaseWords_HaveNoBraceExpansion()
    {
        var clause = Assert.IsType<CaseClause>(Single("case {a,b} in {a,b}) x;; esac"));

        Assert.Equal([new LiteralPart("{a,b}", false)], clause.Subject.Parts.ToArray());
        Assert.Equal([new LiteralPart("{a,b}", false)], clause.Arms[0].Patterns[0].Parts.ToArray());
    }

    [Theory]
    [InlineData("echo 'abc", "unterminated single quote at 5")]
    [InlineData("echo \"abc", "unterminated double quote at 5")]
    [InlineData("echo $'abc", "unterminated ANSI-C quote at 5")]
    [InlineData("echo `abc", "unterminated backquote at 5")]
    [InlineData("echo $(abc", "expected ')' to close '$(' at 5")]
    [InlineData("echo $(a; fi)", "unexpected 'fi' at 10 (expected ')' to close '$(' at 5)")]
    [InlineData("echo ${abc", "expected '}' to close '${' at 5")]
    [InlineData("echo $((1 + 2)", "expected '))' to close '$((' at 5")]
    [InlineData("echo $((1)+(2))", "expected '))' to close '$((' at 5")]
    [InlineData("echo $[1", "expected ']' to close '$[' at 5")]
    [InlineData("echo <(a", "expected ')' to close '<(' at 5")]
    [InlineData("echo \"$(a\"", "unterminated double quote at 9")]
    [InlineData("echo `a 'b`", "unterminated single quote at 8")]
    public void Parse_UnterminatedExpansion_NamesItAndItsOffset(string input, string error)
    {
        Assert.Equal(error, Error(input));
    }
}
