using ToolGate.Core.Decisions;

namespace ToolGate.Core.Behaviour;

/// <summary>One recorded decision, as the behaviour monitor sees it.</summary>
/// <param name="Destination">For network actions: the host (or address) the agent tried to reach.</param>
public sealed record DecisionObservation(
    string AgentId,
    string DecisionId,
    DecisionOutcome Outcome,
    string Rule,
    Severity Severity,
    Capability? Capability,
    string? Destination,
    DateTimeOffset At);
