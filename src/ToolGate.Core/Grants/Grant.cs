namespace ToolGate.Core.Grants;

/// <summary>
/// A capability granted to one agent. Immutable: a change is a new grant (or a new policy snapshot).
/// </summary>
public abstract record Grant
{
    public required string Id { get; init; }

    public required string AgentId { get; init; }

    public abstract Capability Capability { get; }

    /// <summary>Where the grant came from: <c>api</c>, or <c>file:&lt;name&gt;</c> for a policy file.</summary>
    public required string Source { get; init; }

    public RateLimitSpec? RateLimit { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public bool IsActiveAt(DateTimeOffset now) => ExpiresAt is null || now < ExpiresAt.Value;
}
