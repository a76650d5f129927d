using System.Text.Json;

namespace ToolGate.Gateway.Mcp;

/// <summary>One JSON-RPC 2.0 message of a POST body, as the gateway needs to see it.</summary>
internal readonly record struct JsonRpcMessage(JsonElement Element, string? Method, JsonElement Id, JsonElement Params)
{
    public bool HasId => Id.ValueKind is JsonValueKind.String or JsonValueKind.Number;

    /// <summary>A request expects an answer; a notification (no id) does not; a response answers the server.</summary>
    public bool IsRequest => Method is not null && HasId;

    public bool IsNotification => Method is not null && Id.ValueKind == JsonValueKind.Undefined;

    public bool IsResponse => Method is null && (Element.TryGetProperty("result", out _) || Element.TryGetProperty("error", out _));

    /// <summary>The id as JSON text, to match responses to requests.</summary>
    public string IdText => HasId ? Id.GetRawText() : "null";

    public static bool TryRead(JsonElement element, out JsonRpcMessage message)
    {
        message = default;
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            return false;
        }

        string? method = null;
        if (element.TryGetProperty("method", out var m))
        {
            if (m.ValueKind != JsonValueKind.String)
            {
                return false;
            }

            method = m.GetString();
        }

        var id = element.TryGetProperty("id", out var i) ? i : default;
        if (id.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
        {
            return false;
        }

        var parameters = element.TryGetProperty("params", out var p) ? p : default;
        message = new JsonRpcMessage(element, method, id, parameters);
        return message.IsRequest || message.IsNotification || message.IsResponse;
    }
}

/// <summary>
/// The JSON-RPC errors the gateway answers with. Denials use server-defined codes so clients surface a clean error;
/// <c>data</c> carries the decision id, reason and rule, as the problem details of tool routes do.
/// </summary>
internal static class JsonRpcErrors
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int MethodNotFound = -32601;
    public const int InternalError = -32603;

    /// <summary>ToolGate refused the request (a grant, a guardrail, the quarantine).</summary>
    public const int Denied = -32001;

    /// <summary>A rate limit or budget refused the request for now.</summary>
    public const int RateLimited = -32002;

    public static byte[] Error(JsonElement id, int code, string message, string? decisionId, string reason, string rule)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", "2.0");
            writer.WritePropertyName("id");
            if (id.ValueKind is JsonValueKind.String or JsonValueKind.Number)
            {
                id.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteStartObject("error");
            writer.WriteNumber("code", code);
            writer.WriteString("message", message);
            writer.WriteStartObject("data");
            if (decisionId is not null)
            {
                writer.WriteString("decisionId", decisionId);
            }

            writer.WriteString("reason", reason);
            writer.WriteString("rule", rule);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
