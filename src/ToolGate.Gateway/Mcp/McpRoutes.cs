using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace ToolGate.Gateway.Mcp;

/// <summary>How an MCP route is recognised: route metadata set by <see cref="McpProxyConfigProvider"/>.</summary>
internal static class McpRoutes
{
    public const string Kind = "mcp";
    public const string ServerKey = "ToolGate.McpServer";
    public const string PathPrefix = "/mcp/";

    /// <summary>The MCP server the request is for, or null when the route is not an MCP route.</summary>
    public static string? ServerOf(HttpContext context) =>
        context.Features.Get<IReverseProxyFeature>()?.Route.Config.Metadata is { } metadata
        && metadata.TryGetValue("ToolGate.Kind", out var kind) && kind == Kind
            ? metadata.GetValueOrDefault(ServerKey)
            : null;
}
