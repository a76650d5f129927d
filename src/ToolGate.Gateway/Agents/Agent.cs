namespace ToolGate.Gateway.Agents;

/// <summary>An agent known to the gateway. Its key exists only as a hash.</summary>
public sealed record Agent(string Id, string? Description, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}
