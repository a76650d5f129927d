namespace ToolGate.Gateway.Upstreams;

/// <summary>One cluster's effective timeout and breaker settings: its metadata over the <c>ToolGate:Upstreams</c> defaults.</summary>
internal sealed record UpstreamSettings(
    TimeSpan Timeout, double FailureRatio, int MinimumThroughput, TimeSpan SamplingDuration, TimeSpan BreakDuration)
{
    public static UpstreamSettings From(UpstreamOptions options) => new(
        TimeSpan.FromSeconds(options.TimeoutSeconds), options.BreakerFailureRatio, options.BreakerMinimumThroughput,
        TimeSpan.FromSeconds(options.BreakerSamplingSeconds), TimeSpan.FromSeconds(options.BreakDurationSeconds));
}
