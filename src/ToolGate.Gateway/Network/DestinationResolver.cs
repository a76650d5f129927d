using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using ToolGate.Core.Decisions;
using ToolGate.Core.Network;
using ToolGate.Core.Policies;
using ToolGate.Gateway.Hosting;

namespace ToolGate.Gateway.Network;

/// <summary>
/// The connect-time half of a network decision: resolve the allowed target's name once, check every address
/// it resolved to, and name the one address to dial. Whoever connects uses that address and nothing else,
/// so DNS cannot answer differently between the check and the connection (rebinding).
/// </summary>
internal sealed class DestinationResolver(IHostResolver resolver, TimeProvider time, IOptions<ToolGateOptions> options)
{
    public const string UnresolvableRule = "network.unresolvable";

    private readonly TimeSpan _timeout = TimeSpan.FromSeconds(options.Value.Egress.ResolveTimeoutSeconds);

    public async Task<Destination> ResolveAsync(NetworkTarget target, PolicySnapshot snapshot, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (target.Address is { } literal)
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(target.Host, cancellationToken).WaitAsync(_timeout, time, cancellationToken);
            }
            catch (SocketException e)
            {
                return Destination.Denied(Verdict.Deny($"'{target.Host}' could not be resolved: {e.SocketErrorCode}", UnresolvableRule));
            }
            catch (TimeoutException)
            {
                return Destination.Denied(Verdict.Deny($"resolving '{target.Host}' took longer than {_timeout.TotalSeconds} s", UnresolvableRule));
            }
        }

        if (ResolvedAddressCheck.Check(target.Host, addresses, snapshot) is { } denied)
        {
            return Destination.Denied(denied);
        }

        var address = addresses[0].IsIPv4MappedToIPv6 ? addresses[0].MapToIPv4() : addresses[0];
        return Destination.Allowed(new IPEndPoint(address, target.Port));
    }
}

/// <summary>The one endpoint to dial, or why there is none.</summary>
internal sealed record Destination(IPEndPoint? EndPoint, Verdict? Denial)
{
    public static Destination Allowed(IPEndPoint endPoint) => new(endPoint, null);

    public static Destination Denied(Verdict denial) => new(null, denial);
}
