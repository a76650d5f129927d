using System.Text;
using System.Text.Json;

namespace ToolGate.Samples.McpServer;

/// <summary>
/// Turns the SDK's <c>text/event-stream</c> answers to <c>POST /mcp</c> into one <c>application/json</c> body when
/// <see cref="McpSampleOptions.JsonResponses"/> is on. The C# SDK (2.4.0) always streams a POST's answer as SSE, in
/// every session mode, although the transport lets a server answer with plain JSON; gateways must handle both.
/// </summary>
/// <remarks>
/// The whole SSE answer is buffered, its <c>data:</c> events parsed, and the JSON-RPC responses (messages with
/// <c>result</c> or <c>error</c>) written as the body: one object, or an array when a batch produced several.
/// Requests and notifications the server interleaved (progress, logging) are dropped — a JSON answer cannot carry them.
/// Answers that are not SSE (202 for a notification, 4xx errors) pass through untouched, and so does <c>GET /mcp</c>.
/// </remarks>
internal static class JsonResponseMiddleware
{
    public static WebApplication UseJsonResponses(this WebApplication app, PathString mcpPath)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.Path.StartsWithSegments(mcpPath, StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            var original = context.Response.Body;
            using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            buffer.Position = 0;
            var contentType = context.Response.ContentType ?? string.Empty;
            if (!contentType.StartsWith("text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                await buffer.CopyToAsync(original, context.RequestAborted);
                return;
            }

            var json = ToJson(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
            context.Response.ContentType = "application/json";
            context.Response.Headers.Remove("Content-Encoding");
            context.Response.Headers.Remove("X-Accel-Buffering");
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Response.ContentLength = bytes.Length;
            await original.WriteAsync(bytes, context.RequestAborted);
        });
        return app;
    }

    /// <summary>The JSON-RPC responses among the SSE events of <paramref name="sse"/>: one object, or an array of several.</summary>
    public static string ToJson(string sse)
    {
        ArgumentNullException.ThrowIfNull(sse);
        var responses = new List<string>();
        foreach (var data in SseData(sse))
        {
            try
            {
                using var message = JsonDocument.Parse(data);
                var root = message.RootElement;
                if (root.ValueKind == JsonValueKind.Object && (root.TryGetProperty("result", out _) || root.TryGetProperty("error", out _)))
                {
                    responses.Add(data);
                }
            }
            catch (JsonException)
            {
                // Not a JSON-RPC message (e.g. an empty priming event): nothing to keep.
            }
        }

        return responses.Count == 1 ? responses[0] : "[" + string.Join(',', responses) + "]";
    }

    // Each event's data: its "data:" lines joined with "\n" (the SSE rules; a blank line ends an event).
    private static IEnumerable<string> SseData(string sse)
    {
        var data = new StringBuilder();
        foreach (var rawLine in sse.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return data.ToString();
                    data.Clear();
                }

                continue;
            }

            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var value = line.AsSpan(5);
                if (value.StartsWith(" "))
                {
                    value = value[1..];
                }

                if (data.Length > 0)
                {
                    data.Append('\n');
                }

                data.Append(value);
            }
        }

        if (data.Length > 0)
        {
            yield return data.ToString();
        }
    }
}
