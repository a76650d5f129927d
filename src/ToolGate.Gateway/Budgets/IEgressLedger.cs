namespace ToolGate.Gateway.Budgets;

/// <summary>
/// The durable record of egress-proxy bytes charged to network grants' budgets: one row per closed tunnel or proxied
/// request. SQLite by default; a shared database when several gateway replicas share one budget.
/// </summary>
public interface IEgressLedger
{
    Task ChargeAsync(string decisionId, string agentId, string grantId, long bytes, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Charges made after <paramref name="since"/>: to one grant, or (grantId null) to all of the agent's.</summary>
    Task<IReadOnlyList<(string GrantId, DateTimeOffset ChargedAt, long Bytes)>> ChargesAsync(
        string agentId, string? grantId, DateTimeOffset since, CancellationToken cancellationToken);
}
