using System.Collections.Concurrent;

namespace ToolGate.Gateway.Mcp;

/// <summary>
/// Which agent opened which MCP session. A session id is bound to the agent whose <c>initialize</c> the server answered
/// with it; another agent presenting it is refused, and so is an id the gateway never saw issued. Each agent keeps at
/// most <see cref="MaxPerAgent"/> sessions (its oldest is forgotten first), so no agent can crowd out the others.
/// </summary>
internal sealed class McpSessions
{
    public const int MaxPerAgent = 64;

    /// <summary>Beyond this many live sessions in all, new ones are refused.</summary>
    public const int MaxSessions = 100_000;

    private readonly ConcurrentDictionary<(string Server, string SessionId), string> _owners = new();
    private readonly Dictionary<string, Queue<(string Server, string SessionId)>> _byAgent = new(StringComparer.Ordinal);

    public McpSessionCheck Check(string server, string sessionId, string agentId) =>
        !_owners.TryGetValue((server, sessionId), out var owner) ? McpSessionCheck.Unknown
        : owner == agentId ? McpSessionCheck.Owner
        : McpSessionCheck.OtherAgent;

    /// <summary>False when the id is already bound to another agent (a server reusing ids) or the table is full.</summary>
    public bool Bind(string server, string sessionId, string agentId)
    {
        lock (_byAgent)
        {
            if (_owners.TryGetValue((server, sessionId), out var owner))
            {
                return owner == agentId;
            }

            if (_owners.Count >= MaxSessions)
            {
                return false;
            }

            if (!_byAgent.TryGetValue(agentId, out var sessions))
            {
                _byAgent[agentId] = sessions = new Queue<(string, string)>();
            }

            while (sessions.Count >= MaxPerAgent)
            {
                _owners.TryRemove(sessions.Dequeue(), out _);
            }

            sessions.Enqueue((server, sessionId));
            _owners[(server, sessionId)] = agentId;
            return true;
        }
    }

    public void End(string server, string sessionId)
    {
        lock (_byAgent)
        {
            if (_owners.TryRemove((server, sessionId), out var agentId) && _byAgent.TryGetValue(agentId, out var sessions))
            {
                _byAgent[agentId] = new Queue<(string, string)>(sessions.Where(s => s != (server, sessionId)));
            }
        }
    }
}

internal enum McpSessionCheck
{
    Unknown,
    Owner,
    OtherAgent,
}
