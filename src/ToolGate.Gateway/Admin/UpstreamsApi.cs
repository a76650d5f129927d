using Microsoft.AspNetCore.Http.HttpResults;
using Polly.CircuitBreaker;
using ToolGate.Gateway.Upstreams;
using Yarp.ReverseProxy;

namespace ToolGate.Gateway.Admin;

/// <summary>The tool backends' circuit breakers: <c>/v1/upstreams</c>, one entry per configured cluster.</summary>
internal static class UpstreamsApi
{
    public static RouteGroupBuilder MapUpstreamsApi(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/upstreams").WithTags("Upstreams");
        group.MapGet("/", List).WithSummary("Circuit breaker state, last counted failure and settings of every tool backend cluster.");
        return admin;
    }

    private static Ok<List<UpstreamView>> List(IProxyStateLookup proxy, UpstreamCircuits circuits) =>
        TypedResults.Ok(proxy.GetClusters()
            .Select(cluster => UpstreamView.From(cluster.ClusterId, circuits.Find(cluster.ClusterId)))
            .OrderBy(view => view.ClusterId, StringComparer.Ordinal)
            .ToList());
}

/// <param name="State">closed, open, half-open or isolated; "unknown" before YARP created the cluster's client.</param>
/// <param name="OpenUntil">While open: when the next call probes the backend.</param>
public sealed record UpstreamView(
    string ClusterId, string State, DateTimeOffset? OpenUntil, UpstreamFailureView? LastFailure, UpstreamSettingsView? Settings)
{
    internal static UpstreamView From(string clusterId, UpstreamCircuit? circuit) => circuit is null
        ? new(clusterId, "unknown", null, null, null)
        : new(clusterId, StateName(circuit.State), circuit.State == CircuitState.Closed ? null : circuit.OpenUntil,
            circuit.LastFailure is { } failure ? new UpstreamFailureView(failure.At, failure.Reason) : null,
            new UpstreamSettingsView(circuit.Settings.Timeout.TotalSeconds, circuit.Settings.FailureRatio, circuit.Settings.MinimumThroughput,
                circuit.Settings.SamplingDuration.TotalSeconds, circuit.Settings.BreakDuration.TotalSeconds));

    private static string StateName(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half-open",
        _ => "isolated",
    };
}

public sealed record UpstreamFailureView(DateTimeOffset At, string Reason);

public sealed record UpstreamSettingsView(
    double TimeoutSeconds, double BreakerFailureRatio, int BreakerMinimumThroughput, double BreakerSamplingSeconds, double BreakDurationSeconds);
