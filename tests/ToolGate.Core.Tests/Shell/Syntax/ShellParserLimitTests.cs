using System.Text;
using ToolGate.Core.Shell.Syntax;
using ToolGate.Core.Tests.Corpus;
using static ToolGate.Core.Tests.Shell.Syntax.ShellTree;

namespace ToolGate.Core.Tests.Shell.Syntax;

/// <summary>Input limits, nesting depth, robustness on arbitrary input and linear running time.</summary>
public class ShellParserLimitTests
{
    private const int Seeds = 20_000;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \t\n ")]
    public void Parse_EmptyInput_IsRefused(string? input)
    {
        Assert.Equal(ShellParseResult.Failure("empty command", 0), ShellParser.Parse(input));
    }

    [Fact]
    public void Parse_OnlyComments_IsRefused()
    {
        Assert.Equal("no command (only comments) at 0", Error("# a\n  # b"));
    }

    [Fact]
    public void Parse_TooLong_IsRefused()
    {
        var result = ShellParser.Parse(new string('a', ShellParser.MaxInputLength + 1));

        Assert.Equal("input longer than 16384 characters", result.Error);
    }

    [Fact]
    public void Parse_AtTheLengthLimit_Parses()
    {
        Assert.True(ShellParser.Parse(new string('a', ShellParser.MaxInputLength)).IsSuccess);
    }

    [Fact]
    public void Parse_Nul_IsRefused()
    {
        Assert.Equal(ShellParseResult.Failure("NUL character at 4", 4), ShellParser.Parse("echo\0x"));
    }

    [Fact]
    public void Parse_Failure_HasTheOffsetOfItsMessage()
    {
        var result = ShellParser.Parse("echo ok; echo 'open");

        Assert.Equal(("unterminated single quote at 14", 14), (result.Error, result.ErrorOffset));
        Assert.Null(result.Tree);
    }

    public static TheoryData<string, string, string> NestingShapes() => new()
    {
        { "$(", "a", ")" },
        { "( ", "a", " )" },
        { "{ ", "a", "; }" },
        { "if a; then ", "b", "; fi" },
        { "\"${x:-", "a", "}\"" },
        { "$((", "1", "))" },
        { "<(", "a", ")" },
        { "case x in x) ", "a", ";; esac" },
        { "while a; do ", "b", "; done" },
    };

    [Theory]
    [MemberData(nameof(NestingShapes))]
    public void Parse_NestingAtTheLimit_Parses(string open, string inner, string close)
    {
        var input = Nest(open, inner, close, ShellParser.MaxNestingDepth);

        Assert.True(ShellParser.Parse(input).IsSuccess, ShellParser.Parse(input).Error);
    }

    [Theory]
    [MemberData(nameof(NestingShapes))]
    public void Parse_NestingPastTheLimit_IsRefused(string open, string inner, string close)
    {
        var error = Error(Nest(open, inner, close, ShellParser.MaxNestingDepth + 1));

        Assert.StartsWith("nesting deeper than 64 at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepUnbalancedInput_IsRefusedWithoutOverflow()
    {
        foreach (var input in new[] { new string('(', 16_000), string.Concat(Enumerable.Repeat("$(", 8_000)), string.Concat(Enumerable.Repeat("\"${", 5_000)) })
        {
            Assert.False(ShellParser.Parse(input).IsSuccess);
        }
    }

    [Fact]
    public void Parse_RandomAndMutatedInput_NeverFailsInternally()
    {
        var corpus = CorpusFile.Read("shell.tsv", unescapeNewlines: true).Select(r => r.Input).ToArray();
        Assert.NotEmpty(corpus);
        const string Alphabet = "ab x$'\"`\\(){}[]|&;<>\n\t#~*?=:,.-!/0123";
        for (var seed = 0; seed < Seeds; seed++)
        {
            var random = new Random(seed);
            var input = seed % 2 == 0 ? RandomText(random, Alphabet) : Mutate(random, corpus[random.Next(corpus.Length)], Alphabet);

            var result = ShellParser.Parse(input);

            Assert.False(
                result.Error?.StartsWith("internal parser error", StringComparison.Ordinal) ?? false,
                $"seed {seed}: {result.Error} for input {Escape(input)}");
            Assert.True(result.IsSuccess ? result.ErrorOffset == -1 : result.ErrorOffset >= 0 && result.ErrorOffset <= Math.Max(input.Length, 0), $"seed {seed}");
            if (result.Tree is { } tree)
            {
                Assert.All(SimpleCommands(tree).SelectMany(c => c.Words), w => Assert.Contains(w.Source, input, StringComparison.Ordinal));
            }
        }
    }

    public static TheoryData<string, string, string> LinearShapes() => new()
    {
        { "pipeline", "a | ", "a" },
        { "list", "a;", string.Empty },
        { "and-or", "a && ", "a" },
        { "single quotes", "'aaaaaaaaaaaaaaaaaaaaaaaaa' ", string.Empty },
        { "double quotes", "\"aa $x ${y} `z` $(w) aa\" ", string.Empty },
        { "ANSI-C quotes", "$'a\\n\\x41\\101\\u00e9' ", string.Empty },
        { "long word", "abcdefghij", string.Empty },
        { "brackets", "[", string.Empty },
        { "braces", "{", string.Empty },
        { "closing braces", "}", string.Empty },
        { "brace lists", "{a,{b,c}}", string.Empty },
        { "sequences", "{1..2}", string.Empty },
        { "globs", "*?[ab]", string.Empty },
        { "tildes", "~:", string.Empty },
        { "tilde values", "a=~:~:~:~/x ", "cmd" },
        { "continuations", "\\\n", "a" },
        { "escapes", "\\a", string.Empty },
        { "comments", "# comment ; | & ( \n", "a" },
        { "nested substitutions", "$( $( $( $( $( $( $( $( a ) ) ) ) ) ) ) ) ", string.Empty },
        { "process substitutions", "<(a) >(b) ", string.Empty },
        { "backquotes", "`a \\`b\\` c` ", string.Empty },
        { "parameters", "${a:-${b:-${c}}}", string.Empty },
        { "arithmetic", "$(( (1 + $x) * 2 )) ", string.Empty },
        { "compound commands", "if a; then { (b); } fi; while c; do d; done; ", "e" },
        { "case arms", "case x in a) b;; esac; ", "c" },
        { "here-documents", "cat <<EOF\nbody $x\nEOF\n", "a" },
        { "here-documents on one line", "<<a ", "\na\na\na" },
        { "double brackets", "[[ -f x && $y == z* ]]; ", "a" },
        { "redirections", "2>&1 >x <y ", "a" },
        { "assignments", "A=1 ", "a" },
        { "reserved words as arguments", "echo if then fi done esac { } ;", string.Empty },
        { "reserved-word look-alikes", "e;", string.Empty },
        { "unterminated quote", "a", "'" },
        { "unterminated substitution", "a ", "$(" },
        { "open parentheses", "(", string.Empty },
        { "dollar-parens", "$(", string.Empty },
        { "nested parameter", "\"${", string.Empty },
        { "bangs", "! ", "a" },
    };

    /// <summary>
    /// The parser counts every character it reads; for input of size n and 8n the count stays under a fixed
    /// multiple of the size, which a quadratic re-scan could not (no wall-clock timing involved).
    /// </summary>
    [Theory]
    [MemberData(nameof(LinearShapes))]
    public void Parse_RepeatedShape_TakesLinearSteps(string shape, string unit, string tail)
    {
        var small = Repeat(unit, tail, 2 * 1024);
        var large = Repeat(unit, tail, 16 * 1024);

        var (_, smallSteps) = ShellParser.ParseCounted(small);
        var (_, largeSteps) = ShellParser.ParseCounted(large);

        Assert.True(largeSteps <= 32L * large.Length, $"{shape}: {largeSteps} steps for {large.Length} characters");
        Assert.True(largeSteps <= (10L * smallSteps) + 1000, $"{shape}: {smallSteps} steps for {small.Length} characters, {largeSteps} for {large.Length}");
    }

    [Fact]
    public void Parse_DeepNestingRepeated_TakesLinearSteps()
    {
        var block = Nest("$( ", "a", " )", ShellParser.MaxNestingDepth - 1) + "; ";
        var wide = Nest("$( echo " + new string('x', 200) + " ", "a", " )", ShellParser.MaxNestingDepth - 1);
        foreach (var input in new[] { Repeat(block, string.Empty, 16 * 1024), wide, Nest("( ", "a", " )", 60) + new string(' ', 10_000) + "# x" })
        {
            var (result, steps) = ShellParser.ParseCounted(input);

            Assert.True(result.IsSuccess, result.Error);
            Assert.True(steps <= 32L * input.Length, $"{steps} steps for {input.Length} characters");
        }
    }

    private static string Nest(string open, string inner, string close, int depth) =>
        string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

    /// <summary><paramref name="unit"/> repeated to about <paramref name="length"/> characters, then <paramref name="tail"/>.</summary>
    private static string Repeat(string unit, string tail, int length)
    {
        var text = new StringBuilder();
        while (text.Length + unit.Length + tail.Length <= length)
        {
            text.Append(unit);
        }

        return text.Append(tail).ToString();
    }

    private static string RandomText(Random random, string alphabet)
    {
        var text = new char[random.Next(1, 80)];
        for (var i = 0; i < text.Length; i++)
        {
            text[i] = random.Next(10) == 0 ? (char)random.Next(1, 128) : alphabet[random.Next(alphabet.Length)];
        }

        return new string(text);
    }

    private static string Mutate(Random random, string line, string alphabet)
    {
        var text = new StringBuilder(line);
        for (var edits = random.Next(1, 5); edits > 0; edits--)
        {
            var at = random.Next(text.Length + 1);
            switch (random.Next(4))
            {
                case 0:
                    text.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
                case 1 when at < text.Length:
                    text.Remove(at, 1);
                    break;
                case 2 when at < text.Length:
                    text[at] = alphabet[random.Next(alphabet.Length)];
                    break;
                default:
                    var from = random.Next(text.Length);
                    var length = random.Next(Math.Min(10, text.Length - from) + 1);
                    text.Insert(at, text.ToString(from, length));
                    break;
            }
        }

        return text.ToString();
    }

    private static string Escape(string input) =>
        input.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
