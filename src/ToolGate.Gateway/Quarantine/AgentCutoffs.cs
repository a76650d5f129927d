using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace ToolGate.Gateway.Quarantine;

/// <summary>
/// Cuts an agent's in-flight tool calls. Each agent has a token that forwarding registers against; quarantine
/// cancels it, which aborts every call of that agent still waiting on a tool backend. The cancelled token stays
/// until release, so a call that was allowed a moment before the quarantine is cut as soon as it registers.
/// </summary>
internal sealed class AgentCutoffs
{
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _agents = new(StringComparer.Ordinal);

    /// <summary>Aborts <paramref name="context"/> when the agent is cut (at once if it already is).</summary>
    public CancellationTokenRegistration Register(string agentId, HttpContext context) =>
        TokenOf(agentId).UnsafeRegister(static state => ((HttpContext)state!).Abort(), context);

    public bool IsCut(string agentId) => _agents.TryGetValue(agentId, out var source) && source.IsCancellationRequested;

    public void Cut(string agentId)
    {
        var source = _agents.GetOrAdd(agentId, static _ => new CancellationTokenSource());
        try
        {
            source.Cancel();
        }
        catch (AggregateException)
        {
            // An abort callback failed for one call; the rest were still aborted and the agent stays cut.
        }
    }

    /// <summary>On release: later calls get a fresh token.</summary>
    /// <summary>On release: later calls get a fresh token.</summary>
    // The old source is not disposed: a call may be registering on it right now, and without a timer it holds nothing.
    public void Restore(string agentId) => _agents.TryRemove(agentId, out _);

    private CancellationToken TokenOf(string agentId) =>
        _agents.GetOrAdd(agentId, static _ => new CancellationTokenSource()).Token;
}
