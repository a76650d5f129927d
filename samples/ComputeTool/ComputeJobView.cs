namespace ToolGate.Samples.ComputeTool;

/// <summary>
/// A job as the endpoints return it: <c>{"id": "job-000001", "image": "…", "state": "running", "exitCode": null,
/// "startedAt": "…", "endedAt": null, "usedSeconds": 1.5, …}</c>. Env values are not echoed (they may be secrets).
/// </summary>
/// <param name="UsedSeconds">Wall-clock seconds the process ran (so far, while running); 0 before it starts.</param>
/// <param name="Stdout">The first <see cref="ComputeToolOptions.MaxOutputBytes"/> bytes of standard output.</param>
public sealed record ComputeJobView(
    string Id, string Image, string? Command, IReadOnlyList<string>? Argv, int Gpus, int DurationSeconds, string State, int? ExitCode,
    DateTimeOffset SubmittedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt, double UsedSeconds, string? EndedBy,
    string Stdout, string Stderr, bool OutputTruncated, IReadOnlyList<string> EnvNames);
