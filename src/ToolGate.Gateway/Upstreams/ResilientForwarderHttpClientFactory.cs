using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ToolGate.Gateway.Hosting;
using Yarp.ReverseProxy.Forwarder;

namespace ToolGate.Gateway.Upstreams;

/// <summary>
/// YARP's forwarder client with the cluster's circuit wrapped around the sockets handler. YARP calls this for
/// every cluster on start-up and on each configuration change; metadata was validated by <see cref="UpstreamConfigFilter"/>.
/// </summary>
internal sealed class ResilientForwarderHttpClientFactory(
    UpstreamCircuits circuits, IOptions<ToolGateOptions> options, ILogger<ForwarderHttpClientFactory> logger)
    : ForwarderHttpClientFactory(logger)
{
    /// <summary>YARP reuses a client when its HTTP settings are unchanged; a change of timeout or breaker needs a new one too.</summary>
    protected override bool CanReuseOldClient(ForwarderHttpClientContext context) =>
        base.CanReuseOldClient(context)
        && SettingsOf(context.ClusterId, context.OldMetadata) == SettingsOf(context.ClusterId, context.NewMetadata);

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler)
    {
        var circuit = circuits.GetOrCreate(context.ClusterId, SettingsOf(context.ClusterId, context.NewMetadata));
        return new UpstreamResilienceHandler(circuit) { InnerHandler = base.WrapHandler(context, handler) };
    }

    private UpstreamSettings SettingsOf(string clusterId, IReadOnlyDictionary<string, string>? metadata)
    {
        var errors = new List<string>();
        return UpstreamMetadata.Read(metadata, options.Value.Upstreams, errors)
            ?? throw new ToolGateStartupException($"ReverseProxy:Clusters:{clusterId}:Metadata:{string.Join("; ", errors)}");
    }
}
