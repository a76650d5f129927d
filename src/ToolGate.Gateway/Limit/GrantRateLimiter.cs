using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ToolGate.Core.Grants;
using ToolGate.Gateway.Hosting;

namespace ToolGate.Gateway.Limit;

/// <summary>
/// Enforces each grant's <c>rateLimit</c> on the actions that grant allows, and the operator's per-agent limit on
/// everything an agent does, with System.Threading.RateLimiting (sliding windows or token buckets; no hand-rolled
/// counters). A grant's partition key includes its limit, so editing the limit starts afresh.
/// </summary>
internal sealed class GrantRateLimiter : IActionRateLimiter, IDisposable
{
    private const int MaxSegmentsPerWindow = 10;

    /// <summary>Token buckets refill in steps no shorter than this, so a high rate does not mean a busy timer.</summary>
    private static readonly TimeSpan MinReplenishment = TimeSpan.FromMilliseconds(100);

    private readonly PartitionedRateLimiter<Grant> _grants = PartitionedRateLimiter.Create<Grant, Partition>(grant =>
        Create(new Partition(grant.AgentId, grant.Id, grant.RateLimit!)));

    private readonly PartitionedRateLimiter<string>? _agents;
    private readonly RateLimitSpec? _agentSpec;

    public GrantRateLimiter(IOptions<ToolGateOptions> options)
    {
        var perAgent = options.Value.Limits.PerAgent;
        if (perAgent.Permits > 0)
        {
            _agentSpec = new RateLimitSpec(perAgent.Permits, perAgent.WindowSeconds, perAgent.Kind);
            _agents = PartitionedRateLimiter.Create<string, Partition>(agentId => Create(new Partition(agentId, AgentRule, _agentSpec)));
        }
    }

    /// <summary>The rule suffix of a refusal by the per-agent limit: <c>rate-limit:agent</c>.</summary>
    public const string AgentRule = "agent";

    public RateLimitSpec? AgentLimit => _agentSpec;

    public TimeSpan? TryAcquire(Grant grant) =>
        grant.RateLimit is { } spec ? TryAcquire(_grants, grant, spec) : null;

    public TimeSpan? TryAcquireForAgent(string agentId) =>
        _agents is null ? null : TryAcquire(_agents, agentId, _agentSpec!);

    public void Dispose()
    {
        _grants.Dispose();
        _agents?.Dispose();
    }

    private static TimeSpan? TryAcquire<T>(PartitionedRateLimiter<T> limiter, T resource, RateLimitSpec spec)
    {
        using var lease = limiter.AttemptAcquire(resource);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? retryAfter
            : TimeSpan.FromSeconds((double)spec.WindowSeconds / Math.Clamp(spec.WindowSeconds, 1, MaxSegmentsPerWindow));
    }

    private static RateLimitPartition<Partition> Create(Partition partition)
    {
        var spec = partition.Spec;
        var window = TimeSpan.FromSeconds(spec.WindowSeconds);
        if (spec.Kind == RateLimitKind.TokenBucket)
        {
            var period = window / spec.Permits < MinReplenishment ? MinReplenishment : window / spec.Permits;
            var tokensPerPeriod = Math.Max(1, (int)Math.Round(spec.Permits * (period / window)));
            return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = spec.Permits,
                TokensPerPeriod = tokensPerPeriod,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        }

        return RateLimitPartition.GetSlidingWindowLimiter(partition, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = spec.Permits,
            Window = window,
            SegmentsPerWindow = Math.Clamp(spec.WindowSeconds, 1, MaxSegmentsPerWindow),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private sealed record Partition(string AgentId, string Scope, RateLimitSpec Spec);
}
