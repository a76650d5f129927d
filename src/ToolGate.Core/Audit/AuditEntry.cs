namespace ToolGate.Core.Audit;

/// <summary>
/// What is appended to the audit trail for one decision or one forwarding outcome, before the log gives it
/// a sequence number, a timestamp and its place in the hash chain.
/// </summary>
public sealed record AuditEntry
{
    public required string DecisionId { get; init; }

    /// <summary><see cref="AuditStages"/>: a decision, its forwarding outcome, or a dry-run evaluation.</summary>
    public required string Stage { get; init; }

    public required string? AgentId { get; init; }

    public required string? Capability { get; init; }

    /// <summary><see cref="AuditDecisions"/>: allow, deny, rate_limited, error; quarantined or released.</summary>
    public required string Decision { get; init; }

    public required string Reason { get; init; }

    public required string Rule { get; init; }

    public required string Severity { get; init; }

    /// <summary>A short description of what was targeted (command, URL, image), capped in length.</summary>
    public string? Target { get; init; }

    /// <summary>SHA-256 of the full canonical action, so the record commits to exactly what was decided.</summary>
    public string? ActionDigest { get; init; }

    /// <summary>For outcome records: the HTTP status the agent received.</summary>
    public int? Status { get; init; }

    /// <summary>For outcome records: how long forwarding took.</summary>
    public long? DurationMs { get; init; }

    /// <summary>
    /// Capability-specific facts as a compact JSON object, e.g. for an egress tunnel the address actually dialled
    /// and the bytes each way. Hashed only when present, so records written before it existed still verify.
    /// </summary>
    public string? Detail { get; init; }
}

public static class AuditStages
{
    public const string Decision = "decision";
    public const string Outcome = "outcome";
    public const string Evaluation = "evaluation";

    /// <summary>An agent was quarantined or released (by its behaviour or by an admin).</summary>
    public const string Quarantine = "quarantine";

    /// <summary>An MCP tool's definition was flagged as changed, or a change was approved.</summary>
    public const string McpTool = "mcp-tool";
}

public static class AuditDecisions
{
    public const string Allow = "allow";
    public const string Deny = "deny";
    public const string RateLimited = "rate_limited";
    public const string Error = "error";

    /// <summary>Quarantine stage: the agent was quarantined.</summary>
    public const string Quarantined = "quarantined";

    /// <summary>Quarantine stage: an admin released the agent.</summary>
    public const string Released = "released";

    /// <summary>MCP tool stage: a definition changed since it was approved.</summary>
    public const string Flagged = "flagged";

    /// <summary>MCP tool stage: an admin approved the current definition.</summary>
    public const string Approved = "approved";
}
