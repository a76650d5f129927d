using System.Text.Json;
using ToolGate.Core.Audit;
using ToolGate.Core.Grants;
using ToolGate.Gateway.Storage;

namespace ToolGate.Gateway.Grants;

internal sealed class SqliteGrantStore(SqliteDatabase database) : IGrantStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AddAsync(Grant grant, GrantRequest request, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO grants (id, agent_id, capability, spec, created_at) VALUES ($id, $agent, $capability, $spec, $created)";
        command.Parameters.AddWithValue("$id", grant.Id);
        command.Parameters.AddWithValue("$agent", grant.AgentId);
        command.Parameters.AddWithValue("$capability", request.Capability);
        command.Parameters.AddWithValue("$spec", JsonSerializer.Serialize(request, Json));
        command.Parameters.AddWithValue("$created", AuditChain.FormatTimestamp(createdAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Grant>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, spec FROM grants ORDER BY created_at, id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var grants = new List<Grant>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var request = JsonSerializer.Deserialize<GrantRequest>(reader.GetString(1), Json)
                ?? throw new InvalidDataException($"grant {reader.GetString(0)} has no specification");
            grants.Add(request.ToGrant(reader.GetString(0), GrantSources.Api));
        }

        return grants;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM grants WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
