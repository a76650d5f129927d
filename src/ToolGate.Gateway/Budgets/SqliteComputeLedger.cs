using Microsoft.Data.Sqlite;
using ToolGate.Core.Audit;
using ToolGate.Core.Budgets;
using ToolGate.Gateway.Storage;

namespace ToolGate.Gateway.Budgets;

/// <summary>
/// GPU-second charges in the SQLite file. Each charge is a row; what counts against the budget is the charge minus
/// its refund, within the window from its admission (sliding). Check-and-charge runs in one IMMEDIATE transaction,
/// which SQLite serialises across connections (and processes).
/// </summary>
internal sealed class SqliteComputeLedger(SqliteDatabase database) : IComputeLedger
{
    public async Task<LedgerCharge> TryChargeAsync(ComputeChargeRequest request, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        var charges = new List<BudgetCharge>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = """
                SELECT charged_at, gpu_seconds - refunded_gpu_seconds FROM compute_charges
                WHERE agent_id = $agent AND grant_id = $grant AND charged_at > $since
                """;
            select.Parameters.AddWithValue("$agent", request.AgentId);
            select.Parameters.AddWithValue("$grant", request.GrantId);
            select.Parameters.AddWithValue("$since", AuditChain.FormatTimestamp(request.Now - request.Window));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                charges.Add(new BudgetCharge(AuditChain.ParseTimestamp(reader.GetString(0)), reader.GetInt64(1)));
            }
        }

        var check = SlidingBudget.Check(request.GpuSecondsPerWindow, request.Window, charges, request.GpuSeconds, request.Now);
        if (!check.Fits)
        {
            return new LedgerCharge(false, check.Used, check.Remaining, check.RetryAfter);
        }

        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO compute_charges (decision_id, agent_id, grant_id, charged_at, gpus, duration_seconds, gpu_seconds, refunded_gpu_seconds)
                VALUES ($decision, $agent, $grant, $at, $gpus, $duration, $charged, 0)
                """;
            insert.Parameters.AddWithValue("$decision", request.DecisionId);
            insert.Parameters.AddWithValue("$agent", request.AgentId);
            insert.Parameters.AddWithValue("$grant", request.GrantId);
            insert.Parameters.AddWithValue("$at", AuditChain.FormatTimestamp(request.Now));
            insert.Parameters.AddWithValue("$gpus", request.Gpus);
            insert.Parameters.AddWithValue("$duration", request.DurationSeconds);
            insert.Parameters.AddWithValue("$charged", request.GpuSeconds);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new LedgerCharge(true, check.Used + request.GpuSeconds, check.Remaining - request.GpuSeconds, null);
    }

    public Task<LedgerRefund?> SettleAsync(string decisionId, long usedSeconds, CancellationToken cancellationToken) =>
        RefundAsync(decisionId, usedSeconds, cancellationToken);

    public Task<LedgerRefund?> CancelAsync(string decisionId, CancellationToken cancellationToken) =>
        RefundAsync(decisionId, 0, cancellationToken);

    public async Task<IReadOnlyList<(string GrantId, DateTimeOffset ChargedAt, long GpuSeconds)>> ChargesAsync(
        string agentId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT grant_id, charged_at, gpu_seconds - refunded_gpu_seconds FROM compute_charges
            WHERE agent_id = $agent AND charged_at > $since ORDER BY charged_at
            """;
        select.Parameters.AddWithValue("$agent", agentId);
        select.Parameters.AddWithValue("$since", AuditChain.FormatTimestamp(since));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string, DateTimeOffset, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), AuditChain.ParseTimestamp(reader.GetString(1)), reader.GetInt64(2)));
        }

        return rows;
    }

    /// <summary>Refunds the unused part of a charge, once: the row is settled by the same statement that reads it.</summary>
    private async Task<LedgerRefund?> RefundAsync(string decisionId, long usedSeconds, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var update = connection.CreateCommand();
        // Used time is clamped to what was admitted: a report cannot charge more, or refund more, than the admission.
        update.CommandText = """
            UPDATE compute_charges
            SET refunded_gpu_seconds = gpu_seconds - gpus * min(max($used, 0), duration_seconds), settled = 1
            WHERE decision_id = $decision AND settled = 0
            RETURNING agent_id, grant_id, gpu_seconds, refunded_gpu_seconds
            """;
        update.Parameters.AddWithValue("$decision", decisionId);
        update.Parameters.AddWithValue("$used", usedSeconds);
        await using var reader = await update.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var charged = reader.GetInt64(2);
        var refunded = reader.GetInt64(3);
        return new LedgerRefund(reader.GetString(0), reader.GetString(1), charged, charged - refunded, refunded);
    }
}
