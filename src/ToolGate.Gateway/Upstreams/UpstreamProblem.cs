using System.Globalization;
using Microsoft.AspNetCore.Http;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ToolGate.Core.Decisions;
using ToolGate.Gateway.Pipeline;
using ToolGate.Gateway.Problems;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace ToolGate.Gateway.Upstreams;

/// <summary>
/// ToolGate's answer when a forwarded call did not get a tool's response: 503 when the cluster's circuit is open
/// (the backend was not called), 504 when it did not answer in time, 502 otherwise. The same status, reason and
/// rule go into the outcome audit record.
/// </summary>
internal sealed record UpstreamProblem(int Status, string Title, string Reason, string Rule, TimeSpan? RetryAfter)
{
    public static UpstreamProblem For(HttpContext context, IForwarderErrorFeature error, DateTimeOffset now)
    {
        var cluster = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
        return error.Exception switch
        {
            BrokenCircuitException broken => CircuitOpen(cluster, broken.RetryAfter is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero, now),
            TimeoutRejectedException timeout => TimedOut(cluster, string.Create(CultureInfo.InvariantCulture, $"{timeout.Timeout.TotalSeconds} s")),
            _ when error.Error is ForwarderError.RequestTimedOut => TimedOut(cluster, "its HttpRequest:ActivityTimeout"),
            _ => new(StatusCodes.Status502BadGateway, "Tool backend failed",
                $"the tool backend of cluster '{cluster}' could not be reached or failed: {error.Error}", Rules.UpstreamFailure, null),
        };
    }

    public Task WriteAsync(HttpContext context, string decisionId)
    {
        if (RetryAfter is { } wait && !context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = DecisionRecorder.RetryAfterSeconds(wait);
        }

        return ProblemResponses.WriteAsync(context, Status, Title, Reason, Rule, decisionId);
    }

    private static UpstreamProblem CircuitOpen(string cluster, TimeSpan wait, DateTimeOffset now) => new(
        StatusCodes.Status503ServiceUnavailable, "Tool backend unavailable",
        string.Create(CultureInfo.InvariantCulture,
            $"the circuit breaker of tool backend cluster '{cluster}' is open after repeated failures, so the call was not sent; "
            + $"a call after {now + wait:yyyy-MM-ddTHH:mm:ssZ} probes the backend again"),
        Rules.UpstreamCircuitOpen, wait);

    private static UpstreamProblem TimedOut(string cluster, string limit) => new(
        StatusCodes.Status504GatewayTimeout, "Tool backend timed out",
        $"the tool backend of cluster '{cluster}' did not answer within {limit}", Rules.UpstreamTimeout, null);
}
