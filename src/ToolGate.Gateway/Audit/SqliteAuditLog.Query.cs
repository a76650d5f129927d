using System.Text;
using Microsoft.Data.Sqlite;
using ToolGate.Core.Audit;

namespace ToolGate.Gateway.Audit;

internal sealed partial class SqliteAuditLog
{
    public async Task<AuditPage> QueryAsync(AuditFilter filter, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder($"SELECT {AuditColumns.Select} FROM audit WHERE 1 = 1");
        AddCondition(command, sql, "agent_id = $agent", "$agent", filter.AgentId);
        AddCondition(command, sql, "capability = $capability", "$capability", filter.Capability);
        AddCondition(command, sql, "decision = $decision", "$decision", filter.Decision);
        AddCondition(command, sql, "decision_id = $decision_id", "$decision_id", filter.DecisionId);
        AddCondition(command, sql, "ts >= $from", "$from", filter.From is { } from ? AuditChain.FormatTimestamp(from) : null);
        AddCondition(command, sql, "ts < $to", "$to", filter.To is { } to ? AuditChain.FormatTimestamp(to) : null);
        AddCondition(command, sql, "seq > $after", "$after", filter.AfterSequence);
        sql.Append(" ORDER BY seq LIMIT $limit");
        command.Parameters.AddWithValue("$limit", filter.Limit + 1);
        command.CommandText = sql.ToString();

        var items = new List<AuditRecord>(filter.Limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(AuditColumns.Read(reader));
        }

        long? next = null;
        if (items.Count > filter.Limit)
        {
            items.RemoveAt(items.Count - 1);
            next = items[^1].Sequence;
        }

        return new AuditPage(items, next);
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {AuditColumns.Select} FROM audit ORDER BY seq";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var verifier = new AuditChainVerifier();
        while (await reader.ReadAsync(cancellationToken) && verifier.Add(AuditColumns.Read(reader)))
        {
        }

        return verifier.Result;
    }

    private static void AddCondition(SqliteCommand command, StringBuilder sql, string condition, string name, object? value)
    {
        if (value is null)
        {
            return;
        }

        sql.Append(" AND ").Append(condition);
        command.Parameters.AddWithValue(name, value);
    }
}
