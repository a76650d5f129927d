using System.Text.Json;
using ToolGate.Core.Audit;
using ToolGate.Gateway.Storage;

namespace ToolGate.Gateway.Quarantine;

internal sealed class SqliteQuarantineStore(SqliteDatabase database) : IQuarantineStore
{
    public async Task<IReadOnlyList<QuarantineRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT agent_id, since, reason, rule, evidence, by FROM quarantine ORDER BY since";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<QuarantineRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new QuarantineRecord(
                reader.GetString(0),
                AuditChain.ParseTimestamp(reader.GetString(1)),
                reader.GetString(2),
                reader.GetString(3),
                JsonSerializer.Deserialize(reader.GetString(4), QuarantineJsonContext.Default.StringArray) ?? [],
                reader.GetString(5)));
        }

        return records;
    }

    public async Task<bool> TryAddAsync(QuarantineRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO quarantine (agent_id, since, reason, rule, evidence, by) VALUES ($agent, $since, $reason, $rule, $evidence, $by)
            ON CONFLICT (agent_id) DO NOTHING
            """;
        command.Parameters.AddWithValue("$agent", record.AgentId);
        command.Parameters.AddWithValue("$since", AuditChain.FormatTimestamp(record.Since));
        command.Parameters.AddWithValue("$reason", record.Reason);
        command.Parameters.AddWithValue("$rule", record.Rule);
        command.Parameters.AddWithValue("$evidence", JsonSerializer.Serialize([.. record.Evidence], QuarantineJsonContext.Default.StringArray));
        command.Parameters.AddWithValue("$by", record.By);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RemoveAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM quarantine WHERE agent_id = $agent";
        command.Parameters.AddWithValue("$agent", agentId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class QuarantineJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
