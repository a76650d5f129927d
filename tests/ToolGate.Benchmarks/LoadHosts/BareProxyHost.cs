using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace ToolGate.Benchmarks.LoadHosts;

/// <summary>
/// The load test's baseline: YARP alone, with the gateway's compute route and cluster (same match, same
/// activity timeout, HTTP/1.1 listener, no Server header) and nothing of ToolGate: no identify, classify,
/// decide, limit, audit or body rewrite. What ToolGate adds is the difference to this.
/// </summary>
internal static class BareProxyHost
{
    public static async Task<int> RunAsync(LoadHostArguments arguments)
    {
        var upstream = arguments.Upstream ?? throw new ArgumentException("bare-proxy needs --upstream http://host:port");
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        LoadHostDefaults.Apply(builder, arguments);

        RouteConfig[] routes =
        [
            new()
            {
                RouteId = "compute",
                ClusterId = "compute",
                Match = new RouteMatch { Path = "/tools/compute/jobs", Methods = ["POST"] },
            },
        ];
        ClusterConfig[] clusters =
        [
            new()
            {
                ClusterId = "compute",
                HttpRequest = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(30) },
                Destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal)
                {
                    ["local"] = new() { Address = upstream.ToString() },
                },
            },
        ];
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);

        var app = builder.Build();
        app.MapReverseProxy();
        app.MapGet("/healthz", () => "ok");
        await app.RunAsync();
        return 0;
    }
}
