using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ToolGate.Core.Audit;

namespace ToolGate.Gateway.Pipeline;

/// <summary>
/// Audit: the allow decision is committed to the audit trail before anything is forwarded. If it cannot be
/// committed, the action does not run (503).
/// </summary>
internal sealed class AuditStep(RequestDelegate next, DecisionRecorder recorder)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.GetRequiredFeature<ToolCallFeature>();
        var entry = DecisionRecorder.Entry(AuditStages.Decision, feature.DecisionId, feature.AgentId, feature.Action!, feature.Verdict!);
        if (feature.Destination is { } destination)
        {
            entry = entry with { Detail = DecisionRecorder.AddressDetail(destination) };
        }

        feature.DecisionEntry = entry;
        if (!await recorder.TryRecordAsync(entry))
        {
            await DecisionRecorder.WriteAuditUnavailableAsync(context, feature.DecisionId);
            return;
        }

        await next(context);
    }
}
