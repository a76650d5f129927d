using ToolGate.Core.Grants;
using ToolGate.Core.Network;
using ToolGate.Core.Shell;

namespace ToolGate.Core.Decisions;

/// <summary>
/// What the decision engine concluded about one action: the outcome, why, and the rule that decided.
/// The gateway adds a decision id and a timestamp when it records the verdict.
/// </summary>
public sealed record Verdict(DecisionOutcome Outcome, string Reason, string Rule, Severity Severity)
{
    /// <summary>The grant that allowed the action; its rate limit applies. Null on every denial.</summary>
    public Grant? Grant { get; init; }

    /// <summary>
    /// For an allowed shell action, or compute job with a command: the shell-free plan the decision checked. The gateway forwards exactly this
    /// plan, so what runs is what was judged (and the line is not parsed a second time).
    /// </summary>
    public ShellPlan? ShellPlan { get; init; }

    /// <summary>
    /// For an allowed network action: the canonical target the decision checked. The gateway resolves and forwards
    /// exactly this (and does not parse the destination a second time).
    /// </summary>
    public NetworkTarget? NetworkTarget { get; init; }

    public bool IsAllowed => Outcome == DecisionOutcome.Allow;

    public static Verdict Allow(Grant grant, string reason) =>
        new(DecisionOutcome.Allow, reason, Rules.ForGrant(grant.Id), Severity.None) { Grant = grant };

    public static Verdict Allow(Grant grant, string reason, NetworkTarget target) =>
        new(DecisionOutcome.Allow, reason, Rules.ForGrant(grant.Id), Severity.None) { Grant = grant, NetworkTarget = target };

    public static Verdict Deny(string reason, string rule, Severity severity = Severity.Low) =>
        new(DecisionOutcome.Deny, reason, rule, severity);
}
