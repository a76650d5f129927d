namespace ToolGate.Core.Behaviour;

/// <summary>
/// When an agent's behaviour trips quarantine or raises an alert. Counts are "this many within the window":
/// the <see cref="DenialThreshold"/>-th denial inside <see cref="DenialWindow"/> quarantines the agent.
/// </summary>
public sealed record BehaviourThresholds
{
    public static readonly BehaviourThresholds Default = new();

    /// <summary>Denials (any rule but a rate limit) within <see cref="DenialWindow"/> that quarantine the agent; 0 turns this off.</summary>
    public int DenialThreshold { get; init; } = 5;

    public TimeSpan DenialWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether a critical guardrail hit quarantines at once (it should; off only for a dry run).</summary>
    public bool QuarantineOnCritical { get; init; } = true;

    /// <summary>Distinct internal destinations an agent tried within <see cref="ProbeWindow"/> that count as a scan.</summary>
    public int ProbeThreshold { get; init; } = 3;

    public TimeSpan ProbeWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Destinations the agent never used before, within <see cref="BurstWindow"/>, that count as a burst.</summary>
    public int NewDestinationBurst { get; init; } = 10;

    public TimeSpan BurstWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How many distinct destinations per agent are remembered as "seen" (oldest forgotten first).</summary>
    public int RememberedDestinations { get; init; } = 1_000;
}
