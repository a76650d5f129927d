using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ToolGate.Core.Audit;
using ToolGate.Core.Decisions;
using ToolGate.Gateway.Alerts;
using ToolGate.Gateway.Audit;
using ToolGate.Gateway.Logging;
using ToolGate.Gateway.Storage;

namespace ToolGate.Gateway.Mcp;

/// <summary>
/// Tool definition pinning. The first time the gateway sees a tool in a <c>tools/list</c> answer it records a digest of
/// its name, description and input schema as the approved definition. A later answer with another digest is a change:
/// flagged once (alert and audit record), and for grants that pin the tool it is withheld (not listed, calls denied)
/// until an admin approves the new definition. Kept in SQLite so a restart forgets nothing.
/// </summary>
internal sealed class McpToolPins(
    SqliteDatabase database, IAuditLog audit, AlertDispatcher alerts, TimeProvider time, ILogger<McpToolPins> logger) : IHostedService
{
    public const string ChangedRule = "mcp.tool-changed";

    private readonly ConcurrentDictionary<(string Server, string Tool), McpToolPin> _pins = new();

    public IReadOnlyList<McpToolPin> List() => [.. _pins.Values.OrderBy(p => p.Server).ThenBy(p => p.Tool)];

    /// <summary>True when the tool's current definition is not the approved one.</summary>
    public bool IsChanged(string server, string tool) =>
        _pins.TryGetValue((server, tool), out var pin) && pin.LatestDigest != pin.ApprovedDigest;

    /// <summary>Records what a tools/list answer says about one tool; flags a definition that changed.</summary>
    public void Observe(string server, JsonElement tool)
    {
        if (!tool.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String)
        {
            return;
        }

        var name = nameElement.GetString()!;
        var digest = Digest(tool);
        var now = time.GetUtcNow();
        var pin = _pins.GetOrAdd((server, name), _ => new McpToolPin(server, name, digest, digest, now, null));
        if (pin.LatestDigest == digest)
        {
            if (pin.FirstSeen == now)
            {
                _ = SaveAsync(pin);
            }

            return;
        }

        var changed = pin with { LatestDigest = digest, ChangedAt = now };
        if (!_pins.TryUpdate((server, name), changed, pin))
        {
            return; // another answer got there first and flagged it
        }

        _ = SaveAsync(changed);
        if (digest != changed.ApprovedDigest)
        {
            var id = Guid.CreateVersion7(now).ToString();
            var reason = $"the definition of tool '{name}' on MCP server '{server}' changed since it was approved";
            Log.McpToolChanged(logger, server, name, changed.ApprovedDigest, digest);
            alerts.Raise(new Alert(id, "mcp-tool-changed", "-", "high", reason, ChangedRule, Quarantined: false, [id], now));
            _ = AppendAsync(id, server, name, AuditDecisions.Flagged, reason, digest);
        }
    }

    /// <summary>Makes the tool's latest definition the approved one. False when the tool was never seen.</summary>
    public async Task<McpToolPin?> ApproveAsync(string server, string tool, string reason)
    {
        if (!_pins.TryGetValue((server, tool), out var pin))
        {
            return null;
        }

        var approved = pin with { ApprovedDigest = pin.LatestDigest };
        _pins[(server, tool)] = approved;
        await SaveAsync(approved);
        await AppendAsync(Guid.CreateVersion7(time.GetUtcNow()).ToString(), server, tool, AuditDecisions.Approved, reason, approved.ApprovedDigest);
        return approved;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT server, tool, approved_digest, latest_digest, first_seen, changed_at FROM mcp_tools";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var pin = new McpToolPin(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                AuditChain.ParseTimestamp(reader.GetString(4)), reader.IsDBNull(5) ? null : AuditChain.ParseTimestamp(reader.GetString(5)));
            _pins[(pin.Server, pin.Tool)] = pin;
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>SHA-256 over the name, description and input schema, as the server wrote them.</summary>
    public static string Digest(JsonElement tool)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in new[] { "name", "description", "inputSchema" })
            {
                writer.WritePropertyName(field);
                if (tool.TryGetProperty(field, out var value))
                {
                    value.WriteTo(writer);
                }
                else
                {
                    writer.WriteNullValue();
                }
            }

            writer.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private async Task SaveAsync(McpToolPin pin)
    {
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT INTO mcp_tools (server, tool, approved_digest, latest_digest, first_seen, changed_at)
                VALUES ($server, $tool, $approved, $latest, $first, $changed)
                ON CONFLICT (server, tool) DO UPDATE SET approved_digest = $approved, latest_digest = $latest, changed_at = $changed
                """;
            command.Parameters.AddWithValue("$server", pin.Server);
            command.Parameters.AddWithValue("$tool", pin.Tool);
            command.Parameters.AddWithValue("$approved", pin.ApprovedDigest);
            command.Parameters.AddWithValue("$latest", pin.LatestDigest);
            command.Parameters.AddWithValue("$first", AuditChain.FormatTimestamp(pin.FirstSeen));
            command.Parameters.AddWithValue("$changed", pin.ChangedAt is { } changed ? AuditChain.FormatTimestamp(changed) : DBNull.Value);
            await command.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            Log.McpPinStoreFailed(logger, pin.Server, pin.Tool, e);
        }
    }

    private async Task AppendAsync(string id, string server, string tool, string decision, string reason, string digest)
    {
        try
        {
            await audit.AppendAsync(new AuditEntry
            {
                DecisionId = id, Stage = AuditStages.McpTool, AgentId = null, Capability = "mcp", Decision = decision,
                Reason = reason, Rule = ChangedRule, Severity = nameof(Severity.High).ToLowerInvariant(),
                Target = $"{server}/tools/{tool}", Detail = JsonSerializer.Serialize(new McpToolDetail(digest), McpJsonContext.Default.McpToolDetail),
            }, CancellationToken.None);
        }
        catch (AuditUnavailableException e)
        {
            Log.OutcomeAuditFailed(logger, id, e);
        }
    }
}

/// <summary>One tool's approved and latest definition digests.</summary>
public sealed record McpToolPin(string Server, string Tool, string ApprovedDigest, string LatestDigest, DateTimeOffset FirstSeen, DateTimeOffset? ChangedAt)
{
    public bool Changed => ApprovedDigest != LatestDigest;
}

internal sealed record McpToolDetail(string Digest);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(McpToolDetail))]
[System.Text.Json.Serialization.JsonSerializable(typeof(McpCallDetail))]
internal sealed partial class McpJsonContext : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>The audit detail of a governed MCP request: the digest of its arguments, and the arguments if configured.</summary>
internal sealed record McpCallDetail(string Server, string ArgumentsDigest, JsonElement? Arguments);
