namespace ToolGate.Samples.ComputeTool;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Queued {JobId}: {Image} with {Gpus} GPU(s) for {DurationSeconds} s")]
    public static partial void Submitted(ILogger logger, string jobId, string image, int gpus, int durationSeconds);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Started {JobId}")]
    public static partial void Started(ILogger logger, string jobId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Ended {JobId}: {State} by {EndedBy} after {UsedSeconds} s")]
    public static partial void Ended(ILogger logger, string jobId, string state, string endedBy, double usedSeconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Could not start {JobId} ({Program}): {Reason}")]
    public static partial void StartFailed(ILogger logger, string jobId, string program, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Reported usage of {JobId}: {UsedSeconds} s")]
    public static partial void UsageReported(ILogger logger, string jobId, double usedSeconds);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Retrying the usage report (attempt {Attempt}) after {Outcome}")]
    public static partial void UsageReportRetry(ILogger logger, int attempt, string outcome);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Gave up reporting the usage of {JobId}: {Outcome}")]
    public static partial void UsageReportFailed(ILogger logger, string jobId, string outcome);
}
