using BenchmarkDotNet.Attributes;
using ToolGate.Benchmarks.Decisions;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Constructs;

namespace ToolGate.Benchmarks.Shell;

/// <summary>
/// Parse + decide for lines with constructs a grant permits (they always go through the tree): a <c>for</c> loop
/// unrolled over four words with an <c>if</c> in its body (about 200 characters, 16 commands judged), and a <c>case</c>
/// resolved on a loop word. Compare with <see cref="ShellParseDecideBenchmarks"/>' "through the tree" rows.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class ShellConstructBenchmarks
{
    private const string Cwd = "/workspace";

    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ShellAction _forIf = new(
        "for f in app.ts util.ts main.ts index.ts; do if test -f \"src/$f\"; then head -5 \"src/$f\" | wc -l; else echo \"missing $f\"; fi; done"
        + " && git log --oneline -5 -- src/app.ts", Cwd);

    private readonly ShellAction _case = new(
        "for f in a.ts b.md c.json; do case \"$f\" in *.ts) wc -l \"src/$f\";; *.md) head -3 \"docs/$f\";; *) echo \"skip $f\";; esac; done", Cwd);

    private readonly ShellPolicy _policy = ShellPolicy.Compile([new ShellGrant
    {
        Id = "bench-shell",
        AgentId = BenchmarkGrants.AgentId,
        Source = GrantSources.Api,
        Allow = ["git log *", "git show *", "grep *", "head *", "tail *", "wc *", "test *", "echo *"],
        Paths = [BenchmarkGrants.Workspace],
        Constructs = [ShellConstructs.For, ShellConstructs.If, ShellConstructs.Case],
    }]);

    private readonly ShellKnowledge _knowledge = BenchmarkKnowledge.Shell;

    [GlobalSetup]
    public void Setup()
    {
        foreach (var action in new[] { _forIf, _case })
        {
            var verdict = Decide(action);
            if (!verdict.IsAllowed || verdict.ShellPlan is null)
            {
                throw new InvalidOperationException($"'{action.Command}' is not allowed with a plan: {verdict.Reason}");
            }
        }
    }

    [Benchmark(Baseline = true, Description = "for + if, 4 words, ~200 chars")]
    public Verdict DecideForIf() => Decide(_forIf);

    [Benchmark(Description = "for + case, 3 words")]
    public Verdict DecideForCase() => Decide(_case);

    private Verdict Decide(ShellAction action) => ShellEvaluator.Decide(action, _policy, _knowledge, Now, BenchmarkKnowledge.ShellNetwork);
}
