namespace ToolGate.Gateway.Quarantine;

/// <summary>Where quarantines are kept so they survive a restart (SQLite by default).</summary>
public interface IQuarantineStore
{
    Task<IReadOnlyList<QuarantineRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Stores the record unless the agent is already quarantined; false in that case.</summary>
    Task<bool> TryAddAsync(QuarantineRecord record, CancellationToken cancellationToken);

    /// <summary>False when the agent was not quarantined.</summary>
    Task<bool> RemoveAsync(string agentId, CancellationToken cancellationToken);
}
