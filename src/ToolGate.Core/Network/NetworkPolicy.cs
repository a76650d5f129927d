using System.Collections.Frozen;
using System.Collections.Immutable;
using ToolGate.Core.Grants;

namespace ToolGate.Core.Network;

/// <summary>One agent's network grants, compiled: exact-host patterns indexed by host, wildcards in a list.</summary>
public sealed class NetworkPolicy
{
    public static readonly NetworkPolicy Empty = Compile([]);

    private NetworkPolicy(
        FrozenDictionary<string, ImmutableArray<(NetworkPattern, NetworkGrant)>> allowByHost,
        ImmutableArray<(NetworkPattern, NetworkGrant)> allowWildcards,
        ImmutableArray<(NetworkPattern, NetworkGrant)> denies)
    {
        AllowByHost = allowByHost;
        AllowWildcards = allowWildcards;
        Denies = denies;
    }

    internal FrozenDictionary<string, ImmutableArray<(NetworkPattern Pattern, NetworkGrant Grant)>> AllowByHost { get; }

    internal ImmutableArray<(NetworkPattern Pattern, NetworkGrant Grant)> AllowWildcards { get; }

    internal ImmutableArray<(NetworkPattern Pattern, NetworkGrant Grant)> Denies { get; }

    public static NetworkPolicy Compile(IEnumerable<NetworkGrant> grants)
    {
        var byHost = new Dictionary<string, List<(NetworkPattern, NetworkGrant)>>(StringComparer.Ordinal);
        var wildcards = ImmutableArray.CreateBuilder<(NetworkPattern, NetworkGrant)>();
        var denies = ImmutableArray.CreateBuilder<(NetworkPattern, NetworkGrant)>();
        foreach (var grant in grants)
        {
            var denyPatterns = grant.Deny.Select(text => NetworkPattern.TryParse(text, out var p, out _) ? p : null).ToList();
            if (denyPatterns.Contains(null))
            {
                // Validation rejects such grants; should one get here, it must not allow what it meant to deny.
                continue;
            }

            denies.AddRange(denyPatterns.Select(p => (p!, grant)));
            foreach (var text in grant.Allow)
            {
                if (!NetworkPattern.TryParse(text, out var pattern, out _))
                {
                    continue;
                }

                if (pattern.Host is { } host)
                {
                    if (!byHost.TryGetValue(host, out var list))
                    {
                        byHost[host] = list = [];
                    }

                    list.Add((pattern, grant));
                }
                else
                {
                    wildcards.Add((pattern, grant));
                }
            }
        }

        return new NetworkPolicy(
            byHost.ToFrozenDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal),
            wildcards.ToImmutable(),
            denies.ToImmutable());
    }
}
