using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using ToolGate.Core.Audit;
using ToolGate.Core.Decisions;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Identify;

namespace ToolGate.Gateway.Pipeline;

/// <summary>
/// An identified agent calling something that is not a tool route: refused with 400 and audited, never
/// forwarded unclassified.
/// </summary>
internal static class AgentFallback
{
    public static IEndpointRouteBuilder MapToolGateAgentFallback(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapFallback("{*path}", RefuseAsync)
            .WithMetadata(new ListenerScope(ListenerKind.Agents))
            .ExcludeFromDescription();
        return endpoints;
    }

    private static async Task RefuseAsync(HttpContext context, AgentIdentifier identifier, DecisionRecorder recorder, TimeProvider time)
    {
        if (identifier.Identify(context.Request, out var failure) is not { } agent)
        {
            await IdentifyStep.RefuseAsync(context, failure);
            return;
        }

        var decisionId = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        context.Response.Headers[ClassifyStep.DecisionIdHeader] = decisionId;
        var reason = $"no tool route matches {context.Request.Method} {context.Request.Path}";
        var entry = DecisionRecorder.Entry(AuditStages.Decision, decisionId, agent.Id, null,
            AuditDecisions.Deny, reason, Rules.Unclassifiable, Severity.Low);
        await recorder.RefuseAsync(context, decisionId, entry, StatusCodes.Status400BadRequest);
    }
}
