using System.Collections.Immutable;

namespace ToolGate.Core.Actions;

/// <summary>
/// A request to run a job on compute: a container image, its command, GPUs, a wall-clock duration and
/// environment variables (sorted by name, so the audit digest and the forwarded body are canonical).
/// </summary>
public sealed record ComputeAction(
    string Image, string? Command, int Gpus, int DurationSeconds, ImmutableSortedDictionary<string, string>? Env = null) : ToolAction
{
    public override Capability Capability => Capability.Compute;

    // Env values can hold secrets: the target names how many variables there are, never their values.
    public override string Target => Env is { Count: > 0 } env
        ? $"{Image} gpus={Gpus} duration={DurationSeconds}s env={env.Count}"
        : $"{Image} gpus={Gpus} duration={DurationSeconds}s";
}
