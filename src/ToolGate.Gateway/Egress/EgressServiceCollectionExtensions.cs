using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ToolGate.Gateway.Network;

namespace ToolGate.Gateway.Egress;

public static class EgressServiceCollectionExtensions
{
    /// <summary>The egress proxy listener's handler, the live-tunnel registry and the resolver it dials through.</summary>
    public static IServiceCollection AddToolGateEgress(this IServiceCollection services)
    {
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.TryAddSingleton<DestinationResolver>();
        services.TryAddSingleton<EgressTunnels>();
        services.TryAddSingleton<EgressProxyHandler>();
        services.AddSingleton<EgressListener>();
        services.AddHostedService(provider => provider.GetRequiredService<EgressListener>());
        services.AddHostedService<EgressGrantWatch>();
        return services;
    }
}
