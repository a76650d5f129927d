using ToolGate.Core.Audit;

namespace ToolGate.Gateway.Mcp;

/// <summary>
/// What the request side of one MCP POST left for the response side: which responses to filter (ids of list
/// requests) and the answers the gateway gives itself (denials), to be merged into what the server sends back.
/// </summary>
internal sealed class McpExchange(string server, string agentId, bool batch, long startedTimestamp)
{
    /// <summary>When the gateway began mediating the POST (<see cref="TimeProvider.GetTimestamp"/>): outcome durations count from here.</summary>
    public long StartedTimestamp { get; } = startedTimestamp;

    public string Server { get; } = server;

    public string AgentId { get; } = agentId;

    /// <summary>The agent sent a JSON array: answers go back as an array too.</summary>
    public bool Batch { get; } = batch;

    /// <summary>Canonical ids of the requests in this POST: each may appear once.</summary>
    public HashSet<string> RequestIds { get; } = new(StringComparer.Ordinal);

    /// <summary>Request ids (JSON text) of tools/list, resources/list and prompts/list, by method.</summary>
    public Dictionary<string, string> Lists { get; } = new(StringComparer.Ordinal);

    /// <summary>Decision records of the allowed requests sent to the server, by canonical id, until their answers come back (<see cref="McpOutcomes"/>).</summary>
    public Dictionary<string, AuditEntry> Forwarded { get; } = new(StringComparer.Ordinal);

    /// <summary>JSON-RPC error responses for the requests the gateway refused.</summary>
    public List<byte[]> LocalAnswers { get; } = [];

    /// <summary>Whether the agent opened a session with this POST (initialize without a session id).</summary>
    public bool Initializes { get; set; }
}
