using Microsoft.Extensions.Time.Testing;
using ToolGate.Core.Behaviour;
using ToolGate.Core.Decisions;
using ToolGate.Core.Network;

namespace ToolGate.Core.Tests.Behaviour;

public sealed class BehaviourMonitorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));
    private readonly BehaviourMonitor _monitor = new(BehaviourThresholds.Default);
    private int _next;

    [Fact]
    public void CriticalGuardrail_QuarantinesAtOnce_WithThatDecisionAsEvidence()
    {
        var signals = _monitor.Observe(Denied("guardrail:shell.tunnel", Severity.Critical));

        var signal = Assert.Single(signals);
        Assert.Equal(BehaviourSignalKinds.CriticalGuardrail, signal.Kind);
        Assert.True(signal.Quarantine);
        Assert.Equal(["d1"], signal.Evidence.ToArray());
    }

    [Fact]
    public void FifthDenialWithinTheWindow_Quarantines_WithAllFiveAsEvidence()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.Empty(_monitor.Observe(Denied("default-deny")));
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        var signal = Assert.Single(_monitor.Observe(Denied("default-deny")));

        Assert.Equal(BehaviourSignalKinds.DenialBurst, signal.Kind);
        Assert.True(signal.Quarantine);
        Assert.Equal(["d1", "d2", "d3", "d4", "d5"], signal.Evidence.ToArray());
    }

    [Fact]
    public void DenialsSpreadWiderThanTheWindow_DoNotQuarantine()
    {
        for (var i = 0; i < 20; i++)
        {
            Assert.Empty(_monitor.Observe(Denied("default-deny")));
            _time.Advance(TimeSpan.FromSeconds(16)); // at most 4 in any 60 s
        }
    }

    [Fact]
    public void DenialsOfOtherAgents_DoNotAddUp()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.Empty(_monitor.Observe(Denied("default-deny", agent: "a")));
            Assert.Empty(_monitor.Observe(Denied("default-deny", agent: "b")));
        }
    }

    [Fact]
    public void RateLimitedAndQuarantinedDenials_AreNotMisbehaviour()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.Empty(_monitor.Observe(Denied(Rules.RateLimited + ":g1")));
            Assert.Empty(_monitor.Observe(Denied(Rules.Quarantined, Severity.High)));
        }
    }

    [Fact]
    public void ThreeDistinctInternalDestinations_RaiseAProbeAlert_WithoutQuarantineByItself()
    {
        var monitor = new BehaviourMonitor(BehaviourThresholds.Default with { DenialThreshold = 100 });
        Assert.Contains(monitor.Observe(Denied(NetworkGuardrails.AddressClassRule, Severity.High, destination: "10.0.0.1")),
            s => s.Kind == BehaviourSignalKinds.GuardrailHit);
        Assert.Empty(monitor.Observe(Denied(NetworkGuardrails.AddressClassRule, Severity.High, destination: "10.0.0.1")));
        Assert.Empty(monitor.Observe(Denied(NetworkGuardrails.AddressClassRule, Severity.High, destination: "10.0.0.2")));

        var signal = Assert.Single(monitor.Observe(Denied(NetworkGuardrails.AddressClassRule, Severity.High, destination: "169.254.169.254")));

        Assert.Equal(BehaviourSignalKinds.InternalProbe, signal.Kind);
        Assert.False(signal.Quarantine);
        Assert.Equal(4, signal.Evidence.Length);
    }

    [Fact]
    public void NonCriticalGuardrailHits_AlertOncePerRulePerWindow()
    {
        var monitor = new BehaviourMonitor(BehaviourThresholds.Default with { DenialThreshold = 100 });
        Assert.Single(monitor.Observe(Denied("guardrail:shell.secrets", Severity.High)));
        Assert.Empty(monitor.Observe(Denied("guardrail:shell.secrets", Severity.High)));
        Assert.Single(monitor.Observe(Denied("guardrail:network.address-class", Severity.High)));

        _time.Advance(TimeSpan.FromSeconds(61));

        Assert.Single(monitor.Observe(Denied("guardrail:shell.secrets", Severity.High)));
    }

    [Fact]
    public void ABurstOfNewDestinations_Alerts_ButRepeatsOfKnownOnesDoNot()
    {
        var monitor = new BehaviourMonitor(BehaviourThresholds.Default with { NewDestinationBurst = 3 });
        Assert.Empty(monitor.Observe(Allowed("a.example")));
        Assert.Empty(monitor.Observe(Allowed("a.example")));
        Assert.Empty(monitor.Observe(Allowed("b.example")));
        Assert.Empty(monitor.Observe(Allowed("B.EXAMPLE")));

        var signal = Assert.Single(monitor.Observe(Allowed("c.example")));

        Assert.Equal(BehaviourSignalKinds.NewDestinationBurst, signal.Kind);
        Assert.Equal(["d1", "d3", "d5"], signal.Evidence.ToArray());
    }

    [Fact]
    public void AllowedNonNetworkActions_AreIgnored()
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.Empty(_monitor.Observe(new DecisionObservation("a", Id(), DecisionOutcome.Allow, "grant:g", Severity.None,
                Capability.Shell, null, _time.GetUtcNow())));
        }
    }

    [Fact]
    public void ADenialThresholdOfZero_TurnsCountingOff_ButCriticalHitsStillQuarantine()
    {
        var monitor = new BehaviourMonitor(BehaviourThresholds.Default with { DenialThreshold = 0 });
        for (var i = 0; i < 50; i++)
        {
            Assert.Empty(monitor.Observe(Denied("default-deny")));
        }

        Assert.Contains(monitor.Observe(Denied("guardrail:shell.tunnel", Severity.Critical)), s => s.Quarantine);
    }

    [Fact]
    public void Reset_ForgetsHistory()
    {
        for (var i = 0; i < 4; i++)
        {
            _monitor.Observe(Denied("default-deny"));
        }

        _monitor.Reset("a");

        Assert.Empty(_monitor.Observe(Denied("default-deny")));
    }

    [Fact]
    public void ManyAgentsObservedConcurrently_EachTripsExactlyOnce()
    {
        var monitor = new BehaviourMonitor(BehaviourThresholds.Default with { DenialWindow = TimeSpan.FromHours(1) });
        var now = _time.GetUtcNow();
        var trips = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 8 * 5, i =>
        {
            var agent = "agent-" + (i % 8);
            foreach (var signal in monitor.Observe(new DecisionObservation(agent, "d" + i, DecisionOutcome.Deny, "default-deny",
                Severity.Low, Capability.Shell, null, now)))
            {
                trips.Add(signal.AgentId);
            }
        });

        Assert.Equal(8, trips.Count);
        Assert.Equal(8, trips.Distinct().Count());
    }

    private DecisionObservation Denied(string rule, Severity severity = Severity.Low, string agent = "a", string? destination = null) =>
        new(agent, Id(), DecisionOutcome.Deny, rule, severity, destination is null ? Capability.Shell : Capability.Network, destination, _time.GetUtcNow());

    private DecisionObservation Allowed(string destination) =>
        new("a", Id(), DecisionOutcome.Allow, "grant:g", Severity.None, Capability.Network, destination, _time.GetUtcNow());

    private string Id() => "d" + ++_next;
}
