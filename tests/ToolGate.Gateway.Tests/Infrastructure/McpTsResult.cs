using System.Text.Json;

namespace ToolGate.Gateway.Tests.Infrastructure;

/// <summary>What client.mjs printed (see its header comment), its exit code and its stderr.</summary>
public sealed record McpTsResult(int ExitCode, JsonElement Output, string Errors)
{
    public bool Ok => Output.GetProperty("ok").GetBoolean();

    public IReadOnlyList<string> Tools => [.. Output.GetProperty("tools").EnumerateArray().Select(t => t.GetString() ?? string.Empty)];

    /// <summary>The first call's CallToolResult.</summary>
    public JsonElement Call => Output.GetProperty("call");

    /// <summary>The refused second call: kind, code, message, data (Null without one).</summary>
    public JsonElement Denied => Output.GetProperty("denied");

    public string? Error => Output.GetProperty("error").GetString();

    public string? SessionId => Output.GetProperty("sessionId").GetString();

    /// <summary>For assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}: {Output.GetRawText()}\n{Errors}";
}
