namespace ToolGate.Samples.ComputeTool;

/// <summary>
/// A submitted job, as returned by the compute endpoints:
/// <c>{"id": "job-000001", "image": "...", "command": "...", "gpus": 1, "durationSeconds": 600, "status": "queued", "submittedAt": "2026-01-01T00:00:00+00:00"}</c>.
/// </summary>
/// <param name="Id">"job-" and a six-digit sequence number, per app instance, starting at job-000001.</param>
/// <param name="Status">Always "queued" for now (there is no scheduler yet).</param>
/// <param name="SubmittedAt">When the job was accepted (UTC, from the app's TimeProvider).</param>
public sealed record ComputeJob(
    string Id, string Image, string? Command, int Gpus, int DurationSeconds, string Status, DateTimeOffset SubmittedAt)
{
    public const string Queued = "queued";
}
