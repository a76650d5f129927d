using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ToolGate.Core.Audit;
using ToolGate.Core.Decisions;
using ToolGate.Gateway.Limit;

namespace ToolGate.Gateway.Pipeline;

/// <summary>Limit: the allowing grant's rate limit. Over it → 429 with Retry-After, audited as rate_limited.</summary>
internal sealed class LimitStep(RequestDelegate next, IActionRateLimiter limiter, DecisionRecorder recorder)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.GetRequiredFeature<ToolCallFeature>();
        var grant = feature.Verdict!.Grant!;
        if (limiter.TryAcquire(grant) is { } retryAfter)
        {
            var spec = grant.RateLimit!;
            var reason = $"rate limit of grant {grant.Id} exceeded: {spec.Permits} per {spec.WindowSeconds}s";
            var entry = DecisionRecorder.Entry(AuditStages.Decision, feature.DecisionId, feature.AgentId, feature.Action,
                AuditDecisions.RateLimited, reason, Rules.RateLimited + ":" + grant.Id, Severity.Low);
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await recorder.RefuseAsync(context, feature.DecisionId, entry, StatusCodes.Status429TooManyRequests);
            return;
        }

        await next(context);
    }
}
