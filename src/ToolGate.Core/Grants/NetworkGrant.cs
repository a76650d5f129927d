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

    /// <summary>Egress-proxy bytes (both directions) allowed per <see cref="WindowSeconds"/> under this grant; null with it when no budget.</summary>
    public long? BytesPerWindow { get; init; }

    /// <summary>The budget window in seconds; set exactly when <see cref="BytesPerWindow"/> is.</summary>
    public int? WindowSeconds { get; init; }
}
