using System.Collections.Frozen;
using System.Collections.Immutable;
using ToolGate.Core.Grants;
using ToolGate.Core.Network;
using ToolGate.Core.Shell;

namespace ToolGate.Core.Policies;

/// <summary>
/// An immutable view of every grant, compiled for fast decisions. A change builds a new snapshot and swaps
/// it in; a request in flight keeps the snapshot it started with.
/// </summary>
public sealed class PolicySnapshot
{
    public static readonly PolicySnapshot Empty = Create([], OperatorSettings.Default, shellKnowledge: null);

    private readonly FrozenDictionary<string, AgentPolicy> _agents;

    private PolicySnapshot(
        ImmutableArray<Grant> grants, FrozenDictionary<string, AgentPolicy> agents, OperatorSettings settings, ShellKnowledge? shellKnowledge, NetworkKnowledge? networkKnowledge)
    {
        Grants = grants;
        _agents = agents;
        Settings = settings;
        ShellKnowledge = shellKnowledge;
        NetworkKnowledge = networkKnowledge;
    }

    public ImmutableArray<Grant> Grants { get; }

    public OperatorSettings Settings { get; }

    /// <summary>Guardrails and program knowledge for shell commands; without it no shell command is allowed.</summary>
    public ShellKnowledge? ShellKnowledge { get; }

    /// <summary>Address classes, special names and mining indicators; without it no network action is allowed.</summary>
    public NetworkKnowledge? NetworkKnowledge { get; }

    public static PolicySnapshot Create(
        IEnumerable<Grant> grants, OperatorSettings settings, ShellKnowledge? shellKnowledge, NetworkKnowledge? networkKnowledge = null)
    {
        var all = grants.ToImmutableArray();
        var agents = all
            .GroupBy(g => g.AgentId, StringComparer.Ordinal)
            .ToFrozenDictionary(group => group.Key, group => AgentPolicy.Compile(group.ToList()), StringComparer.Ordinal);
        return new PolicySnapshot(all, agents, settings, shellKnowledge, networkKnowledge);
    }

    public AgentPolicy For(string agentId) => _agents.GetValueOrDefault(agentId) ?? AgentPolicy.Empty;
}
