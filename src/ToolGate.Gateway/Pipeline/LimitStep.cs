using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;
using ToolGate.Core.Actions;
using ToolGate.Core.Grants;
using ToolGate.Gateway.Budgets;
using ToolGate.Gateway.Limit;

namespace ToolGate.Gateway.Pipeline;

/// <summary>
/// Limit: the agent's overall limit, then the allowing grant's, then (compute) the grant's GPU-second budget. Over any
/// → 429 with Retry-After, audited as rate_limited with the limit that fired.
/// </summary>
internal sealed class LimitStep(RequestDelegate next, IActionRateLimiter limiter, ComputeBudgets budgets, DecisionRecorder recorder)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.GetRequiredFeature<ToolCallFeature>();
        var grant = feature.Verdict!.Grant!;
        if (limiter.Check(feature.DecisionId, feature.AgentId, feature.Action!, grant) is { } limited)
        {
            context.Response.Headers.RetryAfter = DecisionRecorder.RetryAfterSeconds(limited.RetryAfter);
            await recorder.RefuseAsync(context, feature.DecisionId, limited.Entry, StatusCodes.Status429TooManyRequests);
            return;
        }

        if (feature.Action is ComputeAction job && grant is ComputeGrant { GpuSecondsPerWindow: not null } computeGrant)
        {
            if (await budgets.TryChargeAsync(context, feature.DecisionId, feature.AgentId, job, computeGrant) is { } refusal)
            {
                if (refusal.RetryAfter is { } wait)
                {
                    context.Response.Headers.RetryAfter = DecisionRecorder.RetryAfterSeconds(wait);
                }

                await recorder.RefuseAsync(context, feature.DecisionId, refusal.Entry, refusal.Status);
                return;
            }

            await next(context);
            if (NeverRan(context))
            {
                await budgets.RefundUnrunAsync(feature.DecisionId);
            }

            return;
        }

        await next(context);
    }

    /// <summary>
    /// Whether the job certainly did not start: the tool itself refused it, or it was never sent (no destination, an
    /// open circuit). A reset, a timeout or a cut leaves the charge standing; the tool's usage report settles it.
    /// </summary>
    private static bool NeverRan(HttpContext context)
    {
        if (context.GetForwarderErrorFeature() is { } error)
        {
            return error.Error is Yarp.ReverseProxy.Forwarder.ForwarderError.NoAvailableDestinations
                || error.Exception is Polly.CircuitBreaker.BrokenCircuitException;
        }

        return !context.RequestAborted.IsCancellationRequested && context.Response.StatusCode is < 200 or >= 300;
    }
}
