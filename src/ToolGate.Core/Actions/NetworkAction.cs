namespace ToolGate.Core.Actions;

/// <summary>A network destination: an absolute URL, or a <c>host:port</c> authority (a CONNECT tunnel).</summary>
public sealed record NetworkAction(string Destination) : ToolAction
{
    public override Capability Capability => Capability.Network;

    public override string Target => Destination;
}
