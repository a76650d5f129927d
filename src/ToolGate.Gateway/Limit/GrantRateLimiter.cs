using System.Threading.RateLimiting;
using ToolGate.Core.Grants;

namespace ToolGate.Gateway.Limit;

/// <summary>
/// Enforces each grant's <c>rateLimit</c> on the actions that grant allows, per agent, with
/// System.Threading.RateLimiting sliding windows (no hand-rolled counters). A grant's partition key
/// includes its limit, so editing the limit starts a fresh window.
/// </summary>
internal sealed class GrantRateLimiter : IActionRateLimiter, IDisposable
{
    private const int MaxSegmentsPerWindow = 10;

    private readonly PartitionedRateLimiter<Grant> _limiter = PartitionedRateLimiter.Create<Grant, Partition>(grant =>
    {
        var spec = grant.RateLimit!;
        return RateLimitPartition.GetSlidingWindowLimiter(
            new Partition(grant.AgentId, grant.Id, spec),
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = spec.Permits,
                Window = TimeSpan.FromSeconds(spec.WindowSeconds),
                SegmentsPerWindow = Math.Clamp(spec.WindowSeconds, 1, MaxSegmentsPerWindow),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
    });

    public TimeSpan? TryAcquire(Grant grant)
    {
        if (grant.RateLimit is not { } spec)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(grant);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? retryAfter
            : TimeSpan.FromSeconds((double)spec.WindowSeconds / Math.Clamp(spec.WindowSeconds, 1, MaxSegmentsPerWindow));
    }

    public void Dispose() => _limiter.Dispose();

    private sealed record Partition(string AgentId, string GrantId, RateLimitSpec Spec);
}
