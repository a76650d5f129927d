using System.Text.Json;

namespace ToolGate.Samples.McpServer;

/// <summary>
/// Remembers the last <see cref="Capacity"/> MCP messages that reached the server, so tests can prove that a call
/// the gateway denied never arrived. Thread-safe; one instance per app (a DI singleton). The MCP counterpart of the
/// other samples' RequestJournal: it records JSON-RPC messages rather than HTTP requests.
/// </summary>
internal sealed class McpJournal
{
    public const int Capacity = 1_000;
    public const int MaxBodyChars = 64 * 1024;

    private readonly Queue<McpReceivedMessage> _entries = new();
    private readonly Lock _gate = new();

    /// <summary>Records the messages of one request body (an object, or an array for a batch; anything else as it is).</summary>
    public void Record(string httpMethod, string body, string? sessionId, IReadOnlyDictionary<string, string> headers)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            Add(new McpReceivedMessage(httpMethod, null, null, null, null, sessionId, body, headers));
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var messages = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().ToList()
                : [document.RootElement];
            foreach (var message in messages)
            {
                Add(Describe(httpMethod, message, sessionId, headers));
            }
        }
        catch (JsonException)
        {
            Add(new McpReceivedMessage(httpMethod, null, null, null, null, sessionId, Cut(body), headers));
        }
    }

    public IReadOnlyList<McpReceivedMessage> Snapshot()
    {
        lock (_gate)
        {
            return [.. _entries];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _entries.Clear();
        }
    }

    private static McpReceivedMessage Describe(string httpMethod, JsonElement message, string? sessionId, IReadOnlyDictionary<string, string> headers)
    {
        string? method = null, id = null, tool = null;
        JsonElement? arguments = null;
        if (message.ValueKind == JsonValueKind.Object)
        {
            if (message.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String)
            {
                method = m.GetString();
            }

            if (message.TryGetProperty("id", out var i))
            {
                id = i.GetRawText();
            }

            if (message.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object)
            {
                if (method == "tools/call" && p.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                {
                    tool = n.GetString();
                }

                if (method is "tools/call" or "prompts/get" && p.TryGetProperty("arguments", out var a))
                {
                    arguments = a.Clone();
                }
            }
        }

        return new McpReceivedMessage(httpMethod, method, id, tool, arguments, sessionId, Cut(message.GetRawText()), headers);
    }

    private static string Cut(string text) => text.Length <= MaxBodyChars ? text : text[..MaxBodyChars];

    private void Add(McpReceivedMessage message)
    {
        lock (_gate)
        {
            if (_entries.Count == Capacity)
            {
                _entries.Dequeue();
            }

            _entries.Enqueue(message);
        }
    }
}
