using System.Globalization;
using Microsoft.Extensions.Options;
using ToolGate.Gateway.Hosting;
using Yarp.ReverseProxy.Configuration;

namespace ToolGate.Gateway.Upstreams;

/// <summary>
/// Refuses a cluster whose <c>ToolGate.Upstream.*</c> metadata is invalid, at start-up and on every configuration
/// reload (YARP then keeps the previous configuration). The message names the cluster and every bad key.
/// </summary>
internal sealed class UpstreamConfigFilter(IOptions<ToolGateOptions> options) : IProxyConfigFilter
{
    /// <summary>YARP's own default when a cluster sets no <c>HttpRequest.ActivityTimeout</c>.</summary>
    private static readonly TimeSpan DefaultActivityTimeout = TimeSpan.FromSeconds(100);

    public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel)
    {
        var errors = new List<string>();
        var settings = UpstreamMetadata.Read(cluster.Metadata, options.Value.Upstreams, errors);
        var activityTimeout = cluster.HttpRequest?.ActivityTimeout ?? DefaultActivityTimeout;
        if (settings is not null && settings.Timeout >= activityTimeout)
        {
            // YARP's timeout would fire first: the agent still gets 504, but the breaker would never count it.
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{UpstreamMetadata.TimeoutSecondsKey}: the timeout ({settings.Timeout.TotalSeconds} s) ")
                + $"must be shorter than the cluster's HttpRequest:ActivityTimeout ({activityTimeout:c}), so that the circuit breaker sees slow backends");
        }

        if (errors.Count > 0)
        {
            var prefix = $"ReverseProxy:Clusters:{cluster.ClusterId}:Metadata:";
            throw new ToolGateStartupException(string.Join(Environment.NewLine, errors.Select(e => prefix + e)));
        }

        return new(cluster);
    }

    public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) => new(route);
}
