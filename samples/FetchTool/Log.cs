namespace ToolGate.Samples.FetchTool;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Fetched {Url}: {Status} (truncated: {Truncated})")]
    public static partial void Fetched(ILogger logger, Uri url, int status, bool truncated);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Fetching {Url} failed: {Reason}")]
    public static partial void UpstreamFailed(ILogger logger, Uri url, string reason);
}
