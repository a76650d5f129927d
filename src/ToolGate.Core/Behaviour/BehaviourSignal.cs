using System.Collections.Immutable;

namespace ToolGate.Core.Behaviour;

/// <summary>What the monitor concluded from a pattern of decisions.</summary>
/// <param name="Kind">A stable name: see <see cref="BehaviourSignalKinds"/>.</param>
/// <param name="Quarantine">True when the agent must be quarantined now.</param>
/// <param name="Evidence">The decision ids that make up the pattern, oldest first.</param>
public sealed record BehaviourSignal(string AgentId, string Kind, string Summary, bool Quarantine, ImmutableArray<string> Evidence);

public static class BehaviourSignalKinds
{
    /// <summary>A critical guardrail (tunnel, reverse shell, miner, …) was hit.</summary>
    public const string CriticalGuardrail = "critical-guardrail";

    /// <summary>Too many denials in the window.</summary>
    public const string DenialBurst = "denial-burst";

    /// <summary>Several distinct internal or metadata addresses were tried: a scan.</summary>
    public const string InternalProbe = "internal-probe";

    /// <summary>Many destinations never used before, in a short time.</summary>
    public const string NewDestinationBurst = "new-destination-burst";

    /// <summary>A guardrail that is not critical was hit (first hit per rule per window).</summary>
    public const string GuardrailHit = "guardrail-hit";
}
