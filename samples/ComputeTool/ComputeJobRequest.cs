namespace ToolGate.Samples.ComputeTool;

/// <summary>
/// Body of <c>POST /tools/compute/jobs</c>, as the gateway forwards it:
/// <c>{"image": "registry.local/train:v1", "command": "python train.py", "argv": ["python", "train.py"], "gpus": 1,
/// "durationSeconds": 600, "env": {"EPOCHS": "3"}, "usageReport": {"url": "http://…", "token": "…"}}</c>.
/// </summary>
/// <param name="Image">Container image; required, non-blank. Bookkeeping only: the sample runs on the host.</param>
/// <param name="Command">The command as the agent wrote it; run with <c>/bin/sh -c</c> only when no <paramref name="Argv"/> came with it.</param>
/// <param name="Argv">The words the gateway checked; run directly, without a shell. Neither: the image's default, which here runs nothing.</param>
/// <param name="Gpus">GPUs wanted, 0..64; absent means 0. Bookkeeping only.</param>
/// <param name="DurationSeconds">Wall-clock limit in seconds, 1..604800; the process tree is killed at the deadline.</param>
/// <param name="Env">Environment variables added to the process's environment.</param>
/// <param name="UsageReport">Where to report usage when the job ends (optional).</param>
public sealed record ComputeJobRequest(
    string? Image, string? Command, IReadOnlyList<string>? Argv, int? Gpus, int? DurationSeconds,
    IReadOnlyDictionary<string, string>? Env, UsageReportTarget? UsageReport);

/// <summary>The usage receiver: the report is POSTed to <paramref name="Url"/> with <c>Authorization: ToolGate-Usage &lt;token&gt;</c>.</summary>
public sealed record UsageReportTarget(string? Url, string? Token);
