namespace ToolGate.Core.Actions;

/// <summary>A request to run a job on compute: a container image, its command, GPUs and a wall-clock duration.</summary>
public sealed record ComputeAction(string Image, string? Command, int Gpus, int DurationSeconds) : ToolAction
{
    public override Capability Capability => Capability.Compute;

    public override string Target => $"{Image} gpus={Gpus} duration={DurationSeconds}s";
}
