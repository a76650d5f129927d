using System.Net;
using System.Net.Sockets;

namespace ToolGate.Core.Tests.Network.Properties;

/// <summary>
/// What must never be reachable, written down independently of <c>network.yaml</c> and of the code under
/// test, from the list: the address classes (IPv6 forms that embed an IPv4 address judged by it),
/// loopback and metadata names, and mining indicators. The property tests ask it about every allowed target.
/// </summary>
internal static class BlockedDestinationOracle
{
    private static readonly IPNetwork[] Blocked =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
            "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4", "168.63.129.16/32",
            "::/128", "::1/128", "fe80::/10", "fc00::/7", "ff00::/8", "2001:db8::/32", "2001::/32", "100::/64", "fec0::/10",
            "64:ff9b:1::/48", "3fff::/20", "2001:2::/48", "2001:10::/28", "2001:20::/28", "5f00::/16",
        }.Select(IPNetwork.Parse),
    ];

    // IPv6 prefixes whose last (or, for 6to4, second to fifth) bytes are an IPv4 address.
    private static readonly (IPNetwork Prefix, int Offset)[] Embedding =
    [
        (IPNetwork.Parse("::/96"), 12), (IPNetwork.Parse("64:ff9b::/96"), 12),
        (IPNetwork.Parse("::ffff:0:0:0/96"), 12), (IPNetwork.Parse("2002::/16"), 2),
    ];

    public static readonly string[] LoopbackAndMetadataNames =
    [
        "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback", "metadata", "metadata.google.internal", "instance-data",
    ];

    public static readonly string[] PoolDomains =
    [
        "nanopool.org", "2miners.com", "supportxmr.com", "minexmr.com", "f2pool.com", "ethermine.org", "nicehash.com",
        "herominers.com", "moneroocean.stream", "hashvault.pro", "c3pool.com", "unmineable.com",
    ];

    public static readonly string[] MiningSchemes = ["stratum+tcp", "stratum+ssl", "stratum2+tcp", "stratum+tls", "stratum1+tcp"];

    public static readonly int[] PoolPorts = [3333, 4444, 5555, 7777, 14444, 14433, 10128];

    public static bool IsBlocked(IPAddress address)
    {
        var plain = address.AddressFamily == AddressFamily.InterNetworkV6 ? new IPAddress(address.GetAddressBytes()) : address;

        // A mapped address is its IPv4 address. IPNetwork.Contains cannot judge one: it misses ::ffff:0:0/96 and
        // "finds" ::ffff:1.1.1.1 in fc00::/7.
        if (plain.IsIPv4MappedToIPv6)
        {
            return IsBlocked(plain.MapToIPv4());
        }

        if (Blocked.Any(n => n.BaseAddress.AddressFamily == plain.AddressFamily && n.Contains(plain)))
        {
            return true;
        }

        foreach (var (prefix, offset) in Embedding)
        {
            if (plain.AddressFamily == AddressFamily.InterNetworkV6 && prefix.Contains(plain))
            {
                return IsBlocked(new IPAddress(plain.GetAddressBytes().AsSpan(offset, 4)));
            }
        }

        return false;
    }

    /// <summary>Whether a lower-case ASCII host name (no trailing dot) means this machine, a metadata service or a pool.</summary>
    public static bool IsBlockedName(string host) =>
        LoopbackAndMetadataNames.Contains(host) || host.EndsWith(".localhost", StringComparison.Ordinal)
        || PoolDomains.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal));

    /// <summary>Why an allowed destination should not have been, or null: its host (an address or a name) as the oracle reads it.</summary>
    public static string? Violation(string host, int port, bool isConnect)
    {
        var bare = host.Trim('[', ']');
        if (IPAddress.TryParse(bare, out var address) && (bare.Contains(':', StringComparison.Ordinal) || bare.Count(c => c == '.') == 3))
        {
            return IsBlocked(address) ? $"address {address} is in a blocked class" : null;
        }

        var name = host.TrimEnd('.').ToLowerInvariant();
        if (IsBlockedName(name))
        {
            return $"name '{name}' is a loopback, metadata or pool name";
        }

        return isConnect && PoolPorts.Contains(port) ? $"CONNECT to pool port {port}" : null;
    }
}
