using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Logging;
using ToolGate.Gateway.Problems;

namespace ToolGate.Gateway.Budgets;

/// <summary>
/// <c>POST /toolgate/compute/usage</c> on the agent listener: a compute tool says what an admitted job really used,
/// and the rest of its charge goes back to the grant's budget. Authorised by the job's own token, not an agent key.
/// </summary>
internal static class UsageReportEndpoint
{
    public static IEndpointRouteBuilder MapToolGateUsageReports(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(UsageReports.Path, SettleAsync)
            .WithMetadata(new ListenerScope(ListenerKind.Agents))
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<Results<Ok<UsageSettled>, ProblemHttpResult>> SettleAsync(
        HttpContext context, UsageReport report, UsageReports reports, IComputeLedger ledger, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger(typeof(UsageReportEndpoint));
        if (string.IsNullOrEmpty(report.DecisionId) || report.UsedSeconds is not { } reported || reported < 0 || !double.IsFinite(reported))
        {
            return Refuse(logger, StatusCodes.Status400BadRequest, "'decisionId' and a non-negative 'usedSeconds' are required");
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var prefix = UsageReports.Scheme + " ";
        if (!authorization.StartsWith(prefix, StringComparison.Ordinal) || !reports.Verify(report.DecisionId, authorization[prefix.Length..].Trim()))
        {
            return Refuse(logger, StatusCodes.Status401Unauthorized, "the usage token does not belong to this decision");
        }

        // Part of a second counts as a whole one: rounding errs against the agent, never for it.
        var used = (long)Math.Min(Math.Ceiling(reported), int.MaxValue);
        LedgerRefund? refund;
        try
        {
            refund = await ledger.SettleAsync(report.DecisionId, used, ct);
        }
        catch (SqliteException)
        {
            return Refuse(logger, StatusCodes.Status503ServiceUnavailable, "the GPU budget ledger is unavailable; report again later");
        }

        if (refund is null)
        {
            return Refuse(logger, StatusCodes.Status409Conflict, $"decision {report.DecisionId} has no unsettled GPU charge (settled already, or never charged)");
        }

        Log.BudgetRefunded(logger, report.DecisionId, refund.AgentId, refund.GrantId, refund.RefundedGpuSeconds, $"the job used {used}s ({report.EndedBy ?? "ended"})");
        return TypedResults.Ok(new UsageSettled(report.DecisionId, refund.ChargedGpuSeconds, refund.UsedGpuSeconds, refund.RefundedGpuSeconds));
    }

    private static ProblemHttpResult Refuse(ILogger logger, int status, string reason)
    {
        Log.UsageReportRefused(logger, reason);
        return TypedResults.Problem(ProblemResponses.Create(status, "Usage report refused", reason, "compute.usage-report", null));
    }
}

/// <summary>What a compute tool reports when a job ends. Fields other than the decision id and used time are informative.</summary>
public sealed record UsageReport(string? DecisionId, double? UsedSeconds, string? JobId = null, int? Gpus = null, long? AdmittedSeconds = null, string? EndedBy = null);

public sealed record UsageSettled(string DecisionId, long ChargedGpuSeconds, long UsedGpuSeconds, long RefundedGpuSeconds);
