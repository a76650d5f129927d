using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using ToolGate.Gateway.Logging;

namespace ToolGate.Gateway.Upstreams;

/// <summary>
/// One cluster's resilience pipeline (circuit breaker around a per-attempt timeout) and what the admin API shows
/// of it. There is deliberately no retry: a tool call runs a command or submits a job, and sending it twice
/// could run it twice.
/// </summary>
internal sealed class UpstreamCircuit
{
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private UpstreamFailure? _lastFailure;
    private OpenPeriod? _open;

    public UpstreamCircuit(string clusterId, UpstreamSettings settings, TimeProvider time, ILogger logger)
    {
        ClusterId = clusterId;
        Settings = settings;
        _time = time;
        _logger = logger;
        Pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = "ToolGate.Upstream", InstanceName = clusterId, TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                ShouldHandle = args => ValueTask.FromResult(UpstreamFailures.IsFailure(args.Outcome)),
                StateProvider = _state,
                OnOpened = OnOpened,
                OnHalfOpened = OnHalfOpened,
                OnClosed = OnClosed,
            })
            // Inside the breaker, so that a timeout counts as a failure.
            .AddTimeout(settings.Timeout)
            .Build();
    }

    public string ClusterId { get; }

    public UpstreamSettings Settings { get; }

    public ResiliencePipeline<HttpResponseMessage> Pipeline { get; }

    /// <summary>Polly moves an open circuit to half-open only when a call arrives after the break.</summary>
    public CircuitState State => _state.CircuitState;

    /// <summary>Until when an open circuit refuses calls (null when closed).</summary>
    public DateTimeOffset? OpenUntil => Volatile.Read(ref _open)?.Until;

    public UpstreamFailure? LastFailure => Volatile.Read(ref _lastFailure);

    public void RecordFailure(string reason) => Volatile.Write(ref _lastFailure, new UpstreamFailure(_time.GetUtcNow(), reason));

    private ValueTask OnOpened(OnCircuitOpenedArguments<HttpResponseMessage> args)
    {
        Volatile.Write(ref _open, new OpenPeriod(_time.GetUtcNow() + args.BreakDuration));
        Log.UpstreamCircuitOpened(_logger, ClusterId, args.BreakDuration.TotalSeconds, UpstreamFailures.Describe(args.Outcome) ?? "failures");
        return ValueTask.CompletedTask;
    }

    private ValueTask OnHalfOpened(OnCircuitHalfOpenedArguments args)
    {
        Log.UpstreamCircuitHalfOpened(_logger, ClusterId);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnClosed(OnCircuitClosedArguments<HttpResponseMessage> args)
    {
        Volatile.Write(ref _open, null);
        Log.UpstreamCircuitClosed(_logger, ClusterId);
        return ValueTask.CompletedTask;
    }

    private sealed record OpenPeriod(DateTimeOffset Until);
}

/// <summary>The last failure counted against a cluster's breaker.</summary>
internal sealed record UpstreamFailure(DateTimeOffset At, string Reason);
