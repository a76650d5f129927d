using Microsoft.AspNetCore.Http.HttpResults;
using ToolGate.Core.Compute;
using ToolGate.Core.Grants;
using ToolGate.Gateway.Policies;

namespace ToolGate.Gateway.Budgets;

/// <summary><c>GET /v1/agents/{id}/usage</c>: what each budgeted compute grant of the agent has used and has left.</summary>
internal static class UsageApi
{
    public static RouteGroupBuilder MapUsageApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/agents/{id}/usage", UsageAsync).WithTags("Agents")
            .WithSummary("GPU-second budgets of the agent's compute grants: limit, window, used and remaining now.");
        return admin;
    }

    private static async Task<Ok<AgentUsage>> UsageAsync(string id, PolicySnapshotProvider policies, IComputeLedger ledger, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var grants = policies.Current.Grants.OfType<ComputeGrant>()
            .Where(g => g.AgentId == id && g.GpuSecondsPerWindow is not null && g.IsActiveAt(now)).ToList();
        var longest = grants.Count == 0 ? 0 : grants.Max(g => g.WindowSeconds!.Value);
        var charges = grants.Count == 0 ? [] : await ledger.ChargesAsync(id, now - TimeSpan.FromSeconds(longest), ct);
        var budgets = grants.Select(g =>
        {
            var mine = charges.Where(c => c.GrantId == g.Id).Select(c => new BudgetCharge(c.ChargedAt, c.GpuSeconds)).ToList();
            var check = GpuBudget.Check(g.GpuSecondsPerWindow!.Value, TimeSpan.FromSeconds(g.WindowSeconds!.Value), mine, 0, now);
            return new ComputeBudgetUsage(g.Id, g.GpuSecondsPerWindow.Value, g.WindowSeconds.Value, check.Used, check.Remaining);
        }).ToList();
        return TypedResults.Ok(new AgentUsage(id, now, budgets));
    }
}

public sealed record AgentUsage(string AgentId, DateTimeOffset At, IReadOnlyList<ComputeBudgetUsage> Compute);

public sealed record ComputeBudgetUsage(string GrantId, long GpuSecondsPerWindow, int WindowSeconds, long UsedGpuSeconds, long RemainingGpuSeconds);
