namespace ToolGate.Samples.ShellTool;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Running {Program} with {ArgumentCount} argument(s) in {Cwd}")]
    public static partial void Running(ILogger logger, string program, int argumentCount, string cwd);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "{Program} exited with code {ExitCode} (killed: {Killed})")]
    public static partial void Exited(ILogger logger, string program, int exitCode, bool killed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Could not start {Program}: {Reason}")]
    public static partial void StartFailed(ILogger logger, string program, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Script ran {StepsRun} step(s), at any level, of {StepCount} at the top: status {ExitCode} (timed out: {TimedOut})")]
    public static partial void ScriptFinished(ILogger logger, int stepsRun, int stepCount, int exitCode, bool timedOut);
}
