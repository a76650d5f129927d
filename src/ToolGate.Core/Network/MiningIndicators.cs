using System.Collections.Frozen;

namespace ToolGate.Core.Network;

/// <summary>
/// Signs of crypto-mining in a destination (<c>network.yaml</c> → <c>mining</c>): a mining protocol scheme,
/// a pool domain, or a typical pool port on a CONNECT tunnel.
/// </summary>
public sealed class MiningIndicators
{
    public static readonly MiningIndicators None = new([], DomainTable.Empty, []);

    private const string SchemeSeparator = "://";

    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _schemes;

    public MiningIndicators(IEnumerable<string> schemes, DomainTable poolDomains, IEnumerable<int> connectPorts)
    {
        _schemes = schemes.ToFrozenSet(StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
        PoolDomains = poolDomains;
        ConnectPorts = connectPorts.ToFrozenSet();
    }

    /// <summary>Pool domain → the class "mining pool domain"; each covers the domain and the names under it.</summary>
    public DomainTable PoolDomains { get; }

    /// <summary>Ports that mark a CONNECT tunnel (raw TCP, how stratum travels) as a likely pool connection.</summary>
    public FrozenSet<int> ConnectPorts { get; }

    /// <summary>The mining scheme a raw target starts with (as listed, in lower case), or null. Read before parsing.</summary>
    public string? SchemeOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = text.AsSpan().IndexOf(SchemeSeparator, StringComparison.Ordinal);
        return separator > 0 && _schemes.TryGetValue(text.AsSpan(0, separator), out var scheme) ? scheme : null;
    }
}
