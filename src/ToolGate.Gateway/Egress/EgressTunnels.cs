using System.Net;
using ToolGate.Core.Actions;

namespace ToolGate.Gateway.Egress;

/// <summary>
/// Every live egress connection, by agent: the per-agent limit is enforced here, and an agent's tunnels can be
/// cut at once (revocation, quarantine). Cutting cancels the tunnel's token; its relay closes both sockets.
/// </summary>
public sealed class EgressTunnels
{
    private readonly Dictionary<string, Dictionary<string, EgressTunnel>> _byAgent = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Registers a tunnel unless the agent already has <paramref name="limit"/> open.</summary>
    internal bool TryOpen(EgressTunnel tunnel, int limit)
    {
        lock (_lock)
        {
            if (!_byAgent.TryGetValue(tunnel.AgentId, out var tunnels))
            {
                _byAgent[tunnel.AgentId] = tunnels = new Dictionary<string, EgressTunnel>(StringComparer.Ordinal);
            }

            if (tunnels.Count >= limit)
            {
                return false;
            }

            tunnels[tunnel.DecisionId] = tunnel;
            return true;
        }
    }

    internal void Close(EgressTunnel tunnel)
    {
        lock (_lock)
        {
            if (_byAgent.TryGetValue(tunnel.AgentId, out var tunnels) && tunnels.Remove(tunnel.DecisionId) && tunnels.Count == 0)
            {
                _byAgent.Remove(tunnel.AgentId);
            }
        }
    }

    /// <summary>Cuts every live tunnel of an agent; returns how many were cut.</summary>
    public int CutAgent(string agentId, string reason)
    {
        List<EgressTunnel> cut;
        lock (_lock)
        {
            cut = _byAgent.TryGetValue(agentId, out var tunnels) ? [.. tunnels.Values] : [];
        }

        cut.ForEach(t => t.Cut(reason));
        return cut.Count;
    }

    internal IReadOnlyList<EgressTunnel> Live()
    {
        lock (_lock)
        {
            return [.. _byAgent.Values.SelectMany(tunnels => tunnels.Values)];
        }
    }

    public IReadOnlyList<EgressTunnelInfo> List(string? agentId = null)
    {
        lock (_lock)
        {
            return [.. _byAgent
                .Where(pair => agentId is null || pair.Key == agentId)
                .SelectMany(pair => pair.Value.Values)
                .Select(t => t.Describe())
                .OrderBy(t => t.OpenedAt)];
        }
    }
}

/// <summary>One live tunnel or proxied request.</summary>
internal sealed class EgressTunnel(string agentId, string decisionId, NetworkAction action, string target, IPEndPoint address, DateTimeOffset openedAt)
    : IDisposable
{
    private readonly CancellationTokenSource _cut = new();
    private long _bytesUp;
    private long _bytesDown;

    public string AgentId { get; } = agentId;

    public string DecisionId { get; } = decisionId;

    /// <summary>What was decided: re-decided whenever the grants change, for as long as the tunnel lives.</summary>
    public NetworkAction Action { get; } = action;

    public string Target { get; } = target;

    public IPEndPoint Address { get; } = address;

    public DateTimeOffset OpenedAt { get; } = openedAt;

    public CancellationToken CutToken => _cut.Token;

    /// <summary>Why the tunnel was cut from outside, if it was.</summary>
    public string? CutReason { get; private set; }

    public long BytesUp => Interlocked.Read(ref _bytesUp);

    public long BytesDown => Interlocked.Read(ref _bytesDown);

    /// <summary>The grant's byte budget this tunnel spends from, when it has one.</summary>
    public Budgets.ByteAllowance? Allowance { get; set; }

    public void AddUp(long bytes) => Interlocked.Add(ref _bytesUp, bytes);

    public void AddDown(long bytes) => Interlocked.Add(ref _bytesDown, bytes);

    /// <summary>
    /// Spends <paramref name="bytes"/> about to be relayed from the grant's byte budget. False (and the tunnel cut)
    /// when they would overdraw it: the caller must not relay them.
    /// </summary>
    public bool TrySpend(long bytes)
    {
        if (Allowance is not { } allowance || allowance.Spend(bytes))
        {
            return true;
        }

        Cut(allowance.ExhaustedReason);
        return false;
    }

    public void Cut(string reason)
    {
        CutReason ??= reason;
        try
        {
            _cut.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It closed by itself in the meantime.
        }
    }

    public EgressTunnelInfo Describe() => new(AgentId, DecisionId, Target, Address.ToString(), OpenedAt, BytesUp, BytesDown);

    public void Dispose() => _cut.Dispose();
}

public sealed record EgressTunnelInfo(string AgentId, string DecisionId, string Target, string Address, DateTimeOffset OpenedAt, long BytesUp, long BytesDown);
