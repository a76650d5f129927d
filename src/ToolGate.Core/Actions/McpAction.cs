namespace ToolGate.Core.Actions;

/// <summary>A call of one tool on one MCP server. Arguments are kept as their raw JSON text.</summary>
public sealed record McpAction(string Server, string Tool, string ArgumentsJson) : ToolAction
{
    public override Capability Capability => Capability.Mcp;

    public override string Target => $"{Server}/{Tool}";
}
