using System.Collections.Concurrent;
using ToolGate.Core.Decisions;
using ToolGate.Core.Network;

namespace ToolGate.Core.Behaviour;

/// <summary>
/// Watches each agent's stream of decisions for the patterns that precede real damage: a critical guardrail hit,
/// a burst of denials, a scan of internal addresses, a burst of new destinations. Pure: time comes with each
/// observation, so tests drive it with a fake clock; the gateway acts on the signals (quarantine, alerts).
/// A tripped breaker stays open until an admin releases the agent: unlike a circuit breaker on a backend,
/// misbehaviour is not something to retry after a pause.
/// </summary>
public sealed class BehaviourMonitor(BehaviourThresholds thresholds)
{
    private readonly ConcurrentDictionary<string, AgentBehaviour> _agents = new(StringComparer.Ordinal);

    public BehaviourThresholds Thresholds { get; } = thresholds;

    /// <summary>The signals this decision completes; empty for nearly every decision.</summary>
    public IReadOnlyList<BehaviourSignal> Observe(DecisionObservation observation)
    {
        if (IsIgnored(observation))
        {
            return [];
        }

        var agent = _agents.GetOrAdd(observation.AgentId, static _ => new AgentBehaviour());
        lock (agent)
        {
            return observation.Outcome == DecisionOutcome.Allow
                ? agent.ObserveAllowed(observation, Thresholds)
                : agent.ObserveDenied(observation, Thresholds);
        }
    }

    /// <summary>Forgets an agent's history, e.g. when an admin releases it from quarantine (a fresh start).</summary>
    public void Reset(string agentId) => _agents.TryRemove(agentId, out _);

    private static bool IsIgnored(DecisionObservation observation) =>
        // Allowed actions matter only for destinations; denials caused by the quarantine itself or by a rate limit
        // are not new misbehaviour.
        (observation.Outcome == DecisionOutcome.Allow && observation.Destination is null)
        || observation.Rule == Rules.Quarantined
        || observation.Rule.StartsWith(Rules.RateLimited, StringComparison.Ordinal);

    /// <summary>One agent's recent history. Guarded by locking the instance.</summary>
    private sealed class AgentBehaviour
    {
        private readonly Queue<(DateTimeOffset At, string DecisionId)> _denials = new();
        private readonly Queue<(DateTimeOffset At, string Destination, string DecisionId)> _probes = new();
        private readonly Queue<(DateTimeOffset At, string DecisionId)> _newDestinations = new();
        private readonly HashSet<string> _seen = new(StringComparer.OrdinalIgnoreCase);
        private readonly Queue<string> _seenOrder = new();
        private readonly Dictionary<string, DateTimeOffset> _lastGuardrailAlert = new(StringComparer.Ordinal);

        public BehaviourSignal[] ObserveDenied(DecisionObservation o, BehaviourThresholds t)
        {
            List<BehaviourSignal>? signals = null;
            if (o.Severity == Severity.Critical && t.QuarantineOnCritical)
            {
                (signals ??= []).Add(new BehaviourSignal(o.AgentId, BehaviourSignalKinds.CriticalGuardrail,
                    $"critical rule {o.Rule} was hit", Quarantine: true, [o.DecisionId]));
            }
            else if (o.Rule.StartsWith("guardrail:", StringComparison.Ordinal)
                && (!_lastGuardrailAlert.TryGetValue(o.Rule, out var last) || o.At - last >= t.DenialWindow))
            {
                _lastGuardrailAlert[o.Rule] = o.At;
                (signals ??= []).Add(new BehaviourSignal(o.AgentId, BehaviourSignalKinds.GuardrailHit,
                    $"guardrail {o.Rule} was hit", Quarantine: false, [o.DecisionId]));
            }

            _denials.Enqueue((o.At, o.DecisionId));
            Expire(_denials, o.At - t.DenialWindow, static d => d.At);
            if (t.DenialThreshold <= 0)
            {
                _denials.Clear(); // counting is off (e.g. load tests that flood denials on purpose)
            }
            else if (_denials.Count >= t.DenialThreshold)
            {
                (signals ??= []).Add(new BehaviourSignal(o.AgentId, BehaviourSignalKinds.DenialBurst,
                    $"{_denials.Count} denials within {t.DenialWindow.TotalSeconds:0}s (threshold {t.DenialThreshold})",
                    Quarantine: true, [.. _denials.Select(d => d.DecisionId)]));
                _denials.Clear();
            }

            if (o.Rule == NetworkGuardrails.AddressClassRule && o.Destination is { } destination)
            {
                _probes.Enqueue((o.At, destination, o.DecisionId));
                Expire(_probes, o.At - t.ProbeWindow, static p => p.At);
                var distinct = _probes.Select(p => p.Destination).Distinct(StringComparer.OrdinalIgnoreCase).Count();
                if (distinct >= t.ProbeThreshold)
                {
                    (signals ??= []).Add(new BehaviourSignal(o.AgentId, BehaviourSignalKinds.InternalProbe,
                        $"{distinct} distinct internal destinations tried within {t.ProbeWindow.TotalSeconds:0}s",
                        Quarantine: false, [.. _probes.Select(p => p.DecisionId)]));
                    _probes.Clear();
                }
            }

            return signals?.ToArray() ?? [];
        }

        public BehaviourSignal[] ObserveAllowed(DecisionObservation o, BehaviourThresholds t)
        {
            if (!_seen.Add(o.Destination!))
            {
                return [];
            }

            _seenOrder.Enqueue(o.Destination!);
            if (_seenOrder.Count > t.RememberedDestinations)
            {
                _seen.Remove(_seenOrder.Dequeue());
            }

            _newDestinations.Enqueue((o.At, o.DecisionId));
            Expire(_newDestinations, o.At - t.BurstWindow, static d => d.At);
            if (_newDestinations.Count < t.NewDestinationBurst)
            {
                return [];
            }

            var signal = new BehaviourSignal(o.AgentId, BehaviourSignalKinds.NewDestinationBurst,
                $"{_newDestinations.Count} new destinations within {t.BurstWindow.TotalSeconds:0}s",
                Quarantine: false, [.. _newDestinations.Select(d => d.DecisionId)]);
            _newDestinations.Clear();
            return [signal];
        }

        private static void Expire<T>(Queue<T> queue, DateTimeOffset before, Func<T, DateTimeOffset> at)
        {
            while (queue.Count > 0 && at(queue.Peek()) < before)
            {
                queue.Dequeue();
            }
        }
    }
}
