using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ToolGate.Gateway.Upstreams;

/// <summary>
/// Every cluster's circuit, by cluster id. A circuit outlives YARP rebuilding the cluster's HTTP client (say, for a
/// new TLS setting): only a change of the cluster's own timeout or breaker settings starts a fresh one.
/// </summary>
internal sealed class UpstreamCircuits(TimeProvider time, ILogger<UpstreamCircuit> logger)
{
    private readonly ConcurrentDictionary<string, UpstreamCircuit> _circuits = new(StringComparer.OrdinalIgnoreCase);

    public UpstreamCircuit GetOrCreate(string clusterId, UpstreamSettings settings) => _circuits.AddOrUpdate(
        clusterId,
        static (id, state) => new UpstreamCircuit(id, state.settings, state.time, state.logger),
        static (id, existing, state) => existing.Settings == state.settings ? existing : new UpstreamCircuit(id, state.settings, state.time, state.logger),
        (settings, time, logger));

    public UpstreamCircuit? Find(string clusterId) => _circuits.GetValueOrDefault(clusterId);
}
