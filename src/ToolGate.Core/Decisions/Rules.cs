namespace ToolGate.Core.Decisions;

/// <summary>Names of the rules that can decide. Stable strings: auditors query by them.</summary>
public static class Rules
{
    public const string DefaultDeny = "default-deny";
    public const string Unclassifiable = "unclassifiable";
    public const string UnsupportedShellConstruct = "shell.unsupported-construct";
    public const string DangerousOption = "shell.dangerous-option";
    public const string UnparseableShell = "shell.unparseable";
    public const string InvalidTarget = "network.invalid-target";
    public const string RateLimited = "rate-limit";
    public const string AuditUnavailable = "audit-unavailable";
    public const string DecisionError = "decision-error";
    public const string UpstreamFailure = "upstream";
    public const string UpstreamTimeout = "upstream.timeout";
    public const string UpstreamCircuitOpen = "upstream.circuit-open";

    /// <summary>The agent is quarantined: every action is denied until an admin releases it.</summary>
    public const string Quarantined = "quarantined";

    public static string ForGrant(string grantId) => "grant:" + grantId;

    /// <summary>A compute grant's GPU-second budget refused the job.</summary>
    public static string ForBudget(string grantId) => "budget:" + grantId;

    public static string ForGuardrail(string name) => "guardrail:" + name;
}
