namespace ToolGate.Samples.IncidentReplay;

/// <summary>One action of the replay and what the gateway answered.</summary>
/// <param name="Phase"><c>session</c> (legitimate work) or <c>diversion</c> (the incident).</param>
public sealed record ReplayStep(
    TimeSpan At,
    string Phase,
    string Kind,
    string Action,
    bool ExpectAllowed,
    int Status,
    string? Rule,
    string? Reason,
    string? DecisionId)
{
    public bool Allowed => Status is >= 200 and < 300;

    public bool AsExpected => Allowed == ExpectAllowed;
}
