using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ToolGate.Core.Mcp;
using ToolGate.Gateway.Audit;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Policies;
using Yarp.ReverseProxy.Transforms;

namespace ToolGate.Gateway.Mcp;

/// <summary>
/// The response side of an MCP POST. Binds a new session to the agent that opened it; removes from list results
/// what the agent may not use (tools, resources, prompts; resource templates entirely); records tool definitions for
/// pinning; and merges in the gateway's own answers to the requests it refused. Works on <c>application/json</c>
/// answers and, event by event, on <c>text/event-stream</c> ones.
/// </summary>
internal static class McpResponseFilter
{
    public static async ValueTask ApplyAsync(ResponseTransformContext context)
    {
        var http = context.HttpContext;
        var exchange = http.Features.Get<McpExchange>();
        var response = context.ProxyResponse;
        if (exchange is null || response is null)
        {
            return;
        }

        var services = http.RequestServices;
        if (exchange.Initializes && response.Headers.TryGetValues(McpStep.SessionHeader, out var ids) && ids.FirstOrDefault() is { Length: > 0 } sessionId
            && !services.GetRequiredService<McpSessions>().Bind(exchange.Server, sessionId, exchange.AgentId))
        {
            // The server handed out an id another agent holds: never let two agents share a session.
            context.SuppressResponseBody = true;
            http.Response.Headers.Remove(McpStep.SessionHeader);
            http.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        if (exchange.Lists.Count == 0 && exchange.LocalAnswers.Count == 0 && exchange.Forwarded.Count == 0)
        {
            return;
        }

        var audit = services.GetRequiredService<IAuditLog>();
        var time = services.GetRequiredService<TimeProvider>();
        var status = (int)response.StatusCode;
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var eventStream = string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase);
        if (exchange.Lists.Count == 0 && exchange.LocalAnswers.Count == 0 && !eventStream)
        {
            // Only outcomes to record: YARP copies the answer as it is, and McpStep reads what was captured on the way.
            var capture = new McpAnswerCapture(http.Response.Body, services.GetRequiredService<IOptions<ToolGateOptions>>().Value.Mcp.OutcomeReadBytes);
            http.Response.Body = capture;
            http.Features.Set(capture);
            return;
        }

        var rewriter = new McpListRewriter(exchange, services.GetRequiredService<PolicySnapshotProvider>(),
            services.GetRequiredService<McpToolPins>(), time.GetUtcNow());
        context.SuppressResponseBody = true;
        http.Response.Headers.ContentLength = null;
        var cancel = http.RequestAborted;
        if (eventStream)
        {
            await RewriteEventStreamAsync(await response.Content.ReadAsStreamAsync(cancel), http.Response, exchange, rewriter,
                json => McpOutcomes.Observe(exchange, json, status, time, audit), cancel);
            return;
        }

        var body = await response.Content.ReadAsByteArrayAsync(cancel);
        McpOutcomes.Observe(exchange, body, status, time, audit);
        var rewritten = body.Length == 0 ? null : rewriter.RewriteBody(body);
        byte[] output;
        if (exchange.LocalAnswers.Count == 0)
        {
            output = rewritten ?? body;
        }
        else
        {
            // The server answered the forwarded part (or nothing, for notifications: 202); add the gateway's answers.
            var answers = new List<byte[]>(exchange.LocalAnswers);
            var serverPart = rewritten ?? (body.Length > 0 ? body : null);
            if (serverPart is not null)
            {
                answers.InsertRange(0, SplitArray(serverPart));
            }

            output = exchange.Batch ? McpStep.Serialise(answers) : answers[0];
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/json";
        }

        http.Response.ContentLength = output.Length;
        await http.Response.Body.WriteAsync(output, cancel);
    }

    private static List<byte[]> SplitArray(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Array
                ? [.. document.RootElement.EnumerateArray().Select(e => JsonSerializer.SerializeToUtf8Bytes(e))]
                : [json];
        }
        catch (JsonException)
        {
            return []; // the server's part is not JSON-RPC (an error page): the agent still gets the gateway's answers
        }
    }

    /// <summary>Copies an SSE stream event by event, rewriting the data of list answers; the gateway's answers go first.</summary>
    private static async Task RewriteEventStreamAsync(
        Stream upstream, HttpResponse response, McpExchange exchange, McpListRewriter rewriter, Action<byte[]> observe, CancellationToken cancel)
    {
        var output = response.Body;
        foreach (var answer in exchange.LocalAnswers)
        {
            await output.WriteAsync(Encoding.UTF8.GetBytes("event: message\ndata: " + Encoding.UTF8.GetString(answer) + "\n\n"), cancel);
        }

        await output.FlushAsync(cancel);
        using var reader = new StreamReader(upstream, Encoding.UTF8);
        var eventLines = new List<string>();
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancel) is { } line)
        {
            if (line.Length > 0)
            {
                if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    data.Append(data.Length > 0 ? "\n" : string.Empty).Append(line.AsSpan(line.StartsWith("data: ", StringComparison.Ordinal) ? 6 : 5));
                }
                else
                {
                    eventLines.Add(line);
                }

                continue;
            }

            // End of one event: write its other fields as they were, and its data, rewritten when it is a list answer.
            var text = new StringBuilder();
            foreach (var field in eventLines)
            {
                text.Append(field).Append('\n');
            }

            if (data.Length > 0)
            {
                var json = data.ToString();
                var bytes = Encoding.UTF8.GetBytes(json);
                observe(bytes);
                var rewritten = rewriter.RewriteBody(bytes);
                var payload = rewritten is null ? json : Encoding.UTF8.GetString(rewritten);
                foreach (var dataLine in payload.Split('\n'))
                {
                    text.Append("data: ").Append(dataLine).Append('\n');
                }
            }

            text.Append('\n');
            await output.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancel);
            await output.FlushAsync(cancel);
            eventLines.Clear();
            data.Clear();
        }
    }
}

/// <summary>Rewrites list answers (<c>result.tools</c>, <c>result.resources</c>, <c>result.prompts</c>) to what the agent may use.</summary>
internal sealed class McpListRewriter(McpExchange exchange, PolicySnapshotProvider policies, McpToolPins pins, DateTimeOffset now)
{
    private readonly McpPolicy _policy = policies.Current.For(exchange.AgentId).Mcp;

    /// <summary>The rewritten JSON (one message or a batch), or null when nothing in it needed a change or it is not JSON.</summary>
    public byte[]? RewriteBody(byte[] json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            var messages = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : new List<JsonElement> { root };
            if (!messages.Any(IsListAnswer))
            {
                return null;
            }

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                if (root.ValueKind == JsonValueKind.Array)
                {
                    writer.WriteStartArray();
                }

                foreach (var message in messages)
                {
                    if (IsListAnswer(message))
                    {
                        WriteFiltered(writer, message);
                    }
                    else
                    {
                        message.WriteTo(writer);
                    }
                }

                if (root.ValueKind == JsonValueKind.Array)
                {
                    writer.WriteEndArray();
                }
            }

            return buffer.ToArray();
        }
    }

    /// <summary>
    /// A list answer: its id is one of the list requests' (compared canonically), or, whatever its id, its result holds
    /// a list of a kind this exchange asked for (a server cannot dodge the filter with an id the gateway cannot match).
    /// </summary>
    private bool IsListAnswer(JsonElement message) => ListMethodOf(message) is not null;

    private string? ListMethodOf(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("result", out var result) || result.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (message.TryGetProperty("id", out var id) && JsonRpcMessage.CanonicalId(id) is { } key && exchange.Lists.TryGetValue(key, out var method))
        {
            return method;
        }

        foreach (var (property, listMethod) in ListProperties)
        {
            if (result.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array && exchange.Lists.ContainsValue(listMethod))
            {
                return listMethod;
            }
        }

        return null;
    }

    private static readonly (string Property, string Method)[] ListProperties =
        [("tools", "tools/list"), ("resources", "resources/list"), ("prompts", "prompts/list"), ("resourceTemplates", "resources/templates/list")];

    private void WriteFiltered(Utf8JsonWriter writer, JsonElement message)
    {
        var method = ListMethodOf(message)!;
        writer.WriteStartObject();
        foreach (var property in message.EnumerateObject())
        {
            if (property.Name != "result")
            {
                property.WriteTo(writer);
                continue;
            }

            writer.WriteStartObject("result");
            foreach (var field in property.Value.EnumerateObject())
            {
                var (list, keep) = method switch
                {
                    "tools/list" => ("tools", (Func<JsonElement, bool>)KeepTool),
                    "resources/list" => ("resources", KeepResource),
                    "prompts/list" => ("prompts", KeepPrompt),
                    _ => ("resourceTemplates", static _ => false), // a URI template cannot be checked against URI globs
                };
                if (field.Name != list || field.Value.ValueKind != JsonValueKind.Array)
                {
                    field.WriteTo(writer);
                    continue;
                }

                writer.WriteStartArray(list);
                foreach (var item in field.Value.EnumerateArray())
                {
                    if (keep(item))
                    {
                        item.WriteTo(writer);
                    }
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private bool KeepTool(JsonElement tool)
    {
        pins.Observe(exchange.Server, tool);
        var name = Text(tool, "name");
        return name is not null && _policy.MayUseTool(exchange.Server, name, now)
            && !(_policy.IsPinned(exchange.Server, name, now) && pins.IsChanged(exchange.Server, name));
    }

    private bool KeepResource(JsonElement resource) =>
        Text(resource, "uri") is { } uri && _policy.MayReadResource(exchange.Server, uri, now);

    private bool KeepPrompt(JsonElement prompt) =>
        Text(prompt, "name") is { } name && _policy.MayGetPrompt(exchange.Server, name, now);

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
