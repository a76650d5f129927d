using Microsoft.Data.Sqlite;
using ToolGate.Core.Audit;

namespace ToolGate.Gateway.Audit;

/// <summary>The mapping between <see cref="AuditRecord"/> and the <c>audit</c> table's columns.</summary>
internal static class AuditColumns
{
    public const string Select =
        "seq, ts, decision_id, stage, agent_id, capability, decision, reason, rule, severity, target, action_digest, status, duration_ms, prev_hash, hash, detail";

    private static readonly string[] Names =
        ["$seq", "$ts", "$decision_id", "$stage", "$agent_id", "$capability", "$decision", "$reason", "$rule", "$severity",
         "$target", "$action_digest", "$status", "$duration_ms", "$prev_hash", "$hash", "$detail"];

    public static SqliteParameter[] CreateParameters(SqliteCommand command) =>
        [.. Names.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name }))];

    public static void Bind(SqliteParameter[] p, AuditRecord record)
    {
        var e = record.Entry;
        p[0].Value = record.Sequence;
        p[1].Value = AuditChain.FormatTimestamp(record.Timestamp);
        p[2].Value = e.DecisionId;
        p[3].Value = e.Stage;
        p[4].Value = (object?)e.AgentId ?? DBNull.Value;
        p[5].Value = (object?)e.Capability ?? DBNull.Value;
        p[6].Value = e.Decision;
        p[7].Value = e.Reason;
        p[8].Value = e.Rule;
        p[9].Value = e.Severity;
        p[10].Value = (object?)e.Target ?? DBNull.Value;
        p[11].Value = (object?)e.ActionDigest ?? DBNull.Value;
        p[12].Value = e.Status is { } status ? status : DBNull.Value;
        p[13].Value = e.DurationMs is { } duration ? duration : DBNull.Value;
        p[14].Value = record.PreviousHash;
        p[15].Value = record.Hash;
        p[16].Value = (object?)e.Detail ?? DBNull.Value;
    }

    public static AuditRecord Read(SqliteDataReader r)
    {
        var entry = new AuditEntry
        {
            DecisionId = r.GetString(2),
            Stage = r.GetString(3),
            AgentId = r.IsDBNull(4) ? null : r.GetString(4),
            Capability = r.IsDBNull(5) ? null : r.GetString(5),
            Decision = r.GetString(6),
            Reason = r.GetString(7),
            Rule = r.GetString(8),
            Severity = r.GetString(9),
            Target = r.IsDBNull(10) ? null : r.GetString(10),
            ActionDigest = r.IsDBNull(11) ? null : r.GetString(11),
            Status = r.IsDBNull(12) ? null : r.GetInt32(12),
            DurationMs = r.IsDBNull(13) ? null : r.GetInt64(13),
            Detail = r.IsDBNull(16) ? null : r.GetString(16),
        };
        return new AuditRecord(r.GetInt64(0), AuditChain.ParseTimestamp(r.GetString(1)), entry, r.GetString(14), r.GetString(15));
    }
}
