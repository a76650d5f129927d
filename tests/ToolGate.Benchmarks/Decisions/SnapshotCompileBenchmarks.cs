using BenchmarkDotNet.Attributes;
using ToolGate.Core.Grants;
using ToolGate.Core.Policies;
using ToolGate.Core.Text;

namespace ToolGate.Benchmarks.Decisions;

/// <summary>
/// What a policy change costs: the gateway compiles a whole new <see cref="PolicySnapshot"/> (every agent's
/// grants) whenever a grant is created or deleted or a policy file changes. Not on the request path, but it
/// bounds how fast grants can be changed and how long a reload holds a core.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class SnapshotCompileBenchmarks
{
    private readonly string _glob = BenchmarkGrants.Workspace;
    private Grant[] _tenGrants = null!;
    private Grant[] _thousandGrants = null!;

    [GlobalSetup]
    public void Setup()
    {
        _tenGrants = [.. BenchmarkGrants.ForAgent(BenchmarkGrants.AgentId, 10)];
        _thousandGrants = [.. BenchmarkGrants.ForAgent(BenchmarkGrants.AgentId, 1_000)];
    }

    /// <summary>One path glob (<c>/workspace/**</c>), as every shell grant with paths compiles one.</summary>
    [Benchmark(Baseline = true, Description = "one path glob")]
    public GlobPattern CompileGlob() => GlobPattern.Create(_glob);

    [Benchmark(Description = "snapshot, 10 grants")]
    public PolicySnapshot Compile10() => PolicySnapshot.Create(_tenGrants, OperatorSettings.Default, BenchmarkKnowledge.Shell, BenchmarkKnowledge.Network);

    [Benchmark(Description = "snapshot, 1,000 grants")]
    public PolicySnapshot Compile1000() => PolicySnapshot.Create(_thousandGrants, OperatorSettings.Default, BenchmarkKnowledge.Shell, BenchmarkKnowledge.Network);
}
