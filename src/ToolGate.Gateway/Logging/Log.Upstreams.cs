using Microsoft.Extensions.Logging;

namespace ToolGate.Gateway.Logging;

/// <summary>Circuit breaker state changes of tool backend clusters (7000–7099).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Warning, Message = "Circuit of tool backend cluster {ClusterId} opened for {BreakSeconds} s after {Failure}: its calls are refused with 503")]
    public static partial void UpstreamCircuitOpened(ILogger logger, string clusterId, double breakSeconds, string failure);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Circuit of tool backend cluster {ClusterId} half-open: one call probes the backend")]
    public static partial void UpstreamCircuitHalfOpened(ILogger logger, string clusterId);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Circuit of tool backend cluster {ClusterId} closed: the backend answers again")]
    public static partial void UpstreamCircuitClosed(ILogger logger, string clusterId);
}
