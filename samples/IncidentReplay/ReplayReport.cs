namespace ToolGate.Samples.IncidentReplay;

/// <summary>What happened: every step, when the agent was quarantined and why, and whether the audit chain holds.</summary>
public sealed record ReplayReport(
    string AgentId,
    IReadOnlyList<ReplayStep> Steps,
    TimeSpan? FirstCriticalAt,
    TimeSpan? QuarantinedAfterFirstCritical,
    string? QuarantineReason,
    IReadOnlyList<string> QuarantineEvidence,
    bool AuditChainValid)
{
    /// <summary>Legitimate work allowed, every diversion step denied, the agent quarantined, the audit chain intact.</summary>
    public bool Contained =>
        Steps.All(s => s.AsExpected) && QuarantinedAfterFirstCritical is not null && AuditChainValid;
}
