namespace ToolGate.Gateway.Agents;

/// <summary>Where agents and their key hashes are kept.</summary>
public interface IAgentStore
{
    /// <summary>False when an agent with that id already exists (revoked ones included).</summary>
    Task<bool> TryCreateAsync(Agent agent, string keyHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<Agent>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Every active agent with its key hash, for the in-memory key directory.</summary>
    Task<IReadOnlyList<(Agent Agent, string KeyHash)>> ListActiveWithKeysAsync(CancellationToken cancellationToken);

    /// <summary>False when there is no active agent with that id.</summary>
    Task<bool> RevokeAsync(string id, DateTimeOffset revokedAt, CancellationToken cancellationToken);
}
