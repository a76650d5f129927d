namespace ToolGate.Samples.ComputeTool;

/// <summary>The states a job goes through, as the API spells them.</summary>
public static class JobState
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string TimedOut = "timed-out";
    public const string Cancelled = "cancelled";

    public static bool IsFinal(string state) => state is Succeeded or Failed or TimedOut or Cancelled;
}

/// <summary>Why a job ended, as the usage report spells it.</summary>
public static class EndedBy
{
    /// <summary>The process exited by itself (or there was nothing to run).</summary>
    public const string Exit = "exit";

    /// <summary>Killed at its deadline (<c>durationSeconds</c> after it started).</summary>
    public const string Deadline = "deadline";

    /// <summary>Cancelled over <c>DELETE</c>.</summary>
    public const string Cancel = "cancel";

    /// <summary>Killed because the tool was shutting down.</summary>
    public const string Shutdown = "shutdown";

    /// <summary>The program could not be started.</summary>
    public const string StartFailure = "start-failure";
}
