using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using ToolGate.Core.Audit;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Gateway.Budgets;
using ToolGate.Gateway.Classify;
using ToolGate.Gateway.Network;
using ToolGate.Gateway.Policies;
using ToolGate.Gateway.Quarantine;

namespace ToolGate.Gateway.Pipeline;

/// <summary>
/// Decide: a quarantined agent is denied outright; otherwise the pure decision engine judges the action against the
/// current policy snapshot. A denial is audited and answered 403.
/// </summary>
internal sealed class DecideStep(
    RequestDelegate next, PolicySnapshotProvider policies, QuarantineRegistry quarantine, DestinationResolver destinations, UsageReports usageReports,
    DecisionRecorder recorder, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.GetRequiredFeature<ToolCallFeature>();
        var snapshot = policies.Current;
        var verdict = quarantine.TryGet(feature.AgentId, out var quarantined)
            ? QuarantineRegistry.Denial(quarantined)
            : DecisionEngine.Decide(feature.AgentId, feature.Action!, snapshot, time.GetUtcNow());
        if (verdict.IsAllowed && verdict.NetworkTarget is { } target)
        {
            // The name is resolved once, here; every address is checked and the tool is told which one to dial.
            var destination = await destinations.ResolveAsync(target, snapshot, context.RequestAborted);
            feature.Destination = destination.EndPoint;
            verdict = destination.Denial ?? verdict;
        }

        if (verdict.IsAllowed)
        {
            try
            {
                // A budgeted job learns where to report its real usage, so what it did not use is refunded.
                var usageReport = verdict.Grant is ComputeGrant { GpuSecondsPerWindow: not null }
                    ? (usageReports.Url, usageReports.TokenFor(feature.DecisionId))
                    : ((string, string)?)null;
                feature.ForwardBody = ForwardedBody.Write(feature.Action!, feature.Fields!, verdict, feature.Destination, usageReport);
            }
            catch (InvalidOperationException e)
            {
                // Never forward something other than what was decided: no canonical form, no call.
                verdict = Verdict.Deny($"the allowed action has no canonical form to forward: {e.Message}", Rules.DecisionError, Severity.High);
            }
        }

        feature.Verdict = verdict;
        if (!verdict.IsAllowed)
        {
            var entry = DecisionRecorder.Entry(AuditStages.Decision, feature.DecisionId, feature.AgentId, feature.Action!, verdict);
            await recorder.RefuseAsync(context, feature.DecisionId, entry, StatusCodes.Status403Forbidden);
            return;
        }

        await next(context);
    }
}
