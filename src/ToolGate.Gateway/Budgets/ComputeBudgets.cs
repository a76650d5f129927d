using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using ToolGate.Core.Actions;
using ToolGate.Core.Audit;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Gateway.Logging;
using ToolGate.Gateway.Pipeline;

namespace ToolGate.Gateway.Budgets;

/// <summary>
/// GPU-second budgets of compute grants: a job is charged <c>gpus × durationSeconds</c> on admission, if that fits
/// what is left in the grant's sliding window; it is refunded what it did not use when the tool reports back, and
/// refunded in full when it never ran. Reported to the agent in response headers.
/// </summary>
internal sealed class ComputeBudgets(IComputeLedger ledger, TimeProvider time, ILogger<ComputeBudgets> logger)
{
    public const string LimitHeader = "X-ToolGate-Budget-Limit";
    public const string RemainingHeader = "X-ToolGate-Budget-Remaining";
    public const string WindowHeader = "X-ToolGate-Budget-Window";

    /// <summary>The refusal of a job the budget does not admit; null when it was charged (headers written).</summary>
    public async Task<(AuditEntry Entry, int Status, TimeSpan? RetryAfter)?> TryChargeAsync(
        HttpContext context, string decisionId, string agentId, ComputeAction job, ComputeGrant grant)
    {
        var limit = grant.GpuSecondsPerWindow!.Value;
        var window = grant.WindowSeconds!.Value;
        var request = new ComputeChargeRequest(decisionId, agentId, grant.Id, job.Gpus, job.DurationSeconds, limit,
            TimeSpan.FromSeconds(window), time.GetUtcNow());
        LedgerCharge charge;
        try
        {
            charge = await ledger.TryChargeAsync(request, CancellationToken.None);
        }
        catch (SqliteException e)
        {
            Log.BudgetUnavailable(logger, decisionId, e);
            return (Refusal(decisionId, agentId, job, AuditDecisions.Error, Severity.High,
                "the GPU budget could not be checked, so the job is refused", Rules.DecisionError), StatusCodes.Status503ServiceUnavailable, null);
        }

        WriteHeaders(context.Response, limit, charge.Remaining, window);
        if (charge.Admitted)
        {
            return null;
        }

        var need = request.GpuSeconds;
        return charge.RetryAfter is { } wait
            ? (Refusal(decisionId, agentId, job, AuditDecisions.RateLimited, Severity.Low,
                $"GPU budget of grant {grant.Id} exceeded: the job needs {need} GPU-seconds, {charge.Remaining} of {limit} are left in the {window}s window",
                Rules.ForBudget(grant.Id)), StatusCodes.Status429TooManyRequests, wait)
            : (Refusal(decisionId, agentId, job, AuditDecisions.Deny, Severity.Low,
                $"the job needs {need} GPU-seconds, more than grant {grant.Id}'s whole budget of {limit} per {window}s",
                Rules.ForBudget(grant.Id)), StatusCodes.Status403Forbidden, null);
    }

    /// <summary>The job was charged but never ran (the tool refused it or could not be reached): all of it comes back.</summary>
    public async Task RefundUnrunAsync(string decisionId)
    {
        try
        {
            if (await ledger.CancelAsync(decisionId, CancellationToken.None) is { } refund)
            {
                Log.BudgetRefunded(logger, decisionId, refund.AgentId, refund.GrantId, refund.RefundedGpuSeconds, "the job did not run");
            }
        }
        catch (SqliteException e)
        {
            // The agent keeps the charge: a failed refund errs against the agent, never for it.
            Log.BudgetUnavailable(logger, decisionId, e);
        }
    }

    private static void WriteHeaders(HttpResponse response, long limit, long remaining, int window)
    {
        response.Headers[LimitHeader] = limit.ToString(CultureInfo.InvariantCulture);
        response.Headers[RemainingHeader] = remaining.ToString(CultureInfo.InvariantCulture);
        response.Headers[WindowHeader] = window.ToString(CultureInfo.InvariantCulture);
    }

    private static AuditEntry Refusal(string decisionId, string agentId, ComputeAction job, string decision, Severity severity, string reason, string rule) =>
        DecisionRecorder.Entry(AuditStages.Decision, decisionId, agentId, job, decision, reason, rule, severity);
}
