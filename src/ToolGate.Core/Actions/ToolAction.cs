namespace ToolGate.Core.Actions;

/// <summary>
/// The canonical form of one agent action, independent of the wire format it arrived in.
/// Every entry point (tool route, egress proxy, MCP message) classifies into one of these.
/// </summary>
public abstract record ToolAction
{
    public abstract Capability Capability { get; }

    /// <summary>A short, human-readable description of the target of the action, for logs and audit.</summary>
    public abstract string Target { get; }
}
