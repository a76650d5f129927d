using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using ToolGate.Gateway.Hosting;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace ToolGate.Gateway.Mcp;

/// <summary>
/// Turns <c>ToolGate:Mcp:Servers:{name}:Url</c> into a YARP route <c>/mcp/{name}</c> (POST, GET, DELETE) and a
/// cluster per server, next to the tool routes from configuration. The upstream path is the server's own.
/// </summary>
internal sealed class McpProxyConfigProvider(IOptions<ToolGateOptions> options) : IProxyConfigProvider
{
    private readonly McpProxyConfig _config = Build(options.Value.Mcp);

    public IProxyConfig GetConfig() => _config;

    private static McpProxyConfig Build(ToolGateOptions.McpOptions mcp)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var (name, server) in mcp.Servers)
        {
            var url = new Uri(server.Url!);
            var id = "mcp-" + name;
            routes.Add(new RouteConfig
            {
                RouteId = id,
                ClusterId = id,
                Match = new RouteMatch { Path = McpRoutes.PathPrefix + name, Methods = ["POST", "GET", "DELETE"] },
                Metadata = new Dictionary<string, string> { ["ToolGate.Kind"] = McpRoutes.Kind, [McpRoutes.ServerKey] = name },
                Transforms = [new Dictionary<string, string> { ["PathSet"] = url.AbsolutePath }],
            });
            clusters.Add(new ClusterConfig
            {
                ClusterId = id,
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    ["server"] = new() { Address = url.GetLeftPart(UriPartial.Authority) },
                },
                // SSE streams stay open as long as the session: no activity timeout cuts them.
                HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromHours(1) },
            });
        }

        return new McpProxyConfig(routes, clusters);
    }

    private sealed class McpProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes { get; } = routes;

        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

        public IChangeToken ChangeToken { get; } = new CancellationChangeToken(CancellationToken.None);
    }
}
