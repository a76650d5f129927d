using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace ToolGate.Gateway.Mcp;

public static class McpServiceCollectionExtensions
{
    /// <summary>MCP mediation: a YARP route and cluster per configured server, sessions, tool pins, the response filter.</summary>
    public static IServiceCollection AddToolGateMcp(this IServiceCollection services)
    {
        services.TryAddSingleton<McpSessions>();
        services.TryAddSingleton<McpToolPins>();
        services.AddHostedService(provider => provider.GetRequiredService<McpToolPins>());
        services.AddSingleton<IProxyConfigProvider, McpProxyConfigProvider>();
        services.AddSingleton<ITransformProvider, McpTransformProvider>();
        return services;
    }

    /// <summary>Adds the response filter to MCP routes only.</summary>
    private sealed class McpTransformProvider : ITransformProvider
    {
        public void ValidateRoute(TransformRouteValidationContext context)
        {
        }

        public void ValidateCluster(TransformClusterValidationContext context)
        {
        }

        public void Apply(TransformBuilderContext context)
        {
            if (context.Route.Metadata?.GetValueOrDefault("ToolGate.Kind") == McpRoutes.Kind)
            {
                context.AddResponseTransform(McpResponseFilter.ApplyAsync);
            }
        }
    }
}
