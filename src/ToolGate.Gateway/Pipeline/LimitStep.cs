using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ToolGate.Gateway.Limit;

namespace ToolGate.Gateway.Pipeline;

/// <summary>Limit: the agent's overall limit, then the allowing grant's. Over either → 429 with Retry-After, audited as rate_limited.</summary>
internal sealed class LimitStep(RequestDelegate next, IActionRateLimiter limiter, DecisionRecorder recorder)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.GetRequiredFeature<ToolCallFeature>();
        var grant = feature.Verdict!.Grant!;
        if (limiter.TryAcquireForAgent(feature.AgentId) is { } agentWait)
        {
            var entry = DecisionRecorder.RateLimitedAgent(feature.DecisionId, feature.AgentId, feature.Action!, limiter.AgentLimit!);
            context.Response.Headers.RetryAfter = DecisionRecorder.RetryAfterSeconds(agentWait);
            await recorder.RefuseAsync(context, feature.DecisionId, entry, StatusCodes.Status429TooManyRequests);
            return;
        }

        if (limiter.TryAcquire(grant) is { } retryAfter)
        {
            var entry = DecisionRecorder.RateLimited(feature.DecisionId, feature.AgentId, feature.Action!, grant);
            context.Response.Headers.RetryAfter = DecisionRecorder.RetryAfterSeconds(retryAfter);
            await recorder.RefuseAsync(context, feature.DecisionId, entry, StatusCodes.Status429TooManyRequests);
            return;
        }

        await next(context);
    }
}
