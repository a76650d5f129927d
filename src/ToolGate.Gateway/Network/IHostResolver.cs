using System.Net;

namespace ToolGate.Gateway.Network;

/// <summary>
/// Turns a host name into addresses. DNS by default; tests (and operators with their own resolver) replace it.
/// Whatever it answers is checked address by address before anything is dialled.
/// </summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
internal sealed class DnsHostResolver : IHostResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Dns.GetHostAddressesAsync(host, cancellationToken);
}
