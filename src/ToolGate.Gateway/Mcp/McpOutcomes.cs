using System.Globalization;
using System.Text.Json;
using ToolGate.Core.Audit;
using ToolGate.Core.Decisions;
using ToolGate.Gateway.Audit;

namespace ToolGate.Gateway.Mcp;

/// <summary>
/// The outcome records of forwarded MCP requests: each allowed <c>tools/call</c>, read, get, subscription or completion
/// gets a second record when the server's answer with its id goes back to the agent (result or JSON-RPC error), or,
/// when the exchange ends without one, an error record that says so. Queued like the tool routes' outcomes: they
/// ride along with the next commit, after their decision records.
/// </summary>
internal static class McpOutcomes
{
    /// <summary>Looks at the JSON the server sent (one message or a batch) for answers to forwarded requests.</summary>
    public static void Observe(McpExchange exchange, ReadOnlySpan<byte> json, int status, TimeProvider time, IAuditLog audit)
    {
        if (exchange.Forwarded.Count == 0 || json.IsEmpty)
        {
            return;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var message in root.EnumerateArray())
                {
                    Answered(exchange, message, status, time, audit);
                }
            }
            else
            {
                Answered(exchange, root, status, time, audit);
            }
        }
        catch (JsonException)
        {
            // Not JSON (an error page, a keep-alive comment): no answer in it; what stays unanswered is recorded at the end.
        }
    }

    /// <summary>
    /// Looks at an answer that passed through untouched (<see cref="McpAnswerCapture"/>). One longer than the capture kept went
    /// back whole but cannot be read: the forwarded requests are recorded as answered, without the JSON-RPC error check.
    /// </summary>
    public static void Observe(McpExchange exchange, McpAnswerCapture capture, int status, TimeProvider time, IAuditLog audit)
    {
        if (!capture.Overflowed)
        {
            Observe(exchange, capture.Kept, status, time, audit);
            return;
        }

        foreach (var decision in exchange.Forwarded.Values)
        {
            audit.Enqueue(Outcome(decision, exchange, status, time, $"the server answered (more than {capture.Limit} bytes, not read for the record)"));
        }

        exchange.Forwarded.Clear();
    }

    /// <summary>Records every forwarded request that got no answer as an error outcome (<paramref name="why"/> says what ended the exchange).</summary>
    public static void Finish(McpExchange exchange, int status, string why, TimeProvider time, IAuditLog audit)
    {
        foreach (var decision in exchange.Forwarded.Values)
        {
            audit.Enqueue(Outcome(decision, exchange, status, time, $"no answer from the server: {why}") with
            {
                Decision = AuditDecisions.Error,
                Rule = Rules.UpstreamFailure,
            });
        }

        exchange.Forwarded.Clear();
    }

    private static void Answered(McpExchange exchange, JsonElement message, int status, TimeProvider time, IAuditLog audit)
    {
        if (message.ValueKind != JsonValueKind.Object || message.TryGetProperty("method", out _)
            || !message.TryGetProperty("id", out var id) || JsonRpcMessage.CanonicalId(id) is not { } key
            || !exchange.Forwarded.Remove(key, out var decision))
        {
            return;
        }

        var reason = message.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
            ? $"the server answered with JSON-RPC error {Code(error)}"
            : "the server answered";
        audit.Enqueue(Outcome(decision, exchange, status, time, reason));
    }

    /// <summary>The outcome record of <paramref name="decision"/>: its decision and rule kept, the answer's status and the time since mediation began.</summary>
    private static AuditEntry Outcome(AuditEntry decision, McpExchange exchange, int status, TimeProvider time, string reason) => decision with
    {
        Stage = AuditStages.Outcome,
        Reason = reason,
        Status = status,
        DurationMs = (long)time.GetElapsedTime(exchange.StartedTimestamp).TotalMilliseconds,
    };

    private static string Code(JsonElement error) =>
        error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt64(out var value)
            ? value.ToString(CultureInfo.InvariantCulture)
            : "(no code)";
}
