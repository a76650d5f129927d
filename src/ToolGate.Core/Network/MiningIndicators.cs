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

    /// <summary>
    /// The mining scheme a raw target starts with, in lower case, or null. Read before parsing. A listed scheme also
    /// covers its transport variants: <c>stratum</c> covers <c>stratum+tcp</c> and <c>stratum+wss</c>, since miners
    /// keep adding transports (<c>+ssl</c>, <c>+tls</c>, <c>+tls12</c>, <c>+ws</c>) to the same protocol.
    /// </summary>
    public string? SchemeOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var separator = text.AsSpan().IndexOf(SchemeSeparator, StringComparison.Ordinal);
        if (separator <= 0)
        {
            return null;
        }

        var scheme = text.AsSpan(0, separator);
        var plus = scheme.IndexOf('+');
        return _schemes.Contains(scheme) || (plus > 0 && _schemes.Contains(scheme[..plus]))
            ? scheme.ToString().ToLowerInvariant()
            : null;
    }
}
