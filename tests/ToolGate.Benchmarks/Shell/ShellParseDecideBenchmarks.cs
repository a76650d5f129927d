using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using ToolGate.Benchmarks.Decisions;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Syntax;

namespace ToolGate.Benchmarks.Shell;

/// <summary>
/// Parse + decide (<see cref="ShellEvaluator.Decide"/>: read, judge every command, build the plan) for
/// allowed command lines of about 40, 200 and 2,000 characters. Every line here is read flat
/// (<see cref="SimpleCommandLine"/>); "through the tree" decides the same lines the way any other line is decided
/// (parse into the syntax tree, judge it, plan it), and parse only / plan only show where that path's time goes. The foundation's tokenise-and-match (<see cref="FoundationShellMatcher"/>)
/// understands one simple command only, so it is compared on the 40-character command and on single-command
/// lines of 200 and 2,000 characters; the list and chain lines are measured with the parser only.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class ShellParseDecideBenchmarks
{
    private const string Cwd = "/workspace";

    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ShellAction _short = new("git log --oneline -20 -- src/app/main.ts", Cwd);
    private readonly ShellAction _list = new(
        "git log --oneline -20 -- src/app.ts | head -5 && grep -n 'TODO' src/lib/util.ts | sort | uniq -c; wc -l src/a.ts src/b.ts"
        + " && git diff --stat -- src/app.ts | tail -3 || git show HEAD:README.md | head -n 20", Cwd);
    private readonly ShellAction _chain = new(Chain(2_000), Cwd);
    private readonly ShellAction _single = new(Grep(200), Cwd);
    private readonly ShellAction _longSingle = new(Grep(2_000), Cwd);

    private readonly ShellPolicy _policy = ShellPolicy.Compile([new ShellGrant
    {
        Id = "bench-shell",
        AgentId = BenchmarkGrants.AgentId,
        Source = GrantSources.Api,
        Allow = ["git log *", "git show *", "git diff *", "grep *", "head *", "tail *", "wc *", "sort *", "uniq *"],
        Deny = ["git push *", "git log --all *"],
        Paths = [BenchmarkGrants.Workspace],
    }]);

    private readonly ShellKnowledge _knowledge = BenchmarkKnowledge.Shell;
    private CommandList _shortTree = null!;
    private CommandList _listTree = null!;

    /// <summary>Every line is allowed by both deciders that measure it, and has the length it claims.</summary>
    [GlobalSetup]
    public void Setup()
    {
        foreach (var (action, length, foundation) in new[] { (_short, 40, true), (_list, 200, false), (_chain, 2_000, false), (_single, 200, true), (_longSingle, 2_000, true) })
        {
            Expect(Math.Abs(action.Command.Length - length) <= length / 20, $"'{action.Command}' is {action.Command.Length} characters, not about {length}");
            Expect(Decide(action).IsAllowed, $"parse + decide denies '{action.Command}': {Decide(action).Reason}");
            Expect(!foundation || FoundationShellMatcher.Decide(action, _policy, Now).IsAllowed, $"the foundation denies '{action.Command}'");
            Expect(SimpleCommandLine.TryRead(action.Command) is not null, $"'{action.Command}' is not read flat");
            Expect(ShellEvaluator.DecideParsed(action, _policy, _knowledge, Now).IsAllowed, $"parse + decide through the tree denies '{action.Command}'");
        }

        _shortTree = ShellParser.Parse(_short.Command).Tree!;
        _listTree = ShellParser.Parse(_list.Command).Tree!;
    }

    [Benchmark(Baseline = true, Description = "parse + decide, 40 chars")]
    public Verdict Decide40() => Decide(_short);

    [Benchmark(Description = "parse + decide, 200 chars (list of 8 commands)")]
    public Verdict Decide200List() => Decide(_list);

    [Benchmark(Description = "parse + decide, 2,000 chars (&& chain)")]
    public Verdict Decide2000Chain() => Decide(_chain);

    [Benchmark(Description = "parse + decide, 200 chars (one command)")]
    public Verdict Decide200Single() => Decide(_single);

    [Benchmark(Description = "parse + decide, 2,000 chars (one command)")]
    public Verdict Decide2000Single() => Decide(_longSingle);

    [Benchmark(Description = "through the tree, 40 chars")]
    public Verdict DecideTree40() => ShellEvaluator.DecideParsed(_short, _policy, _knowledge, Now);

    [Benchmark(Description = "through the tree, 200 chars (list of 8 commands)")]
    public Verdict DecideTree200List() => ShellEvaluator.DecideParsed(_list, _policy, _knowledge, Now);

    [Benchmark(Description = "flat read only, 200 chars (list)")]
    public object? ReadFlat200List() => SimpleCommandLine.TryRead(_list.Command);

    [Benchmark(Description = "parse only, 40 chars")]
    public ShellParseResult Parse40() => ShellParser.Parse(_short.Command);

    [Benchmark(Description = "parse only, 200 chars (list)")]
    public ShellParseResult Parse200List() => ShellParser.Parse(_list.Command);

    [Benchmark(Description = "parse only, 2,000 chars (chain)")]
    public ShellParseResult Parse2000Chain() => ShellParser.Parse(_chain.Command);

    [Benchmark(Description = "plan only, 40 chars (parsed tree)")]
    public ShellPlan? Plan40() => ShellPlan.Build(_shortTree);

    [Benchmark(Description = "plan only, 200 chars (list, parsed tree)")]
    public ShellPlan? Plan200List() => ShellPlan.Build(_listTree);

    [Benchmark(Description = "foundation, 40 chars")]
    public Verdict Foundation40() => FoundationShellMatcher.Decide(_short, _policy, Now);

    [Benchmark(Description = "foundation, 200 chars (one command)")]
    public Verdict Foundation200Single() => FoundationShellMatcher.Decide(_single, _policy, Now);

    [Benchmark(Description = "foundation, 2,000 chars (one command)")]
    public Verdict Foundation2000Single() => FoundationShellMatcher.Decide(_longSingle, _policy, Now);

    private Verdict Decide(ShellAction action) => ShellEvaluator.Decide(action, _policy, _knowledge, Now, BenchmarkKnowledge.ShellNetwork);

    /// <summary><c>git log … -- src/modNN/index.ts &amp;&amp; …</c> up to about <paramref name="length"/> characters.</summary>
    private static string Chain(int length)
    {
        var line = new StringBuilder();
        for (var i = 0; line.Length + 46 <= length; i++)
        {
            line.Append(i == 0 ? string.Empty : " && ").Append(CultureInfo.InvariantCulture, $"git log --oneline -5 -- src/mod{i:D2}/index.ts");
        }

        return line.ToString();
    }

    /// <summary>One <c>grep</c> with quoted patterns and file arguments, up to about <paramref name="length"/> characters.</summary>
    private static string Grep(int length)
    {
        var line = new StringBuilder("grep -n -i -e 'import x' -e \"export y\"");
        for (var i = 0; line.Length + 14 <= length; i++)
        {
            line.Append(CultureInfo.InvariantCulture, $" src/m{i / 10}/f{i % 10}.ts");
        }

        return line.ToString();
    }

    private static void Expect(bool condition, string problem)
    {
        if (!condition)
        {
            throw new InvalidOperationException(problem);
        }
    }
}
