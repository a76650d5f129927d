using System.Collections.Frozen;
using System.Collections.Immutable;
using ToolGate.Core.Compute;
using ToolGate.Core.Grants;
using ToolGate.Core.Network;
using ToolGate.Core.Shell;
using ToolGate.Core.Shell.Destinations;

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
        ImmutableArray<Grant> grants, FrozenDictionary<string, AgentPolicy> agents, OperatorSettings settings, ShellKnowledge? shellKnowledge,
        NetworkKnowledge? networkKnowledge, ComputeKnowledge? computeKnowledge)
    {
        Grants = grants;
        _agents = agents;
        Settings = settings;
        ShellKnowledge = shellKnowledge;
        NetworkKnowledge = networkKnowledge;
        ComputeKnowledge = computeKnowledge;
        ShellNetwork = networkKnowledge is null ? ShellNetworkGuardrails.Unavailable : new ShellNetworkGuardrails(networkKnowledge, settings);
        ComputeGuardrails = computeKnowledge is null || shellKnowledge is null || networkKnowledge is null
            ? null
            : new ComputeGuardrails(computeKnowledge, shellKnowledge, networkKnowledge, ShellNetwork);
    }

    public ImmutableArray<Grant> Grants { get; }

    public OperatorSettings Settings { get; }

    /// <summary>Guardrails and program knowledge for shell commands; without it no shell command is allowed.</summary>
    public ShellKnowledge? ShellKnowledge { get; }

    /// <summary>Address classes, special names and mining indicators; without it no network action is allowed.</summary>
    public NetworkKnowledge? NetworkKnowledge { get; }

    /// <summary>The network guardrails, with the operator's opened ranges, for where shell commands connect.</summary>
    public ShellNetworkGuardrails ShellNetwork { get; }

    /// <summary>Miner indicators and env rules for compute jobs (<c>compute.yaml</c>).</summary>
    public ComputeKnowledge? ComputeKnowledge { get; }

    /// <summary>The compute guardrail, built from all three guardrail files; without it no compute job is allowed.</summary>
    public ComputeGuardrails? ComputeGuardrails { get; }

    public static PolicySnapshot Create(
        IEnumerable<Grant> grants, OperatorSettings settings, ShellKnowledge? shellKnowledge, NetworkKnowledge? networkKnowledge = null,
        ComputeKnowledge? computeKnowledge = null)
    {
        var all = grants.ToImmutableArray();
        var agents = all
            .GroupBy(g => g.AgentId, StringComparer.Ordinal)
            .ToFrozenDictionary(group => group.Key, group => AgentPolicy.Compile(group.ToList()), StringComparer.Ordinal);
        return new PolicySnapshot(all, agents, settings, shellKnowledge, networkKnowledge, computeKnowledge);
    }

    public AgentPolicy For(string agentId) => _agents.GetValueOrDefault(agentId) ?? AgentPolicy.Empty;
}
