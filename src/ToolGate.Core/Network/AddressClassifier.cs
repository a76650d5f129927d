using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace ToolGate.Core.Network;

/// <summary>
/// Names the special-purpose class of an address (loopback, private, link-local, metadata, …), or returns
/// null for a public unicast address. The classes are data (<c>network.yaml</c> → <c>addressClasses</c>);
/// the most specific network wins. IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64,
/// 6to4) are judged by the address they embed. Uses <see cref="IPNetwork"/>: no hand-rolled CIDR math.
/// </summary>
public sealed class AddressClassifier
{
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");
    private static readonly IPNetwork Ipv4Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork Ipv4Translated = IPNetwork.Parse("::ffff:0:0:0/96");

    // Single addresses (metadata services) by equality; ranges per family, longest prefix first.
    private readonly FrozenDictionary<IPAddress, string> _single;
    private readonly ImmutableArray<(IPNetwork Network, string Class)> _v4;
    private readonly ImmutableArray<(IPNetwork Network, string Class)> _v6;

    public AddressClassifier(IEnumerable<(IPNetwork Network, string Class)> classes)
    {
        var all = classes.ToList();
        _single = all
            .Where(c => c.Network.PrefixLength == MaxPrefix(c.Network.BaseAddress.AddressFamily))
            .ToFrozenDictionary(c => c.Network.BaseAddress, c => c.Class);
        var ranges = all
            .Where(c => c.Network.PrefixLength < MaxPrefix(c.Network.BaseAddress.AddressFamily))
            .OrderByDescending(c => c.Network.PrefixLength)
            .ToList();
        _v4 = [.. ranges.Where(c => c.Network.BaseAddress.AddressFamily == AddressFamily.InterNetwork)];
        _v6 = [.. ranges.Where(c => c.Network.BaseAddress.AddressFamily == AddressFamily.InterNetworkV6)];
    }

    public string? Classify(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        if (_single.TryGetValue(address, out var single))
        {
            return single;
        }

        // An IPv4-mapped address is its IPv4 address and nothing else. It never reaches the IPv6 ranges: .NET 10's
        // IPNetwork.Contains answers wrongly for mapped addresses (fc00::/7 "contains" ::ffff:1.1.1.1).
        if (address.IsIPv4MappedToIPv6)
        {
            return Classify(address.MapToIPv4()) is { } mapped ? $"{mapped} (embedded in {address})" : null;
        }

        foreach (var (network, name) in address.AddressFamily == AddressFamily.InterNetwork ? _v4 : _v6)
        {
            if (network.Contains(address))
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
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        if (Nat64.Contains(address) || Ipv4Compatible.Contains(address) || Ipv4Translated.Contains(address))
        {
            return new IPAddress(bytes.Slice(12, 4));
        }

        return SixToFour.Contains(address) ? new IPAddress(bytes.Slice(2, 4)) : null;
    }

    private static int MaxPrefix(AddressFamily family) => family == AddressFamily.InterNetwork ? 32 : 128;
}
