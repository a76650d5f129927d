using System.Text.Json;

namespace ToolGate.Core.Actions;

/// <summary>What an MCP request asks the server to do: call a tool, read a resource, or get a prompt.</summary>
public enum McpOperation
{
    CallTool,
    ReadResource,
    GetPrompt,
}

/// <summary>
/// One governed MCP request on one server: the tool (or resource URI, or prompt) it names and its arguments as the
/// JSON object the agent sent (<c>{}</c> when none).
/// </summary>
public sealed record McpAction(string Server, McpOperation Operation, string Name, JsonElement Arguments) : ToolAction
{
    private static readonly JsonElement NoArguments = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>The arguments object; a request without one has <c>{}</c>, so the action always has a canonical form (and digest).</summary>
    public JsonElement Arguments { get; init; } = Arguments.ValueKind == JsonValueKind.Undefined ? NoArguments : Arguments;

    public override Capability Capability => Capability.Mcp;

    public override string Target => Operation switch
    {
        McpOperation.CallTool => $"{Server}/tools/{Name}",
        McpOperation.ReadResource => $"{Server}/resources/{Name}",
        _ => $"{Server}/prompts/{Name}",
    };
}
