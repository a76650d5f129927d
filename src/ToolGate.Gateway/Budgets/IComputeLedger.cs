namespace ToolGate.Gateway.Budgets;

/// <summary>
/// The durable record of GPU-seconds charged to compute grants' budgets. Durable because a budget that a restart
/// resets is no budget; a ledger (not a rate limiter) because unused time is refunded when a job ends early.
/// SQLite by default; a shared database when several gateway replicas share one budget.
/// </summary>
public interface IComputeLedger
{
    /// <summary>Charges the job if it fits the grant's budget now; atomically, so concurrent jobs cannot both take the last GPU-seconds.</summary>
    Task<LedgerCharge> TryChargeAsync(ComputeChargeRequest request, CancellationToken cancellationToken);

    /// <summary>Credits back what an admitted job did not use. Once per job; null when there is no such charge or it was already settled.</summary>
    Task<LedgerRefund?> SettleAsync(string decisionId, long usedSeconds, CancellationToken cancellationToken);

    /// <summary>Full refund: the job never ran (the tool refused it or could not be reached).</summary>
    Task<LedgerRefund?> CancelAsync(string decisionId, CancellationToken cancellationToken);

    /// <summary>An agent's charges still inside their grants' windows, per grant.</summary>
    Task<IReadOnlyList<(string GrantId, DateTimeOffset ChargedAt, long GpuSeconds)>> ChargesAsync(string agentId, DateTimeOffset since, CancellationToken cancellationToken);
}

/// <param name="GpuSecondsPerWindow">The grant's budget.</param>
public sealed record ComputeChargeRequest(
    string DecisionId, string AgentId, string GrantId, int Gpus, int DurationSeconds, long GpuSecondsPerWindow, TimeSpan Window, DateTimeOffset Now)
{
    /// <summary>What the job is charged on admission. A job asking for no GPUs still costs nothing.</summary>
    public long GpuSeconds => (long)Gpus * DurationSeconds;
}

/// <summary>The result of a charge: admitted or not, what the budget had left, and when a refused job would fit.</summary>
public sealed record LedgerCharge(bool Admitted, long Used, long Remaining, TimeSpan? RetryAfter);

/// <summary>A settled job: what it was charged, what it used, what came back.</summary>
public sealed record LedgerRefund(string AgentId, string GrantId, long ChargedGpuSeconds, long UsedGpuSeconds, long RefundedGpuSeconds);
