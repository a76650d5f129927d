using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using ToolGate.Core.Audit;
using ToolGate.Core.Decisions;
using ToolGate.Gateway.Audit;
using ToolGate.Gateway.Logging;
using ToolGate.Gateway.Problems;
using ToolGate.Gateway.Quarantine;
using Yarp.ReverseProxy.Forwarder;

namespace ToolGate.Gateway.Pipeline;

/// <summary>
/// Forward: hands the checked action to YARP, which sends it to the route's cluster. The tool receives the
/// canonical body (not the agent's bytes) and trusted identity headers (not the agent's key). Upstream
/// failures become 502/504 problem details; the outcome is appended to the audit trail after the fact.
/// </summary>
internal sealed class ForwardStep(RequestDelegate next, IAuditLog audit, AgentCutoffs cutoffs, TimeProvider time, ILogger<ForwardStep> logger)
{
    public const string AgentIdHeader = "X-ToolGate-Agent-Id";

    private static readonly FrozenSet<string> ForwardedHeaders = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase, HeaderNames.Host, HeaderNames.Accept, HeaderNames.UserAgent, "traceparent", "tracestate");

    public async Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.GetRequiredFeature<ToolCallFeature>();
        var body = feature.ForwardBody!;
        var request = context.Request;
        foreach (var name in request.Headers.Keys.Where(name => !ForwardedHeaders.Contains(name)).ToList())
        {
            // Only what was checked reaches the tool: no agent key, cookies, or headers a tool might act on.
            request.Headers.Remove(name);
        }

        request.QueryString = QueryString.Empty;
        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        request.ContentType = "application/json";
        request.Headers[AgentIdHeader] = feature.AgentId;
        context.Request.Headers[ClassifyStep.DecisionIdHeader] = feature.DecisionId;

        // Quarantine aborts the call while the tool works on it (the agent's connection is reset, the upstream call cancelled).
        using (cutoffs.Register(feature.AgentId, context))
        {
            await next(context);
        }

        var forwarderFailed = context.GetForwarderErrorFeature() is not null || context.RequestAborted.IsCancellationRequested;
        var cut = forwarderFailed && cutoffs.IsCut(feature.AgentId);
        var status = context.Response.StatusCode;
        var forwarderError = context.GetForwarderErrorFeature();
        if (forwarderError is { } error)
        {
            Log.UpstreamFailed(logger, feature.DecisionId, error.Error.ToString(), error.Exception);
            status = error.Error is ForwarderError.RequestTimedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;
            if (!cut)
            {
                // A cut call's connection is already gone: nothing to answer.
                await ProblemResponses.WriteAsync(context, status, "Tool backend failed",
                    $"the tool backend could not be reached or failed: {error.Error}", Rules.UpstreamFailure, feature.DecisionId);
            }
        }

        var duration = (long)time.GetElapsedTime(feature.StartedTimestamp).TotalMilliseconds;
        Log.Forwarded(logger, feature.DecisionId, feature.AgentId, status, duration);
        var outcome = feature.DecisionEntry! with
        {
            Stage = AuditStages.Outcome,
            Decision = forwarderError is null && !cut ? AuditDecisions.Allow : AuditDecisions.Error,
            Reason = cut ? "cut: the agent was quarantined while the tool ran"
                : forwarderError is null ? feature.Verdict!.Reason : $"the tool backend could not be reached or failed: {forwarderError.Error}",
            Rule = cut ? Rules.Quarantined : forwarderError is null ? feature.Verdict!.Rule : Rules.UpstreamFailure,
            Status = status,
            DurationMs = duration,
        };

        // The decision record committed before forwarding; the outcome is queued without holding the response.
        _ = RecordOutcomeAsync(outcome);
    }

    private async Task RecordOutcomeAsync(AuditEntry outcome)
    {
        try
        {
            await audit.AppendAsync(outcome, CancellationToken.None);
        }
        catch (AuditUnavailableException e)
        {
            Log.OutcomeAuditFailed(logger, outcome.DecisionId, e);
        }
    }
}
