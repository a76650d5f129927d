namespace ToolGate.Samples.IncidentReplay;

/// <summary>Where the gateway is and how to administer it. The replay creates its own agent and grants.</summary>
public sealed record ReplayOptions(Uri AgentsUrl, Uri AdminUrl, string AdminKey, Uri? EgressUrl, string Workspace)
{
    /// <summary>The agent the replay creates; unique per run so replays never share history.</summary>
    public string AgentId { get; init; } = "incident-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>How long to wait for the quarantine to show after the first critical action.</summary>
    public TimeSpan QuarantineDeadline { get; init; } = TimeSpan.FromSeconds(5);
}
