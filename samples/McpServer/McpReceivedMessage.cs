using System.Text.Json;

namespace ToolGate.Samples.McpServer;

/// <summary>
/// One JSON-RPC message (or one bodiless GET/DELETE) that reached <c>/mcp</c>, as recorded by <see cref="McpJournal"/>.
/// A POST carrying a batch gives one entry per message.
/// </summary>
/// <param name="HttpMethod"><c>POST</c>, or <c>GET</c> (the server's event stream) / <c>DELETE</c> (end of session).</param>
/// <param name="RpcMethod">The JSON-RPC method, e.g. <c>tools/call</c>; null for a response the client sent or a GET/DELETE.</param>
/// <param name="Id">The JSON-RPC id as JSON text (<c>1</c>, <c>"abc"</c>); null for a notification.</param>
/// <param name="ToolName"><c>params.name</c> of a <c>tools/call</c>; null otherwise.</param>
/// <param name="Arguments"><c>params.arguments</c> of a <c>tools/call</c> or <c>prompts/get</c>; null otherwise.</param>
/// <param name="SessionId">The <c>Mcp-Session-Id</c> request header, or null.</param>
/// <param name="Body">The message as JSON text (the raw body for a GET/DELETE, usually empty; cut at 64 Ki characters).</param>
/// <param name="Headers">Request headers as received, so tests can check what the gateway passed on (and what it did not).</param>
internal sealed record McpReceivedMessage(
    string HttpMethod,
    string? RpcMethod,
    string? Id,
    string? ToolName,
    JsonElement? Arguments,
    string? SessionId,
    string Body,
    IReadOnlyDictionary<string, string> Headers);
