using ToolGate.Core.Grants;

namespace ToolGate.Core.Tests.Support;

/// <summary>Grant builders and a fixed clock for tests: every test names exactly what it grants.</summary>
internal static class TestGrants
{
    /// <summary>The instant every test decides at, unless it needs a moving clock.</summary>
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public static ShellGrant Shell(
        string id,
        string[] allow,
        string[]? deny = null,
        string[]? paths = null,
        string agentId = "agent",
        DateTimeOffset? expiresAt = null,
        string[]? constructs = null) => new()
        {
            Id = id,
            AgentId = agentId,
            Source = GrantSources.Api,
            Allow = [.. allow],
            Deny = [.. deny ?? []],
            Paths = [.. paths ?? []],
            ExpiresAt = expiresAt,
            Constructs = [.. constructs ?? []],
        };

    public static NetworkGrant Network(
        string id,
        string[] allow,
        string[]? deny = null,
        string agentId = "agent",
        DateTimeOffset? expiresAt = null) => new()
        {
            Id = id,
            AgentId = agentId,
            Source = GrantSources.Api,
            Allow = [.. allow],
            Deny = [.. deny ?? []],
            ExpiresAt = expiresAt,
        };

    public static ComputeGrant Compute(
        string id,
        int maxGpus,
        int maxDurationSeconds,
        string[] images,
        string[]? commands = null,
        string agentId = "agent",
        DateTimeOffset? expiresAt = null) => new()
        {
            Id = id,
            AgentId = agentId,
            Source = GrantSources.Api,
            MaxGpus = maxGpus,
            MaxDurationSeconds = maxDurationSeconds,
            Images = [.. images],
            Commands = [.. commands ?? []],
            ExpiresAt = expiresAt,
        };
}
