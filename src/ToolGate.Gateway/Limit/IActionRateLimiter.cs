using ToolGate.Core.Grants;

namespace ToolGate.Gateway.Limit;

/// <summary>
/// Limit state behind a small interface: in-process by default; a shared store (Redis) when several
/// gateway replicas must share one budget.
/// </summary>
public interface IActionRateLimiter
{
    /// <summary>The operator's limit on everything one agent does (<c>ToolGate:Limits:PerAgent</c>); null when off.</summary>
    RateLimitSpec? AgentLimit { get; }

    /// <summary>Null when the action may go ahead under the grant's limit; otherwise how long to wait before trying again.</summary>
    TimeSpan? TryAcquire(Grant grant);

    /// <summary>Null when the agent is within its overall limit; otherwise how long to wait.</summary>
    TimeSpan? TryAcquireForAgent(string agentId);
}
