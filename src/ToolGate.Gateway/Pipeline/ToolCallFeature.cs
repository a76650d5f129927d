using ToolGate.Core.Actions;
using ToolGate.Core.Decisions;
using ToolGate.Gateway.Classify;

namespace ToolGate.Gateway.Pipeline;

/// <summary>
/// The per-request state of one tool call as it moves through identify → classify → decide → limit →
/// audit → forward. Each step fills in its part; nothing is passed through string-keyed bags.
/// </summary>
internal sealed class ToolCallFeature(string agentId, string decisionId, long startedTimestamp)
{
    public string AgentId { get; } = agentId;

    public string DecisionId { get; } = decisionId;

    public long StartedTimestamp { get; } = startedTimestamp;

    public ActionFields? Fields { get; set; }

    public ToolAction? Action { get; set; }

    public Verdict? Verdict { get; set; }

    /// <summary>Network actions: the one address the checked name resolved to, which the tool must connect to.</summary>
    public System.Net.IPEndPoint? Destination { get; set; }

    /// <summary>What the tool will receive: the canonical body of the decided action, built before it is audited.</summary>
    public byte[]? ForwardBody { get; set; }

    /// <summary>The committed decision record; the outcome record is derived from it (one digest per call).</summary>
    public ToolGate.Core.Audit.AuditEntry? DecisionEntry { get; set; }
}
