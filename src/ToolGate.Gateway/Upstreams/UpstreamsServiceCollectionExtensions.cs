using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace ToolGate.Gateway.Upstreams;

public static class UpstreamsServiceCollectionExtensions
{
    /// <summary>
    /// A timeout and a circuit breaker per tool cluster, inside YARP's forwarder client. Call before
    /// <c>AddToolGatePipeline</c>: YARP registers its own client factory only if none is registered yet.
    /// </summary>
    public static IServiceCollection AddToolGateUpstreams(this IServiceCollection services)
    {
        services.TryAddSingleton<UpstreamCircuits>();
        services.TryAddSingleton<IForwarderHttpClientFactory, ResilientForwarderHttpClientFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProxyConfigFilter, UpstreamConfigFilter>());
        return services;
    }
}
