using Microsoft.Data.Sqlite;
using ToolGate.Core.Audit;

namespace ToolGate.Gateway.Audit;

/// <summary>The mapping between <see cref="AuditRecord"/> and the <c>audit</c> table's columns.</summary>
internal static class AuditColumns
{
    public const string Select =
        "seq, ts, decision_id, stage, agent_id, capability, decision, reason, rule, severity, target, action_digest, status, duration_ms, prev_hash, hash, detail";

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
