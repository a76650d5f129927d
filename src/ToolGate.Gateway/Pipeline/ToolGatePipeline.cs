using Microsoft.AspNetCore.Builder;
using ToolGate.Gateway.Mcp;
using Yarp.ReverseProxy.Model;

namespace ToolGate.Gateway.Pipeline;

internal static class ToolGatePipeline
{
    /// <summary>The tool-call pipeline, in order; YARP's forwarder runs after the last step.</summary>
    public static IReverseProxyApplicationBuilder UseToolGatePipeline(this IReverseProxyApplicationBuilder proxy)
    {
        proxy.UseMiddleware<IdentifyStep>();

        // MCP routes: every JSON-RPC message of a request goes through classify → decide → limit → audit in McpStep.
        proxy.UseWhen(context => McpRoutes.ServerOf(context) is not null, mcp => mcp.UseMiddleware<McpStep>());

        // Tool routes: one action per request.
        proxy.UseWhen(context => McpRoutes.ServerOf(context) is null, tools =>
        {
            tools.UseMiddleware<ClassifyStep>();
            tools.UseMiddleware<DecideStep>();
            tools.UseMiddleware<LimitStep>();
            tools.UseMiddleware<AuditStep>();
            tools.UseMiddleware<ForwardStep>();
        });
        return proxy;
    }
}
