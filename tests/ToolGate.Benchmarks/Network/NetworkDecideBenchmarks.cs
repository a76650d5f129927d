using BenchmarkDotNet.Attributes;
using ToolGate.Benchmarks.Decisions;
using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;

namespace ToolGate.Benchmarks.Network;

/// <summary>
/// Canonicalise + decide (<see cref="DecisionEngine.Decide"/> → <see cref="NetworkEvaluator"/>: mining scheme,
/// parse and canonicalise, guardrails from the shipped <c>network.yaml</c>, deny and allow patterns) for
/// typical destinations: an exact-host grant, a wildcard domain, a path prefix, a CONNECT authority, an IP
/// literal in a blocked class, a pool domain and a name nothing grants. Canonicalising alone is the baseline.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortRunConfig))]
public class NetworkDecideBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly NetworkAction _exactHost = new("https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz");
    private readonly NetworkAction _wildcard = new("https://raw.githubusercontent.com/dotnet/runtime/main/README.md");
    private readonly NetworkAction _pathPrefix = new("https://huggingface.co/api/models/bert-base-uncased?full=true");
    // Not registry.npmjs.org: the grant has a path deny there, and a tunnel to a host with a path deny is refused.
    private readonly NetworkAction _connect = new("objects.githubusercontent.com:443");
    private readonly NetworkAction _metadataIp = new("http://169.254.169.254/latest/meta-data/iam/security-credentials/");
    private readonly NetworkAction _hexLoopback = new("http://0x7f.1:8080/admin");
    private readonly NetworkAction _pool = new("xmr-eu1.nanopool.org:14433");
    private readonly NetworkAction _notGranted = new("https://example.com/index.html");

    private PolicySnapshot _snapshot = null!;

    [GlobalSetup]
    public void Setup()
    {
        var grant = new NetworkGrant
        {
            Id = "bench-network",
            AgentId = BenchmarkGrants.AgentId,
            Source = GrantSources.Api,
            Allow = ["https://registry.npmjs.org", "https://huggingface.co:443/api/", "*.githubusercontent.com:443", "https://pypi.org/simple"],
            Deny = ["https://registry.npmjs.org/-/npm/v1/security"],
        };
        _snapshot = PolicySnapshot.Create([grant], OperatorSettings.Default, BenchmarkKnowledge.Shell, BenchmarkKnowledge.Network);

        Expect(ExactHost(), DecisionOutcome.Allow, "grant:bench-network");
        Expect(WildcardDomain(), DecisionOutcome.Allow, "grant:bench-network");
        Expect(PathPrefix(), DecisionOutcome.Allow, "grant:bench-network");
        Expect(Connect(), DecisionOutcome.Allow, "grant:bench-network");
        Expect(MetadataIp(), DecisionOutcome.Deny, NetworkGuardrails.AddressClassRule);
        Expect(HexLoopback(), DecisionOutcome.Deny, NetworkGuardrails.AddressClassRule);
        Expect(PoolDomain(), DecisionOutcome.Deny, NetworkGuardrails.MinerRule);
        Expect(NotGranted(), DecisionOutcome.Deny, Rules.DefaultDeny);
    }

    [Benchmark(Baseline = true, Description = "canonicalise only (exact host URL)")]
    public NetworkTarget? CanonicaliseOnly() => NetworkTarget.TryParse(_exactHost.Destination, out var target, out _) ? target : null;

    [Benchmark(Description = "allow, exact host")]
    public Verdict ExactHost() => Decide(_exactHost);

    [Benchmark(Description = "allow, wildcard domain")]
    public Verdict WildcardDomain() => Decide(_wildcard);

    [Benchmark(Description = "allow, path prefix + query")]
    public Verdict PathPrefix() => Decide(_pathPrefix);

    [Benchmark(Description = "allow, CONNECT host:port")]
    public Verdict Connect() => Decide(_connect);

    [Benchmark(Description = "deny, metadata IP literal")]
    public Verdict MetadataIp() => Decide(_metadataIp);

    [Benchmark(Description = "deny, hex short loopback")]
    public Verdict HexLoopback() => Decide(_hexLoopback);

    [Benchmark(Description = "deny, mining pool domain")]
    public Verdict PoolDomain() => Decide(_pool);

    [Benchmark(Description = "deny, name not granted")]
    public Verdict NotGranted() => Decide(_notGranted);

    private Verdict Decide(NetworkAction action) => DecisionEngine.Decide(BenchmarkGrants.AgentId, action, _snapshot, Now);

    private static void Expect(Verdict verdict, DecisionOutcome outcome, string rule)
    {
        if (verdict.Outcome != outcome || verdict.Rule != rule)
        {
            throw new InvalidOperationException($"expected {outcome} by {rule}, got {verdict.Outcome} by {verdict.Rule}: {verdict.Reason}");
        }
    }
}
