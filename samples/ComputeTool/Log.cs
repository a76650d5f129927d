namespace ToolGate.Samples.ComputeTool;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Queued {JobId}: {Image} with {Gpus} GPU(s) for {DurationSeconds} s")]
    public static partial void Submitted(ILogger logger, string jobId, string image, int gpus, int durationSeconds);
}
