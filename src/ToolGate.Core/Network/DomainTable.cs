using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace ToolGate.Core.Network;

/// <summary>
/// Canonical host names, each with a class: an entry is one exact name, every name under a domain (on a
/// dot boundary), or both. A lookup walks the host's dots, most specific suffix first, and allocates nothing.
/// </summary>
public sealed class DomainTable
{
    public static readonly DomainTable Empty = new([], []);

    private readonly FrozenDictionary<string, string> _exact;
    private readonly FrozenDictionary<string, (string Domain, string Class)>.AlternateLookup<ReadOnlySpan<char>> _under;

    /// <param name="exact">Name → class, for that name only.</param>
    /// <param name="under">Domain → class, for every name under the domain (not the domain itself).</param>
    public DomainTable(IEnumerable<KeyValuePair<string, string>> exact, IEnumerable<KeyValuePair<string, string>> under)
    {
        _exact = exact.ToFrozenDictionary(StringComparer.Ordinal);
        _under = under
            .ToFrozenDictionary(p => p.Key, p => (p.Key, p.Value), StringComparer.Ordinal)
            .GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Finds the entry a canonical host falls under: the entry's domain and its class.</summary>
    public bool TryMatch(string host, [NotNullWhen(true)] out string? domain, [NotNullWhen(true)] out string? @class)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (_exact.TryGetValue(host, out @class))
        {
            domain = host;
            return true;
        }

        var rest = host.AsSpan();
        for (var dot = rest.IndexOf('.'); dot >= 0; dot = rest.IndexOf('.'))
        {
            rest = rest[(dot + 1)..];
            if (_under.TryGetValue(rest, out var entry))
            {
                (domain, @class) = entry;
                return true;
            }
        }

        domain = null;
        @class = null;
        return false;
    }

    /// <summary>The class of a canonical host, or null.</summary>
    public string? Classify(string host) => TryMatch(host, out _, out var @class) ? @class : null;
}
