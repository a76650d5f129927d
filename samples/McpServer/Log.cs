namespace ToolGate.Samples.McpServer;

internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "read_file {Path}: {Bytes} bytes")]
    public static partial void FileRead(ILogger logger, string path, int bytes);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "write_file {Path}: {Bytes} bytes")]
    public static partial void FileWritten(ILogger logger, string path, int bytes);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "run_command exited {ExitCode} (timed out: {TimedOut})")]
    public static partial void CommandRan(ILogger logger, int exitCode, bool timedOut);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "fetch {Url}: {Status}")]
    public static partial void Fetched(ILogger logger, Uri url, int status);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Tool {Tool} now has a different description (changed through /admin/mutate-tool)")]
    public static partial void ToolMutated(ILogger logger, string tool);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "MCP server serving {Path} ({Responses} responses, session mode {SessionMode}), workspace {Root}")]
    public static partial void Serving(ILogger logger, string path, string responses, string sessionMode, string root);
}
