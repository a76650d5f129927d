using Microsoft.Data.Sqlite;
using ToolGate.Core.Audit;
using ToolGate.Gateway.Storage;

namespace ToolGate.Gateway.Agents;

internal sealed class SqliteAgentStore(SqliteDatabase database) : IAgentStore
{
    private const int SqliteConstraint = 19;

    public async Task<bool> TryCreateAsync(Agent agent, string keyHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO agents (id, description, key_hash, created_at) VALUES ($id, $description, $hash, $created)";
        command.Parameters.AddWithValue("$id", agent.Id);
        command.Parameters.AddWithValue("$description", (object?)agent.Description ?? DBNull.Value);
        command.Parameters.AddWithValue("$hash", keyHash);
        command.Parameters.AddWithValue("$created", AuditChain.FormatTimestamp(agent.CreatedAt));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken)
    {
        var rows = await QueryAsync("SELECT id, description, created_at, revoked_at, key_hash FROM agents ORDER BY id", cancellationToken);
        return [.. rows.Select(r => r.Agent)];
    }

    public async Task<IReadOnlyList<(Agent Agent, string KeyHash)>> ListActiveWithKeysAsync(CancellationToken cancellationToken) =>
        await QueryAsync("SELECT id, description, created_at, revoked_at, key_hash FROM agents WHERE revoked_at IS NULL", cancellationToken);

    public async Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE agents SET revoked_at = $revoked WHERE id = $id AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$revoked", AuditChain.FormatTimestamp(revokedAt));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<List<(Agent Agent, string KeyHash)>> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<(Agent, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var agent = new Agent(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                AuditChain.ParseTimestamp(reader.GetString(2)),
                reader.IsDBNull(3) ? null : AuditChain.ParseTimestamp(reader.GetString(3)));
            result.Add((agent, reader.GetString(4)));
        }

        return result;
    }
}
