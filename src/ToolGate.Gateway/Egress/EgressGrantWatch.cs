using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ToolGate.Core.Decisions;
using ToolGate.Core.Policies;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Logging;
using ToolGate.Gateway.Policies;

namespace ToolGate.Gateway.Egress;

/// <summary>
/// A tunnel is allowed for as long as a grant allows it, not only when it opens: every live tunnel is decided
/// again whenever the grants change (a deleted grant, a policy file edit) and every few seconds (an expired grant),
/// and cut when the answer is no longer allow.
/// </summary>
internal sealed class EgressGrantWatch(
    EgressTunnels tunnels, PolicySnapshotProvider policies, TimeProvider time, IOptions<ToolGateOptions> options, ILogger<EgressGrantWatch> logger)
    : IHostedService, IDisposable
{
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromSeconds(options.Value.Egress.RecheckSeconds);
        policies.Changed += OnPoliciesChanged;
        _timer = time.CreateTimer(_ => Recheck(), null, period, period);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        policies.Changed -= OnPoliciesChanged;
        _timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>Cuts every live tunnel the current grants no longer allow; returns how many.</summary>
    public int Recheck()
    {
        var snapshot = policies.Current;
        var now = time.GetUtcNow();
        var cut = 0;
        foreach (var tunnel in tunnels.Live())
        {
            var verdict = DecisionEngine.Decide(tunnel.AgentId, tunnel.Action, snapshot, now);
            if (!verdict.IsAllowed)
            {
                Log.TunnelNoLongerAllowed(logger, tunnel.AgentId, tunnel.Target, verdict.Reason, tunnel.DecisionId);
                tunnel.Cut($"no longer allowed: {verdict.Reason} ({verdict.Rule})");
                cut++;
            }
        }

        return cut;
    }

    private void OnPoliciesChanged(PolicySnapshot snapshot) => Recheck();
}
