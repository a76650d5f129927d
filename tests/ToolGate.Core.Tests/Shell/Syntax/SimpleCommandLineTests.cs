using System.Text.Json;
using CsCheck;
using ToolGate.Core.Actions;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Syntax;
using ToolGate.Core.Tests.Shell.Properties;
using ToolGate.Core.Tests.Support;
using Xunit.Abstractions;

namespace ToolGate.Core.Tests.Shell.Syntax;

/// <summary>
/// The flat reading of the common line (<see cref="SimpleCommandLine"/>) must agree with the syntax tree on every
/// line it accepts: the same commands, argv and operators, and the same verdict and plan from
/// <see cref="ShellEvaluator.Decide"/> as through the tree (<see cref="ShellEvaluator.DecideParsed"/>).
/// </summary>
public class SimpleCommandLineTests(ITestOutputHelper output)
{
    private const string Cwd = "/srv/project";

    private static readonly ShellPolicy NarrowPolicy = ShellPolicy.Compile(
        [TestGrants.Shell("narrow", ["git log *", "grep *", "ls", "a *", "sh *"], paths: ["/srv/project/**"])]);

    // Pieces near the edge of what the flat reader accepts, so generated lines land on both sides of it.
    private static readonly string[] Pieces =
    [
        "git", "log", "ls", "a", "b", "-n", "--x=y", "src/a.ts", "./x", "../y", "/dev/tcp/h/1", "sudo", "ssh", "-R", "1:h:2", "sh", "-c", "nice",
        "xargs", "env", "A=1", "a=b", "=", "+", "=x", ",", "a,b", "@", "%", "^", ":", "'", "''", "'a b'", "'$x'", "'\"'", "\"", "\"\"", "\"a b\"",
        "\"'\"", "\"$x\"", "\"\\\"\"", "\"a!b\"", "\\", "$", "`", "*", "?", "[", "]", "{", "}", "~", "#", "!", "if", "then", "fi", "for", "in", "do",
        "done", "time", "function", "/dev/t", "cp/h/1", "STRATUM+", "tcp://", "sh -c", "watch", "/dev/tcp/x", "\"/dev/t''cp/x\"", "\n", "\t", "\r", "é", " ", " ", " ", " ", ";", ";;", ";&", "&", "&&", "||", "|", "|&", ">", "<", "(", ")",
    ];

    public static TheoryData<string, string[][], string> Accepted() => new()
    {
        { "git log --oneline -20 -- src/app/main.ts", [["git", "log", "--oneline", "-20", "--", "src/app/main.ts"]], "None" },
        { "a | b && c || d; e", [["a"], ["b"], ["c"], ["d"], ["e"]], "None Pipe And Or Sequence" },
        { "a|b&&c||d;e;", [["a"], ["b"], ["c"], ["d"], ["e"]], "None Pipe And Or Sequence" },
        { "grep -n 'TODO x' \"a b\"c'' ''", [["grep", "-n", "TODO x", "a bc", ""]], "None" },
        { "  'A=1' x a=b --o=v,w @%^:+", [["A=1", "x", "a=b", "--o=v,w", "@%^:+"]], "None" },
        { "echo \"it's\" 'say \"hi\"' \"a!b\"", [["echo", "it's", "say \"hi\"", "a!b"]], "None" },
        { "s''udo id", [["sudo", "id"]], "None" },
        { "\"\" x; ''", [["", "x"], [""]], "None Sequence" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void TryRead_CommonLine_ReadsArgvAndJoins(string line, string[][] commands, string joins)
    {
        var flat = SimpleCommandLine.TryRead(line);

        Assert.NotNull(flat);
        Assert.Equal(commands, flat.Commands.Select(c => c.ToArray()));
        Assert.Equal(joins, string.Join(' ', flat.Joins));
        AssertAgreesWithTree(line);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("A=1 x")]
    [InlineData("a+=1")]
    [InlineData("x=")]
    [InlineData("if x; then y; fi")]
    [InlineData("for")]
    [InlineData("time x")]
    [InlineData("'if' x")]
    [InlineData("! x")]
    [InlineData("x &")]
    [InlineData("x & y")]
    [InlineData("x |& y")]
    [InlineData("x ;; y")]
    [InlineData("x ;& y")]
    [InlineData("x &&")]
    [InlineData("x |")]
    [InlineData("; x")]
    [InlineData("x ; ; y")]
    [InlineData("x && && y")]
    [InlineData("echo $x")]
    [InlineData("echo \"$x\"")]
    [InlineData("echo \"a\\\"b\"")]
    [InlineData("echo `id`")]
    [InlineData("echo a\\ b")]
    [InlineData("echo *")]
    [InlineData("echo a?")]
    [InlineData("echo [a]")]
    [InlineData("echo {a,b}")]
    [InlineData("echo ~")]
    [InlineData("echo a#b")]
    [InlineData("x # comment")]
    [InlineData("x > /dev/null")]
    [InlineData("x < f")]
    [InlineData("x 2>&1")]
    [InlineData("(x)")]
    [InlineData("x\ny")]
    [InlineData("x\\\ny")]
    [InlineData("x\r")]
    [InlineData("echo é")]
    [InlineData("echo 'é'")]
    [InlineData("echo 'a\tb'")]
    [InlineData("echo 'unterminated")]
    [InlineData("echo \"unterminated")]
    [InlineData("echo\0")]
    public void TryRead_AnythingElse_IsLeftToTheParser(string line)
    {
        Assert.Null(SimpleCommandLine.TryRead(line));
        AssertAgreesWithTree(line);
    }

    [Fact]
    public void TryRead_LongerThanTheParserTakes_IsLeftToTheParser()
    {
        Assert.Null(SimpleCommandLine.TryRead(new string('a', ShellParser.MaxInputLength + 1)));
    }

    [Fact]
    public void TryRead_CorpusRows_AgreeWithTheTree()
    {
        var accepted = 0;
        foreach (var line in CommandLineGens.Corpus)
        {
            accepted += AssertAgreesWithTree(line) ? 1 : 0;
        }

        Assert.True(accepted >= 20, $"only {accepted} corpus rows are read flat");
    }

    [Fact]
    public void TryRead_GeneratedNearSimpleLines_AgreeWithTheTree() =>
        Gen.OneOf(Pieces).Array[1, 24].Select(p => string.Join(' ', p))
            .Sample(l => { AssertAgreesWithTree(l); }, output.WriteLine, iter: FuzzBudget.Shell.Share(15), print: Differential.BashArgv.Escape);

    [Fact]
    public void TryRead_GeneratedGluedLines_AgreeWithTheTree() =>
        Gen.OneOf(Pieces).Array[1, 24].Select(string.Concat)
            .Sample(l => { AssertAgreesWithTree(l); }, output.WriteLine, iter: FuzzBudget.Shell.Share(10), print: Differential.BashArgv.Escape);

    [Fact]
    public void TryRead_MutatedAndWrappedLines_AgreeWithTheTree() =>
        Gen.Frequency((1, CommandLineGens.MutatedCorpus), (1, CommandLineGens.Wrapped), (1, CommandLineGens.Soup))
            .Sample(l => { AssertAgreesWithTree(l); }, output.WriteLine, iter: FuzzBudget.Shell.Share(10), print: Differential.BashArgv.Escape);

    [Fact]
    public void Generators_ReachBothSidesOfTheFlatReader()
    {
        var lines = Gen.OneOf(Pieces).Array[1, 8].Select(p => string.Join(' ', p)).Array[2000].Single();
        var flat = lines.Count(l => SimpleCommandLine.ReadUnguarded(l) is not null);

        Assert.InRange(flat, 200, 1800);
    }

    /// <summary>
    /// When the line is read flat: the tree is simple commands of literal words with the same argv and joins, and
    /// both paths give the same verdict and plan. True when it was read flat.
    /// </summary>
    private static bool AssertAgreesWithTree(string line)
    {
        var flat = SimpleCommandLine.ReadUnguarded(line);
        Assert.Equal(flat is null, SimpleCommandLine.TryRead(line) is null);
        if (flat is null)
        {
            return false;
        }

        var tree = ShellParser.Parse(line);
        Assert.True(tree.IsSuccess, $"read flat, but the parser refuses it: {tree.Error}");
        var (commands, joins) = Flatten(tree.Tree!);
        Assert.Equal(commands, flat.Commands.Select(c => c.ToArray()));
        Assert.Equal(joins, flat.Joins);

        foreach (var policy in new[] { WideShellGrant.Policy, NarrowPolicy })
        {
            var action = new ShellAction(line, Cwd);
            var viaFlat = ShellEvaluator.Decide(action, policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);
            var viaTree = ShellEvaluator.DecideParsed(action, policy, TestKnowledge.Shell, TestGrants.Now, network: TestKnowledge.ShellNetwork);
            Assert.Equal(Describe(viaTree), Describe(viaFlat));
        }

        return true;
    }

    private static string Describe(Core.Decisions.Verdict verdict) =>
        $"{verdict.IsAllowed} {verdict.Rule} {verdict.Severity} {verdict.Grant?.Id} {verdict.Reason} {JsonSerializer.Serialize(verdict.ShellPlan)}";

    private static (List<string[]> Commands, List<SimpleJoin> Joins) Flatten(CommandList tree)
    {
        var commands = new List<string[]>();
        var joins = new List<SimpleJoin>();
        foreach (var item in tree.Items)
        {
            Assert.False(item.Background);
            for (var i = 0; i < item.Command.Pipelines.Length; i++)
            {
                var pipeline = item.Command.Pipelines[i];
                Assert.False(pipeline.Negated);
                for (var j = 0; j < pipeline.Commands.Length; j++)
                {
                    var simple = Assert.IsType<SimpleCommand>(pipeline.Commands[j]);
                    Assert.Empty(simple.Assignments);
                    Assert.Empty(simple.Redirections);
                    Assert.All(simple.Words, w => Assert.All(w.Parts, p => Assert.IsType<LiteralPart>(p)));
                    commands.Add([.. simple.Words.Select(w => string.Concat(w.Parts.Cast<LiteralPart>().Select(p => p.Text)))]);
                    joins.Add(j > 0 ? (pipeline.Operators[j - 1] == "|" ? SimpleJoin.Pipe : (SimpleJoin)99)
                        : i > 0 ? (item.Command.Operators[i - 1] == "&&" ? SimpleJoin.And : SimpleJoin.Or)
                        : commands.Count == 1 ? SimpleJoin.None : SimpleJoin.Sequence);
                }
            }
        }

        return (commands, joins);
    }
}
