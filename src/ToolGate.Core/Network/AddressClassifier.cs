using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;

namespace ToolGate.Core.Network;

/// <summary>
/// Names the special-purpose class of an address (loopback, private, link-local, metadata, …), or returns
/// null for a public unicast address. IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64,
/// 6to4) are judged by the address they embed. Uses <see cref="IPNetwork"/>: no hand-rolled CIDR math.
/// </summary>
public static class AddressClassifier
{
    private static readonly FrozenDictionary<IPAddress, string> MetadataAddresses = new Dictionary<IPAddress, string>
    {
        [IPAddress.Parse("169.254.169.254")] = "cloud metadata address",
        [IPAddress.Parse("169.254.170.2")] = "container credentials endpoint",
        [IPAddress.Parse("100.100.100.200")] = "cloud metadata address",
        [IPAddress.Parse("168.63.129.16")] = "cloud wire server address",
        [IPAddress.Parse("fd00:ec2::254")] = "cloud metadata address",
    }.ToFrozenDictionary();

    private static readonly (IPNetwork Network, string Class)[] Classes =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "unspecified (this network)"),
        (IPNetwork.Parse("10.0.0.0/8"), "private (RFC 1918)"),
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT (shared address space)"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local"),
        (IPNetwork.Parse("172.16.0.0/12"), "private (RFC 1918)"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignments"),
        (IPNetwork.Parse("192.0.2.0/24"), "documentation"),
        (IPNetwork.Parse("192.88.99.0/24"), "reserved (6to4 relay anycast)"),
        (IPNetwork.Parse("192.168.0.0/16"), "private (RFC 1918)"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("198.51.100.0/24"), "documentation"),
        (IPNetwork.Parse("203.0.113.0/24"), "documentation"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("255.255.255.255/32"), "broadcast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::/128"), "unspecified"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("100::/64"), "reserved (discard prefix)"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "reserved (local-use NAT64)"),
        (IPNetwork.Parse("2001::/32"), "Teredo tunnel"),
        (IPNetwork.Parse("2001:2::/48"), "benchmarking"),
        (IPNetwork.Parse("2001:10::/28"), "reserved (ORCHID)"),
        (IPNetwork.Parse("2001:20::/28"), "reserved (ORCHIDv2)"),
        (IPNetwork.Parse("2001:db8::/32"), "documentation"),
        (IPNetwork.Parse("3fff::/20"), "documentation"),
        (IPNetwork.Parse("fc00::/7"), "unique-local"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "reserved (site-local)"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Ipv4Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork Ipv4Translated = IPNetwork.Parse("::ffff:0:0:0/96");

    public static string? Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        if (MetadataAddresses.TryGetValue(address, out var metadata))
        {
            return metadata;
        }

        foreach (var (network, name) in Classes)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return name;
            }
        }

        return EmbeddedIPv4(address) is { } embedded && Classify(embedded) is { } inner
            ? $"{inner} (embedded in {address})"
            : null;
    }

    /// <summary>The IPv4 address an IPv6 address stands for, where it embeds one.</summary>
    public static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address) || Ipv4Compatible.Contains(address) || Ipv4Translated.Contains(address))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }
}
