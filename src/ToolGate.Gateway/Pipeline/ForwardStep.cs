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
using ToolGate.Gateway.Upstreams;
using Yarp.ReverseProxy.Forwarder;

namespace ToolGate.Gateway.Pipeline;

/// <summary>
/// Forward: hands the checked action to YARP, which sends it to the route's cluster. The tool receives the
/// canonical body (not the agent's bytes) and trusted identity headers (not the agent's key). Upstream
/// failures become 502/503/504 problem details; the outcome is appended to the audit trail after the fact.
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
        RemoveUncheckedHeaders(request.Headers);

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
        // A cut call's connection is already gone: nothing to answer.
        var failure = cut ? null : await AnswerUpstreamFailureAsync(context, feature.DecisionId);
        var status = failure?.Status ?? context.Response.StatusCode;
        var duration = (long)time.GetElapsedTime(feature.StartedTimestamp).TotalMilliseconds;
        Log.Forwarded(logger, feature.DecisionId, feature.AgentId, status, duration);
        var outcome = feature.DecisionEntry! with
        {
            Stage = AuditStages.Outcome,
            Decision = failure is null && !cut ? AuditDecisions.Allow : AuditDecisions.Error,
            Reason = cut ? "cut: the agent was quarantined while the tool ran" : failure?.Reason ?? feature.Verdict!.Reason,
            Rule = cut ? Rules.Quarantined : failure?.Rule ?? feature.Verdict!.Rule,
            Status = status,
            DurationMs = duration,
        };

        // The decision record committed before forwarding; the outcome is queued without holding the response.
        audit.Enqueue(outcome);
    }

    /// <summary>Only what was checked reaches the tool: no agent key, cookies, or headers a tool might act on.</summary>
    private static void RemoveUncheckedHeaders(IHeaderDictionary headers)
    {
        // Collected first: the dictionary cannot change while it is enumerated. A request has a handful of headers.
        List<string>? remove = null;
        foreach (var header in headers)
        {
            if (!ForwardedHeaders.Contains(header.Key))
            {
                (remove ??= new List<string>(8)).Add(header.Key);
            }
        }

        if (remove is not null)
        {
            foreach (var name in remove)
            {
                headers.Remove(name);
            }
        }
    }

    /// <summary>
    /// No tool response (unreachable, timed out, circuit open): ToolGate answers 502/504/503 problem details
    /// itself (<see cref="UpstreamProblem"/>); null when the tool answered, whatever its status.
    /// </summary>
    private async Task<UpstreamProblem?> AnswerUpstreamFailureAsync(HttpContext context, string decisionId)
    {
        if (context.GetForwarderErrorFeature() is not { } error)
        {
            return null;
        }

        Log.UpstreamFailed(logger, decisionId, error.Error.ToString(), error.Exception);
        var problem = UpstreamProblem.For(context, error, time.GetUtcNow());
        await problem.WriteAsync(context, decisionId);
        return problem;
    }
}
