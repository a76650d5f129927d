using ToolGate.Core.Actions;
using ToolGate.Core.Audit;
using ToolGate.Core.Grants;
using ToolGate.Gateway.Pipeline;

namespace ToolGate.Gateway.Limit;

/// <summary>The one order every entry point applies limits in: the agent's overall limit, then the allowing grant's.</summary>
internal static class RateLimitRefusal
{
    /// <summary>Null when the action is within both limits; otherwise the rate_limited record of the limit that fired and the wait.</summary>
    public static (AuditEntry Entry, TimeSpan RetryAfter)? Check(this IActionRateLimiter limiter, string decisionId, string agentId, ToolAction action, Grant grant)
    {
        if (limiter.TryAcquireForAgent(agentId) is { } agentWait)
        {
            return (DecisionRecorder.RateLimitedAgent(decisionId, agentId, action, limiter.AgentLimit!), agentWait);
        }

        return limiter.TryAcquire(grant) is { } wait ? (DecisionRecorder.RateLimited(decisionId, agentId, action, grant), wait) : null;
    }
}
