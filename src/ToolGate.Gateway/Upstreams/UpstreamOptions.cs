namespace ToolGate.Gateway.Upstreams;

/// <summary>
/// <c>ToolGate:Upstreams</c>: the defaults of every cluster's timeout and circuit breaker. A cluster overrides
/// them with <c>ToolGate.Upstream.*</c> metadata (<see cref="UpstreamMetadata"/>); the ranges apply to both.
/// </summary>
public sealed class UpstreamOptions
{
    public const double DefaultTimeoutSeconds = 20;
    public const double DefaultBreakerFailureRatio = 0.5;
    public const int DefaultBreakerMinimumThroughput = 5;
    public const double DefaultBreakerSamplingSeconds = 10;
    public const double DefaultBreakDurationSeconds = 10;

    // Polly's own limits, narrowed to what makes sense for a tool backend.
    public const double MinTimeoutSeconds = 0.1;
    public const double MaxTimeoutSeconds = 3600;
    public const double MinFailureRatio = 0.01;
    public const double MaxFailureRatio = 1;
    public const int MinMinimumThroughput = 2;
    public const int MaxMinimumThroughput = 10_000;
    public const double MinWindowSeconds = 0.5;
    public const double MaxWindowSeconds = 3600;

    /// <summary>Longest wait for the tool's response headers (one attempt; there are no retries).</summary>
    public double TimeoutSeconds { get; set; } = DefaultTimeoutSeconds;

    /// <summary>The breaker opens when at least this share of the sampled calls failed…</summary>
    public double BreakerFailureRatio { get; set; } = DefaultBreakerFailureRatio;

    /// <summary>…and at least this many calls were sampled…</summary>
    public int BreakerMinimumThroughput { get; set; } = DefaultBreakerMinimumThroughput;

    /// <summary>…within this many seconds.</summary>
    public double BreakerSamplingSeconds { get; set; } = DefaultBreakerSamplingSeconds;

    /// <summary>How long an open breaker refuses calls before one probe call may try the backend again.</summary>
    public double BreakDurationSeconds { get; set; } = DefaultBreakDurationSeconds;
}
