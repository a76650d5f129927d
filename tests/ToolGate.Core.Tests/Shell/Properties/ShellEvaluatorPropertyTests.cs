using CsCheck;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Syntax;
using ToolGate.Core.Tests.Support;
using Xunit.Abstractions;

namespace ToolGate.Core.Tests.Shell.Properties;

/// <summary>
/// Properties of <see cref="ShellEvaluator.Decide"/> under <see cref="WideShellGrant"/> (without and with every construct
/// granted), on random, mutated, wrapped and compound command lines (<see cref="CommandLineGens"/>):
/// <list type="number">
/// <item>deciding never throws and never ends in <see cref="Rules.DecisionError"/>;</item>
/// <item>parsing takes at most 32 steps per character plus 64 (<see cref="ShellParser.ParseCounted"/>);</item>
/// <item>a line is never allowed when a guardrail program is in command position anywhere in it
/// (<see cref="GuardrailCommandFinder"/>), and an allowed line always has a plan for the tool.</item>
/// </list>
/// About 20,000 cases in all; set <c>TOOLGATE_FUZZ_ITERATIONS</c> for a longer run (see
/// <see cref="FuzzBudget.Shell"/>). A failure prints the shrunk line and the seed to re-run it with.
/// </summary>
public class ShellEvaluatorPropertyTests(ITestOutputHelper output)
{
    private const string Cwd = "/srv/project";

    private static readonly GuardrailCommandFinder Finder = new(TestKnowledge.Shell);

    [Fact]
    public void Decide_RandomTokenSoup_HoldsTheProperties() =>
        CommandLineGens.Soup.Sample(HoldsTheProperties, output.WriteLine, iter: FuzzBudget.Shell.Share(25), print: Show);

    [Fact]
    public void Decide_MutatedCorpusRows_HoldTheProperties() =>
        CommandLineGens.MutatedCorpus.Sample(HoldsTheProperties, output.WriteLine, iter: FuzzBudget.Shell.Share(40), print: Show);

    [Fact]
    public void Decide_WrappedGuardrailCommands_HoldTheProperties() =>
        CommandLineGens.Wrapped.Sample(HoldsTheProperties, output.WriteLine, iter: FuzzBudget.Shell.Share(15), print: Show);

    [Fact]
    public void Decide_ConstructsUnderAGrantOfEveryConstruct_HoldTheProperties() =>
        CommandLineGens.Constructs.Sample(line => HoldsTheProperties(line, WideShellGrant.PolicyWithConstructs), output.WriteLine, iter: FuzzBudget.Shell.Share(10), print: Show);

    [Fact]
    public void Decide_RandomTokenSoupUnderAGrantOfEveryConstruct_HoldsTheProperties() =>
        CommandLineGens.Soup.Sample(line => HoldsTheProperties(line, WideShellGrant.PolicyWithConstructs), output.WriteLine, iter: FuzzBudget.Shell.Share(10), print: Show);

    /// <summary>The oracle itself: it must see what it is there to see, or the third property proves nothing.</summary>
    [Theory]
    [InlineData("ls; s''udo id", "sudo")]
    [InlineData("nice -n 19 timeout 5 /usr/bin/NC -l 1", "NC")]
    [InlineData("sh -c 'ls | xmrig -o x'", "xmrig")]
    [InlineData("{sudo,-n} id", "sudo")]
    [InlineData("echo $(env -i crontab -l)", "crontab")]
    [InlineData("busybox sh -xc 'ls && \"dOas\" id'", "dOas")]
    [InlineData("for p in ls s''udo; do \"$p\" id; done", "sudo")]
    [InlineData("for p in a; do for p in {sudo,-n}; do ${p} id; done; done", "sudo")]
    [InlineData("case a in b) nc -l 1;; esac", "nc")]
    [InlineData("ls --sudo nc", null)]
    [InlineData("timeout 5s ls sudo", null)]
    public void Finder_KnownLines_FindsTheGuardrailProgram(string line, string? expected)
    {
        Assert.Equal(expected, Finder.Find(line));
    }

    /// <summary>The generators must reach allowed lines, or the third property is never exercised.</summary>
    [Fact]
    public void Generators_ProduceAllowedAndGuardrailLines()
    {
        var lines = CommandLineGens.MutatedCorpus.Array[2000].Single().Concat(CommandLineGens.Wrapped.Array[500].Single()).ToList();
        var allowed = lines.Count(l => Decide(l).IsAllowed);
        var guardrail = lines.Count(l => Finder.Find(l) is not null);

        Assert.True(allowed >= 100, $"only {allowed} of {lines.Count} generated lines are allowed");
        Assert.True(guardrail >= 500, $"only {guardrail} of {lines.Count} generated lines have a guardrail program");
    }

    [Fact]
    public void Generators_ProduceAllowedAndGuardrailLinesWithConstructs()
    {
        var lines = CommandLineGens.Constructs.Array[2000].Single();
        var allowed = lines.Count(l => Decide(l, WideShellGrant.PolicyWithConstructs).IsAllowed);
        var guardrail = lines.Count(l => Finder.Find(l) is not null);
        var loopOnly = lines.Count(l => Finder.Find(l) is not null && Decide(l, WideShellGrant.Policy) is { Severity: < Severity.Critical });

        output.WriteLine($"{allowed} allowed, {guardrail} with a guardrail program, {loopOnly} found only by unrolling, of {lines.Length}");
        Assert.True(allowed >= 100, $"only {allowed} of {lines.Length} generated lines are allowed");
        Assert.True(guardrail >= 1000, $"only {guardrail} of {lines.Length} generated lines have a guardrail program");
        Assert.True(loopOnly >= 100, $"only {loopOnly} of {lines.Length} lines hide their guardrail program where only unrolling finds it");
    }

    private static void HoldsTheProperties(string line) => HoldsTheProperties(line, WideShellGrant.Policy);

    private static void HoldsTheProperties(string line, ShellPolicy policy)
    {
        var (_, steps) = ShellParser.ParseCounted(line);
        Assert.True(steps <= (32L * line.Length) + 64, $"{steps} parse steps for {line.Length} characters");

        var verdict = Decide(line, policy);
        Assert.NotEqual(Rules.DecisionError, verdict.Rule);
        if (!verdict.IsAllowed)
        {
            return;
        }

        var program = Finder.Find(line);
        Assert.True(program is null, $"allowed ({verdict.Reason}) although '{program}' runs in it");
        Assert.True(ShellPlan.Build(line) is not null, "allowed, but there is no plan for the tool to run");
    }

    private static Verdict Decide(string line, ShellPolicy? policy = null) =>
        ShellEvaluator.Decide(new ShellAction(line, Cwd), policy ?? WideShellGrant.Policy, TestKnowledge.Shell, TestGrants.Now, TestKnowledge.ShellNetwork);

    private static string Show(string line) => Differential.BashArgv.Escape(line);
}
