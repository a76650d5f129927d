namespace ToolGate.Samples.ComputeTool;

/// <summary>
/// Body of <c>POST /tools/compute/jobs</c>:
/// <c>{"image": "registry.local/train:v1", "command": "python train.py", "gpus": 1, "durationSeconds": 600}</c>.
/// </summary>
/// <param name="Image">Container image; required, non-blank.</param>
/// <param name="Command">Command to run in the image; optional (null means the image's default).</param>
/// <param name="Gpus">GPUs wanted, 0..64; absent means 0.</param>
/// <param name="DurationSeconds">Expected run time in seconds, 1..604800 (one week); required.</param>
public sealed record ComputeJobRequest(string? Image, string? Command, int? Gpus, int? DurationSeconds);
