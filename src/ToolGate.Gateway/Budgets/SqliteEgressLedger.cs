using ToolGate.Core.Audit;
using ToolGate.Gateway.Storage;

namespace ToolGate.Gateway.Budgets;

internal sealed class SqliteEgressLedger(SqliteDatabase database) : IEgressLedger
{
    public async Task ChargeAsync(string decisionId, string agentId, string grantId, long bytes, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO egress_charges (decision_id, agent_id, grant_id, charged_at, bytes) VALUES ($decision, $agent, $grant, $at, $bytes)
            ON CONFLICT (decision_id) DO NOTHING
            """;
        insert.Parameters.AddWithValue("$decision", decisionId);
        insert.Parameters.AddWithValue("$agent", agentId);
        insert.Parameters.AddWithValue("$grant", grantId);
        insert.Parameters.AddWithValue("$at", AuditChain.FormatTimestamp(at));
        insert.Parameters.AddWithValue("$bytes", bytes);
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<(string GrantId, DateTimeOffset ChargedAt, long Bytes)>> ChargesAsync(
        string agentId, string? grantId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var select = connection.CreateCommand();
        select.CommandText = """
            SELECT grant_id, charged_at, bytes FROM egress_charges
            WHERE agent_id = $agent AND ($grant IS NULL OR grant_id = $grant) AND charged_at > $since ORDER BY charged_at
            """;
        select.Parameters.AddWithValue("$agent", agentId);
        select.Parameters.AddWithValue("$grant", (object?)grantId ?? DBNull.Value);
        select.Parameters.AddWithValue("$since", AuditChain.FormatTimestamp(since));
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string, DateTimeOffset, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), AuditChain.ParseTimestamp(reader.GetString(1)), reader.GetInt64(2)));
        }

        return rows;
    }
}
