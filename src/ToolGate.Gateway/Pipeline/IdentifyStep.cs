using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using ToolGate.Gateway.Identify;
using ToolGate.Gateway.Problems;

namespace ToolGate.Gateway.Pipeline;

/// <summary>Identify: the agent is whoever its key says; no key, an unknown or a revoked key → 401 problem details.</summary>
internal sealed class IdentifyStep(RequestDelegate next, AgentIdentifier identifier)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (identifier.Identify(context.Request, out var failure) is not { } agent)
        {
            await RefuseAsync(context, failure);
            return;
        }

        context.Features.Set(new IdentifiedAgent(agent.Id));
        await next(context);
    }

    public static Task RefuseAsync(HttpContext context, string failure)
    {
        context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return ProblemResponses.WriteAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized", failure, rule: "identify", decisionId: null);
    }
}

/// <summary>The identified caller of a tool call, set by <see cref="IdentifyStep"/>.</summary>
internal sealed record IdentifiedAgent(string Id);
