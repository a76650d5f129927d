namespace ToolGate.Gateway.Quarantine;

/// <summary>An agent under quarantine: since when, why, which rule or pattern tripped it, and the decisions that prove it.</summary>
/// <param name="By"><c>behaviour</c> when the gateway tripped it, <c>admin</c> when an admin did.</param>
public sealed record QuarantineRecord(string AgentId, DateTimeOffset Since, string Reason, string Rule, IReadOnlyList<string> Evidence, string By)
{
    public const string ByBehaviour = "behaviour";
    public const string ByAdmin = "admin";
}
