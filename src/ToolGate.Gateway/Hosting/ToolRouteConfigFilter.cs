using ToolGate.Gateway.Classify;
using Yarp.ReverseProxy.Configuration;

namespace ToolGate.Gateway.Hosting;

/// <summary>
/// Refuses a YARP route that does not say what action it carries: a tool route that cannot be classified
/// would deny every call, so it is a configuration error at start-up, not a surprise at run time.
/// </summary>
internal sealed class ToolRouteConfigFilter : IProxyConfigFilter
{
    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) => new(cluster);

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel)
    {
        if (route.Metadata?.GetValueOrDefault("ToolGate.Kind") == Mcp.McpRoutes.Kind)
        {
            // MCP routes come from ToolGate:Mcp:Servers and carry their server name; nothing else to read.
            return route.Metadata.ContainsKey(Mcp.McpRoutes.ServerKey)
                ? new(route)
                : throw new ToolGateStartupException($"ReverseProxy:Routes:{route.RouteId}:Metadata: an MCP route needs '{Mcp.McpRoutes.ServerKey}'");
        }

        if (ActionFields.FromMetadata(route.Metadata, out var error) is null)
        {
            throw new ToolGateStartupException($"ReverseProxy:Routes:{route.RouteId}:Metadata: {error}");
        }

        return new(route);
    }
}
