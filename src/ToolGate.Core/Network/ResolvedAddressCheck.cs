using System.Net;
using ToolGate.Core.Decisions;
using ToolGate.Core.Policies;

namespace ToolGate.Core.Network;

/// <summary>
/// The second half of a network decision, after a name was resolved: every address it resolved to must be
/// dialable (no blocked address class from <c>network.yaml</c> unless the operator opened the range). One
/// bad address denies the whole name, so a resolver that mixes a public and a private answer cannot steer
/// the connection inward. Without network knowledge nothing is dialable.
/// </summary>
public static class ResolvedAddressCheck
{
    /// <summary>A deny verdict naming the first blocked address, or null when every address may be dialled.</summary>
    public static Verdict? Check(string host, IReadOnlyList<IPAddress> addresses, PolicySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(snapshot);
        if (snapshot.NetworkKnowledge is not { } knowledge)
        {
            return NetworkGuardrails.NoKnowledge();
        }

        if (addresses.Count == 0)
        {
            return Verdict.Deny($"'{host}' did not resolve to any address", Rules.InvalidTarget);
        }

        foreach (var address in addresses)
        {
            if (NetworkGuardrails.CheckAddress(address, knowledge, snapshot.Settings) is { } addressClass)
            {
                return Verdict.Deny($"'{host}' resolves to {address}, in a blocked address class: {addressClass}",
                    NetworkGuardrails.AddressClassRule, Severity.High);
            }
        }

        return null;
    }
}
