using System.Collections.Immutable;

namespace ToolGate.Core.Grants;

/// <summary>
/// Network destinations an agent may reach: <c>https://host[:port][/path-prefix]</c>, <c>host:port</c>
/// or <c>*.domain[:port]</c>. Deny entries win over allows.
/// </summary>
public sealed record NetworkGrant : Grant
{
    public override Capability Capability => Capability.Network;

    public ImmutableArray<string> Allow { get; init; } = [];

    public ImmutableArray<string> Deny { get; init; } = [];
}
