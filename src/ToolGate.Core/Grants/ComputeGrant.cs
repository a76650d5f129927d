using System.Collections.Immutable;

namespace ToolGate.Core.Grants;

/// <summary>
/// Compute jobs an agent may submit: how many GPUs, for how long, from which images (globs, optionally pinned by
/// digest), running which commands (shell patterns), and, optionally, a GPU-seconds budget per window.
/// </summary>
public sealed record ComputeGrant : Grant
{
    public override Capability Capability => Capability.Compute;

    public int MaxGpus { get; init; }

    public int MaxDurationSeconds { get; init; }

    public ImmutableArray<string> Images { get; init; } = [];

    /// <summary>
    /// Shell patterns a job's command must match (judged like a shell command, guardrails included). Empty: only
    /// jobs without a command (the image's default) are admitted.
    /// </summary>
    public ImmutableArray<string> Commands { get; init; } = [];

    /// <summary>GPU-seconds the agent may use per <see cref="WindowSeconds"/> under this grant; null with it when no budget.</summary>
    public int? GpuSecondsPerWindow { get; init; }

    /// <summary>The budget window in seconds; set exactly when <see cref="GpuSecondsPerWindow"/> is.</summary>
    public int? WindowSeconds { get; init; }
}
