using System.Collections.Immutable;

namespace ToolGate.Core.Grants;

/// <summary>Compute jobs an agent may submit: how many GPUs, for how long, from which images (globs).</summary>
public sealed record ComputeGrant : Grant
{
    public override Capability Capability => Capability.Compute;

    public int MaxGpus { get; init; }

    public int MaxDurationSeconds { get; init; }

    public ImmutableArray<string> Images { get; init; } = [];
}
