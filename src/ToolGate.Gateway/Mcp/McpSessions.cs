using System.Collections.Concurrent;

namespace ToolGate.Gateway.Mcp;

/// <summary>
/// Which agent opened which MCP session. A session id is bound to the agent whose <c>initialize</c> the server answered
/// with it; another agent presenting it is refused, and so is an id the gateway never saw issued.
/// </summary>
internal sealed class McpSessions
{
    /// <summary>Beyond this many live sessions new ones are refused (the oldest are not guessed at).</summary>
    public const int MaxSessions = 100_000;

    private readonly ConcurrentDictionary<(string Server, string SessionId), string> _owners = new();

    public McpSessionCheck Check(string server, string sessionId, string agentId) =>
        !_owners.TryGetValue((server, sessionId), out var owner) ? McpSessionCheck.Unknown
        : owner == agentId ? McpSessionCheck.Owner
        : McpSessionCheck.OtherAgent;

    /// <summary>False when the id is already bound to another agent (a server reusing ids) or the table is full.</summary>
    public bool Bind(string server, string sessionId, string agentId) =>
        _owners.Count < MaxSessions && _owners.GetOrAdd((server, sessionId), agentId) == agentId;

    public void End(string server, string sessionId) => _owners.TryRemove((server, sessionId), out _);
}

internal enum McpSessionCheck
{
    Unknown,
    Owner,
    OtherAgent,
}
