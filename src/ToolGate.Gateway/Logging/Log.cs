using Microsoft.Extensions.Logging;

namespace ToolGate.Gateway.Logging;

/// <summary>
/// Every structured event the gateway writes, with stable ids. The decision event carries the fields
/// auditors query in Seq: AgentId, Capability, Decision, Reason, Rule, DecisionId, Target, Severity.
/// Never log keys or whole tool payloads here.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Message = "{Decision} {Capability} action of agent {AgentId}: {Reason} (rule {Rule}, severity {Severity}, decision {DecisionId}, stage {Stage}) target {Target}")]
    public static partial void Decision(
        ILogger logger, LogLevel level, string decision, string? capability, string? agentId, string reason, string rule,
        string severity, string decisionId, string stage, string? target);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Forwarded decision {DecisionId} of agent {AgentId}: upstream answered {Status} in {DurationMs} ms")]
    public static partial void Forwarded(ILogger logger, string decisionId, string agentId, int status, long durationMs);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Forwarding decision {DecisionId} failed: {ForwarderError}")]
    public static partial void UpstreamFailed(ILogger logger, string decisionId, string forwarderError, Exception? exception);

    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Audit append of {Count} records failed; their actions are refused")]
    public static partial void AuditAppendFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Error, Message = "Audit record of the outcome of decision {DecisionId} could not be written")]
    public static partial void OutcomeAuditFailed(ILogger logger, string decisionId, Exception exception);

    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Loaded {Count} grants from policy files in {Directory}")]
    public static partial void PolicyFilesLoaded(ILogger logger, int count, string directory);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Policy file change rejected, keeping the previous grants: {Error}")]
    public static partial void PolicyFileRejected(ILogger logger, string error);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Error, Message = "Policy reload failed, keeping the previous grants")]
    public static partial void PolicyReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Admin {Operation} {Subject}")]
    public static partial void AdminChange(ILogger logger, string operation, string subject);

    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "ToolGate listening: agents on {AgentsUrl}, admin on {AdminUrl}, egress proxy on {EgressUrl}")]
    public static partial void Listening(ILogger logger, Uri agentsUrl, Uri adminUrl, Uri egressUrl);

    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Egress {Kind} of agent {AgentId} to {Target} via {Address} closed ({ClosedBy}): {BytesUp} bytes up, {BytesDown} down in {DurationMs} ms (decision {DecisionId})")]
    public static partial void TunnelClosed(ILogger logger, string kind, string agentId, string target, string address, string closedBy, long bytesUp, long bytesDown, long durationMs, string decisionId);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Egress proxy request refused ({Status}): {Reason}")]
    public static partial void ProxyRequestRefused(ILogger logger, int status, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Stratum mining call {Method} on the egress tunnel of agent {AgentId} to {Target}: tunnel cut (decision {DecisionId})")]
    public static partial void StratumDetected(ILogger logger, string method, string agentId, string target, string decisionId);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Egress listener: accepting a connection failed ({SocketError})")]
    public static partial void EgressAcceptFailed(ILogger logger, string socketError);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Egress tunnel of agent {AgentId} to {Target} is no longer allowed and was cut: {Reason} (decision {DecisionId})")]
    public static partial void TunnelNoLongerAllowed(ILogger logger, string agentId, string target, string reason, string decisionId);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Egress connection of decision {DecisionId} to {Address} failed")]
    public static partial void EgressConnectFailed(ILogger logger, string decisionId, string address, Exception exception);

    [LoggerMessage(EventId = 7000, Level = LogLevel.Error, Message = "Agent {AgentId} quarantined by {By}: {Reason} (rule {Rule}); {TunnelsCut} egress tunnels cut; evidence {Evidence}")]
    public static partial void AgentQuarantined(ILogger logger, string agentId, string by, string reason, string rule, int tunnelsCut, IReadOnlyList<string> evidence);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Agent {AgentId} released from quarantine: {Reason}")]
    public static partial void AgentReleased(ILogger logger, string agentId, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Quarantine of agent {AgentId} could not be stored; it holds until the gateway restarts")]
    public static partial void QuarantineStoreFailed(ILogger logger, string agentId, Exception exception);

    [LoggerMessage(EventId = 7100, Level = LogLevel.Error, Message = "Alert {AlertKind} for agent {AgentId}: {Summary} (rule {Rule}, quarantined {Quarantined}); evidence {Evidence} (alert {AlertId})")]
    public static partial void AlertRaised(ILogger logger, string alertKind, string agentId, string summary, string rule, bool quarantined, IReadOnlyList<string> evidence, string alertId);

    [LoggerMessage(EventId = 7101, Level = LogLevel.Error, Message = "Alert {AlertId} ({AlertKind}, agent {AgentId}) not sent to the webhook: its queue is full")]
    public static partial void AlertDropped(ILogger logger, string alertId, string alertKind, string agentId);

    [LoggerMessage(EventId = 7102, Level = LogLevel.Information, Message = "Alert {AlertId} delivered to the webhook ({Status})")]
    public static partial void AlertDelivered(ILogger logger, string alertId, int status);

    [LoggerMessage(EventId = 7103, Level = LogLevel.Error, Message = "Alert {AlertId} could not be delivered to the webhook: {Failure}")]
    public static partial void AlertDeliveryFailed(ILogger logger, string alertId, string failure, Exception? exception);

    [LoggerMessage(EventId = 7200, Level = LogLevel.Error, Message = "The GPU budget ledger failed for decision {DecisionId}; the job is refused (or keeps its charge)")]
    public static partial void BudgetUnavailable(ILogger logger, string decisionId, Exception exception);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Refunded {GpuSeconds} GPU-seconds of decision {DecisionId} to grant {GrantId} of agent {AgentId}: {Why}")]
    public static partial void BudgetRefunded(ILogger logger, string decisionId, string agentId, string grantId, long gpuSeconds, string why);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Warning, Message = "Compute usage report refused: {Reason}")]
    public static partial void UsageReportRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Error, Message = "The egress byte ledger could not record {Bytes} bytes of decision {DecisionId}; the budget undercounts them")]
    public static partial void EgressChargeFailed(ILogger logger, string decisionId, long bytes, Exception exception);

    [LoggerMessage(EventId = 7300, Level = LogLevel.Error, Message = "MCP tool {Tool} on server {Server} changed its definition: approved {ApprovedDigest}, now {LatestDigest}")]
    public static partial void McpToolChanged(ILogger logger, string server, string tool, string approvedDigest, string latestDigest);

    [LoggerMessage(EventId = 7301, Level = LogLevel.Error, Message = "MCP tool pin of {Server}/{Tool} could not be stored")]
    public static partial void McpPinStoreFailed(ILogger logger, string server, string tool, Exception exception);

    [LoggerMessage(EventId = 7302, Level = LogLevel.Warning, Message = "MCP request refused ({Status}): {Reason}")]
    public static partial void McpRefused(ILogger logger, int status, string reason);
}
