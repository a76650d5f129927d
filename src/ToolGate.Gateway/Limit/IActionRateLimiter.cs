using ToolGate.Core.Grants;

namespace ToolGate.Gateway.Limit;

/// <summary>
/// Limit state behind a small interface: in-process by default; a shared store (Redis) when several
/// gateway replicas must share one budget.
/// </summary>
public interface IActionRateLimiter
{
    /// <summary>Null when the action may go ahead; otherwise how long to wait before trying again.</summary>
    TimeSpan? TryAcquire(Grant grant);
}
