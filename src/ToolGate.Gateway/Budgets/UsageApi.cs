using Microsoft.AspNetCore.Http.HttpResults;
using ToolGate.Core.Budgets;
using ToolGate.Core.Grants;
using ToolGate.Gateway.Policies;

namespace ToolGate.Gateway.Budgets;

/// <summary><c>GET /v1/agents/{id}/usage</c>: what each budgeted compute and network grant of the agent has used and has left.</summary>
internal static class UsageApi
{
    public static RouteGroupBuilder MapUsageApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/agents/{id}/usage", UsageAsync).WithTags("Agents")
            .WithSummary("Budgets of the agent's grants: GPU-seconds (compute) and egress bytes (network): limit, window, used and remaining now.");
        return admin;
    }

    private static async Task<Ok<AgentUsage>> UsageAsync(
        string id, PolicySnapshotProvider policies, IComputeLedger ledger, IEgressLedger egressLedger, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var grants = policies.Current.Grants.OfType<ComputeGrant>()
            .Where(g => g.AgentId == id && g.GpuSecondsPerWindow is not null && g.IsActiveAt(now)).ToList();
        var longest = grants.Count == 0 ? 0 : grants.Max(g => g.WindowSeconds!.Value);
        var charges = grants.Count == 0 ? [] : await ledger.ChargesAsync(id, now - TimeSpan.FromSeconds(longest), ct);
        var budgets = grants.Select(g =>
        {
            var (used, remaining) = Spent(g.Id, g.GpuSecondsPerWindow!.Value, g.WindowSeconds!.Value, charges, now);
            return new ComputeBudgetUsage(g.Id, g.GpuSecondsPerWindow.Value, g.WindowSeconds.Value, used, remaining);
        }).ToList();
        return TypedResults.Ok(new AgentUsage(id, now, budgets, await EgressAsync(id, policies, egressLedger, now, ct)));
    }

    private static async Task<IReadOnlyList<EgressBudgetUsage>> EgressAsync(
        string id, PolicySnapshotProvider policies, IEgressLedger ledger, DateTimeOffset now, CancellationToken ct)
    {
        var grants = policies.Current.Grants.OfType<NetworkGrant>()
            .Where(g => g.AgentId == id && g.BytesPerWindow is not null && g.IsActiveAt(now)).ToList();
        if (grants.Count == 0)
        {
            return [];
        }

        var charges = await ledger.ChargesAsync(id, null, now - TimeSpan.FromSeconds(grants.Max(g => g.WindowSeconds!.Value)), ct);
        return [.. grants.Select(g =>
        {
            var (used, remaining) = Spent(g.Id, g.BytesPerWindow!.Value, g.WindowSeconds!.Value, charges, now);
            return new EgressBudgetUsage(g.Id, g.BytesPerWindow.Value, g.WindowSeconds.Value, used, remaining);
        })];
    }

    /// <summary>What one grant's charges leave of its sliding-window budget now.</summary>
    private static (long Used, long Remaining) Spent(
        string grantId, long limit, int windowSeconds, IReadOnlyList<(string GrantId, DateTimeOffset ChargedAt, long Amount)> charges, DateTimeOffset now)
    {
        var mine = charges.Where(c => c.GrantId == grantId).Select(c => new BudgetCharge(c.ChargedAt, c.Amount)).ToList();
        var check = SlidingBudget.Check(limit, TimeSpan.FromSeconds(windowSeconds), mine, 0, now);
        return (check.Used, check.Remaining);
    }
}

/// <summary>Closed tunnels count; bytes of tunnels still open are charged when they close.</summary>
public sealed record AgentUsage(string AgentId, DateTimeOffset At, IReadOnlyList<ComputeBudgetUsage> Compute, IReadOnlyList<EgressBudgetUsage> Egress);

public sealed record EgressBudgetUsage(string GrantId, long BytesPerWindow, int WindowSeconds, long UsedBytes, long RemainingBytes);

public sealed record ComputeBudgetUsage(string GrantId, long GpuSecondsPerWindow, int WindowSeconds, long UsedGpuSeconds, long RemainingGpuSeconds);
