namespace ToolGate.Gateway.Alerts;

/// <summary>
/// What the webhook receives (JSON, camelCase) and what the Error-level log event carries: which agent, what pattern,
/// whether it was quarantined, and the decision ids that are the evidence (look them up in the audit trail).
/// </summary>
/// <param name="Kind"><c>quarantine</c>, <c>release</c>, or a behaviour signal kind such as <c>internal-probe</c>.</param>
public sealed record Alert(
    string Id,
    string Kind,
    string AgentId,
    string Severity,
    string Summary,
    string Rule,
    bool Quarantined,
    IReadOnlyList<string> Evidence,
    DateTimeOffset At);

public static class AlertKinds
{
    public const string Quarantine = "quarantine";
    public const string Release = "release";
}
