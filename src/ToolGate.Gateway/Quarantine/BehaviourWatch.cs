using ToolGate.Core;
using ToolGate.Core.Audit;
using ToolGate.Core.Behaviour;
using ToolGate.Core.Decisions;
using ToolGate.Gateway.Alerts;

namespace ToolGate.Gateway.Quarantine;

/// <summary>
/// Feeds every recorded decision to the behaviour monitor and acts on what it concludes: quarantine when a signal
/// says so (one alert, carrying every signal's evidence), otherwise an alert per signal. Never waits on I/O, so it
/// can run on the decision path.
/// </summary>
internal sealed class BehaviourWatch(BehaviourMonitor monitor, QuarantineRegistry quarantine, AlertDispatcher alerts, TimeProvider time)
{
    public void Observe(AuditEntry entry)
    {
        if (ToObservation(entry) is not { } observation)
        {
            return;
        }

        var signals = monitor.Observe(observation);
        if (signals.Count > 0)
        {
            Act(observation.AgentId, signals);
        }
    }

    private DecisionObservation? ToObservation(AuditEntry entry)
    {
        var outcome = entry.Decision switch
        {
            // An allow counts once, at its decision; a denial counts at whichever stage made it (e.g. a tunnel's first bytes).
            AuditDecisions.Allow when entry.Stage == AuditStages.Decision => DecisionOutcome.Allow,
            AuditDecisions.Deny when entry.Stage is AuditStages.Decision or AuditStages.Outcome => DecisionOutcome.Deny,
            _ => (DecisionOutcome?)null,
        };
        if (outcome is null || entry.AgentId is null)
        {
            return null;
        }

        var capability = CapabilityNames.TryParse(entry.Capability, out var parsed) ? parsed : (Capability?)null;
        var severity = Enum.TryParse<Severity>(entry.Severity, ignoreCase: true, out var s) ? s : Severity.Low;
        return new DecisionObservation(entry.AgentId, entry.DecisionId, outcome.Value, entry.Rule, severity, capability,
            capability == Capability.Network ? entry.Target : null, time.GetUtcNow());
    }

    private void Act(string agentId, IReadOnlyList<BehaviourSignal> signals)
    {
        var tripping = signals.FirstOrDefault(s => s.Quarantine);
        if (tripping is not null)
        {
            if (!quarantine.TryGet(agentId, out _))
            {
                var reason = string.Join("; ", signals.Select(s => s.Summary));
                var evidence = signals.SelectMany(s => s.Evidence).Distinct(StringComparer.Ordinal).ToArray();
                // Not awaited: the agent is stopped before this returns; storing and auditing follow on their own.
                _ = quarantine.QuarantineAsync(agentId, reason, "behaviour:" + tripping.Kind, evidence, QuarantineRecord.ByBehaviour);
            }

            return;
        }

        var now = time.GetUtcNow();
        foreach (var signal in signals)
        {
            alerts.Raise(new Alert(Guid.CreateVersion7(now).ToString(), signal.Kind, agentId, "high", signal.Summary,
                "behaviour:" + signal.Kind, Quarantined: false, signal.Evidence, now));
        }
    }
}
