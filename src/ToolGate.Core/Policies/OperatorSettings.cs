using System.Collections.Immutable;
using System.Net;

namespace ToolGate.Core.Policies;

/// <summary>
/// Settings only the operator controls (configuration, not grants): address ranges opened despite the
/// address-class guardrail, e.g. a loopback tool server in tests or an internal registry.
/// </summary>
public sealed record OperatorSettings
{
    public static readonly OperatorSettings Default = new();

    public ImmutableArray<IPNetwork> AllowedNetworks { get; init; } = [];

    public bool IsOpened(IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in AllowedNetworks)
        {
            if (network.BaseAddress.AddressFamily == plain.AddressFamily && network.Contains(plain))
            {
                return true;
            }
        }

        return false;
    }
}
