using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Policies;
using ToolGate.Core.Shell;

namespace ToolGate.Benchmarks.Decisions;

/// <summary>
/// The pure decision path the gateway runs on every tool call: <see cref="DecisionEngine.Decide"/>
/// (which tokenises a shell command itself) against snapshots where the agent has 10 or 1,000 grants.
/// Tokenising alone is the baseline, so the ratio column reads "decisions cost N tokenisations".
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class DecisionBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ShellAction _gitDiff = new("git diff --stat src/app.ts", "/workspace");
    private readonly ShellAction _forcePush = new("git push --force origin main", "/workspace");
    private readonly NetworkAction _gitHub = new("https://api.github.com/repos/x");
    private readonly ComputeAction _trainingJob = new("registry.local/train:v1", "python train.py", 1, 60);
    private readonly PathScope _workspace = new([BenchmarkGrants.Workspace]);
    private ImmutableArray<string> _gitDiffWords;

    private PolicySnapshot _tenGrants = null!;
    private PolicySnapshot _thousandGrants = null!;
    private PolicySnapshot _thousandGitGrants = null!;

    // Compiling 1,000 grants takes seconds (see SnapshotCompileBenchmarks) and every benchmark runs in its own
    // process, so each builds only the snapshot it uses.
    [GlobalSetup(Targets = [nameof(TokenizeOnly), nameof(PathScopeOnly)])]
    public void SetupTokens()
    {
        _gitDiffWords = ShellTokenizer.Tokenize(_gitDiff.Command).Words;
        if (PathScopeOnly() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    [GlobalSetup(Targets = [nameof(ShellAllowed_10Grants), nameof(NetworkAllowed_10Grants), nameof(ComputeAllowed_10Grants)])]
    public void SetupTenGrants()
    {
        _tenGrants = BenchmarkGrants.Snapshot(10);
        Expect(ShellAllowed_10Grants(), DecisionOutcome.Allow);
        Expect(NetworkAllowed_10Grants(), DecisionOutcome.Allow);
        Expect(ComputeAllowed_10Grants(), DecisionOutcome.Allow);
    }

    [GlobalSetup(Targets = [nameof(ShellAllowed_1000Grants), nameof(ShellDenied_1000Grants), nameof(NetworkAllowed_1000Grants)])]
    public void SetupThousandGrants()
    {
        _thousandGrants = BenchmarkGrants.Snapshot(1_000);
        Expect(ShellAllowed_1000Grants(), DecisionOutcome.Allow);
        Expect(ShellDenied_1000Grants(), DecisionOutcome.Deny);
        Expect(NetworkAllowed_1000Grants(), DecisionOutcome.Allow);
    }

    [GlobalSetup(Target = nameof(ShellAllowed_1000GitGrants))]
    public void SetupThousandGitGrants()
    {
        _thousandGitGrants = BenchmarkGrants.Snapshot(1_000, oneProgram: true);
        Expect(ShellAllowed_1000GitGrants(), DecisionOutcome.Allow);
    }

    [Benchmark(Baseline = true, Description = "tokenize only")]
    public ShellTokens TokenizeOnly() => ShellTokenizer.Tokenize(_gitDiff.Command);

    /// <summary>The part of a shell decision that resolves file arguments against the grant's globs.</summary>
    [Benchmark(Description = "path scope check only")]
    public string? PathScopeOnly() => _workspace.Check(_gitDiffWords, _gitDiff.Cwd);

    [Benchmark(Description = "shell allow, 10 grants")]
    public Verdict ShellAllowed_10Grants() => DecisionEngine.Decide(BenchmarkGrants.AgentId, _gitDiff, _tenGrants, Now);

    [Benchmark(Description = "shell allow, 1,000 grants")]
    public Verdict ShellAllowed_1000Grants() => DecisionEngine.Decide(BenchmarkGrants.AgentId, _gitDiff, _thousandGrants, Now);

    [Benchmark(Description = "shell allow, 1,000 git grants")]
    public Verdict ShellAllowed_1000GitGrants() => DecisionEngine.Decide(BenchmarkGrants.AgentId, _gitDiff, _thousandGitGrants, Now);

    [Benchmark(Description = "shell deny pattern, 1,000 grants")]
    public Verdict ShellDenied_1000Grants() => DecisionEngine.Decide(BenchmarkGrants.AgentId, _forcePush, _thousandGrants, Now);

    [Benchmark(Description = "network allow, 10 grants")]
    public Verdict NetworkAllowed_10Grants() => DecisionEngine.Decide(BenchmarkGrants.AgentId, _gitHub, _tenGrants, Now);

    [Benchmark(Description = "network allow, 1,000 grants")]
    public Verdict NetworkAllowed_1000Grants() => DecisionEngine.Decide(BenchmarkGrants.AgentId, _gitHub, _thousandGrants, Now);

    /// <summary>The job <c>scripts/load.sh</c> sends: image, GPUs, duration and the command judged as shell.</summary>
    [Benchmark(Description = "compute allow, 10 grants")]
    public Verdict ComputeAllowed_10Grants() => DecisionEngine.Decide(BenchmarkGrants.AgentId, _trainingJob, _tenGrants, Now);

    private static void Expect(Verdict verdict, DecisionOutcome expected)
    {
        if (verdict.Outcome != expected)
        {
            throw new InvalidOperationException($"Expected {expected}, got {verdict.Outcome}: {verdict.Reason} ({verdict.Rule}).");
        }
    }
}
