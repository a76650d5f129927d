using System.Collections.Frozen;

namespace ToolGate.Gateway.Agents;

/// <summary>
/// Active agents by key hash, in memory, so identifying a request costs one hash and one lookup. Rebuilt
/// from the store whenever an agent is created or revoked; a revoked key stops working at once.
/// </summary>
internal sealed class AgentDirectory(IAgentStore store)
{
    private volatile FrozenDictionary<string, (Agent Agent, string KeyHash)> _byHash =
        FrozenDictionary<string, (Agent, string)>.Empty;

    public async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var agents = await store.ListActiveWithKeysAsync(cancellationToken);
        _byHash = agents.ToFrozenDictionary(a => a.KeyHash, StringComparer.Ordinal);
    }

    public Agent? FindByKey(string presentedKey)
    {
        if (!presentedKey.StartsWith(AgentKeys.Prefix, StringComparison.Ordinal) || presentedKey.Length > AgentKeys.MaxLength)
        {
            return null;
        }

        var hash = AgentKeys.Hash(presentedKey);
        return _byHash.TryGetValue(hash, out var entry) && AgentKeys.HashEquals(hash, entry.KeyHash) ? entry.Agent : null;
    }
}
