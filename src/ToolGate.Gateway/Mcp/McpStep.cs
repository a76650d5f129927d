using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using ToolGate.Core.Actions;
using ToolGate.Core.Audit;
using ToolGate.Core.Decisions;
using ToolGate.Gateway.Audit;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Limit;
using ToolGate.Gateway.Logging;
using ToolGate.Gateway.Pipeline;
using ToolGate.Gateway.Policies;
using ToolGate.Gateway.Problems;
using ToolGate.Gateway.Quarantine;

namespace ToolGate.Gateway.Mcp;

/// <summary>
/// The MCP pipeline for one HTTP request on <c>/mcp/{server}</c>, after identify: quarantine, session ownership, then
/// for a POST each JSON-RPC message in turn (classify → decide → limit → audit). Allowed messages are forwarded (the
/// body rewritten to hold only them); refused requests are answered by the gateway with JSON-RPC errors, merged into
/// the server's answer by <see cref="McpResponseFilter"/>, which also filters list results.
/// </summary>
internal sealed class McpStep(
    RequestDelegate next,
    PolicySnapshotProvider policies,
    QuarantineRegistry quarantine,
    IActionRateLimiter limiter,
    DecisionRecorder recorder,
    McpSessions sessions,
    McpToolPins pins,
    AgentCutoffs cutoffs,
    IAuditLog audit,
    IOptions<ToolGateOptions> options,
    TimeProvider time,
    ILogger<McpStep> logger)
{
    public const string SessionHeader = "Mcp-Session-Id";
    public const string DeniedMessage = "denied by ToolGate";

    /// <summary>Messages in one batch: each governed one is an audited decision with a synced write.</summary>
    public const int MaxBatch = 64;

    /// <summary>
    /// Requests passed through as they are: the protocol's plumbing, which runs nothing on the server's side and names
    /// nothing the agent could not already use (<c>resources/subscribe</c> and <c>completion/complete</c> name a resource or
    /// prompt, so they are decided like reading it).
    /// </summary>
    private static readonly HashSet<string> PassThrough = new(StringComparer.Ordinal)
    {
        "initialize", "server/discover", "ping", "logging/setLevel", "resources/unsubscribe",
    };

    private static readonly HashSet<string> Lists = new(StringComparer.Ordinal)
    {
        "tools/list", "resources/list", "prompts/list", "resources/templates/list",
    };

    /// <summary>Headers an MCP server may see; everything else the agent sent (its key first of all) stays here.</summary>
    private static readonly HashSet<string> ForwardedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Host, HeaderNames.Accept, HeaderNames.ContentType, HeaderNames.ContentLength, HeaderNames.UserAgent, SessionHeader,
        "MCP-Protocol-Version", "Last-Event-ID", "traceparent", "tracestate",
    };

    public async Task InvokeAsync(HttpContext context)
    {
        var server = McpRoutes.ServerOf(context)!;
        var agentId = context.Features.GetRequiredFeature<IdentifiedAgent>().Id;
        var target = $"{server}/{context.Request.Method}";
        if (quarantine.TryGet(agentId, out var quarantined))
        {
            await RefuseHttpAsync(context, agentId, target, QuarantineRegistry.Denial(quarantined), StatusCodes.Status403Forbidden);
            return;
        }

        var sessionId = context.Request.Headers[SessionHeader].ToString();
        if (sessionId.Length > 0)
        {
            switch (sessions.Check(server, sessionId, agentId))
            {
                case McpSessionCheck.OtherAgent:
                    await RefuseHttpAsync(context, agentId, target,
                        Verdict.Deny("the MCP session belongs to another agent", "mcp.session-hijack", Severity.High), StatusCodes.Status403Forbidden);
                    return;
                case McpSessionCheck.Unknown:
                    // 404 is what the protocol says for an expired session: the client initialises a new one.
                    Log.McpRefused(logger, StatusCodes.Status404NotFound, "unknown MCP session");
                    await ProblemResponses.WriteAsync(context, StatusCodes.Status404NotFound, "Unknown MCP session",
                        "this MCP session was not opened through ToolGate by this agent (or it ended)", "mcp.unknown-session", null);
                    return;
            }
        }

        var post = HttpMethods.IsPost(context.Request.Method);
        if (!post && (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0))
        {
            // Only POST bodies are mediated: a body on GET or DELETE would reach the server undecided.
            await ProblemResponses.WriteAsync(context, StatusCodes.Status400BadRequest, "Body not allowed",
                $"an MCP {context.Request.Method} must not have a body", "mcp.invalid-message", null);
            return;
        }

        // Body framing headers stay (Kestrel reads them); everything else the agent sent is dropped.
        ForwardOnly(context.Request, agentId);
        if (!post)
        {

            await ForwardAsync(context, agentId);
            if (HttpMethods.IsDelete(context.Request.Method) && context.Response.StatusCode is >= 200 and < 300)
            {
                sessions.End(server, sessionId);
            }

            ForgetExpired(context, server, sessionId);

            return;
        }

        var body = await ReadBodyAsync(context);
        if (body is null)
        {
            return;
        }

        JsonDocument document;
        try
        {
            // Duplicate keys are refused: a server that reads the first "name" must not see another tool than was decided.
            document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            await WriteJsonAsync(context, StatusCodes.Status400BadRequest,
                JsonRpcErrors.Error(default, JsonRpcErrors.ParseError, "parse error", null, $"the body is not JSON: {e.Message}", "mcp.invalid-message"));
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            var batch = root.ValueKind == JsonValueKind.Array;
            var elements = batch ? [.. root.EnumerateArray()] : new List<JsonElement> { root };
            if (elements.Count > MaxBatch)
            {
                await WriteJsonAsync(context, StatusCodes.Status400BadRequest,
                    JsonRpcErrors.Error(default, JsonRpcErrors.InvalidRequest, "invalid request", null, $"a batch holds at most {MaxBatch} messages", "mcp.invalid-message"));
                return;
            }

            if (elements.Count == 0)
            {
                await WriteJsonAsync(context, StatusCodes.Status400BadRequest,
                    JsonRpcErrors.Error(default, JsonRpcErrors.InvalidRequest, "invalid request", null, "an empty batch", "mcp.invalid-message"));
                return;
            }

            var exchange = new McpExchange(server, agentId, batch, time.GetTimestamp()) { Initializes = sessionId.Length == 0 };
            var forward = new List<JsonElement>(elements.Count);
            foreach (var element in elements)
            {
                if (await MediateOrRefuseAsync(context, exchange, element) is { } answer)
                {
                    exchange.LocalAnswers.Add(answer);
                }
                else
                {
                    forward.Add(element);
                }
            }

            if (forward.Count == 0)
            {
                // Nothing left for the server: the gateway answers alone.
                await WriteAnswersAsync(context, exchange);
                return;
            }

            context.Features.Set(exchange);
            // One message left of a batch goes as a single message: servers on protocol revisions without batches
            // (2025-06-18 and later) still answer it; the answer is put back into an array for the agent.
            var rewritten = forward.Count == elements.Count ? body : Serialise(forward, batch && forward.Count > 1);
            context.Request.Body = new MemoryStream(rewritten, writable: false);
            context.Request.ContentLength = rewritten.Length;
            try
            {
                await ForwardAsync(context, agentId);
            }
            finally
            {
                if (context.Features.Get<McpAnswerCapture>() is { } capture)
                {
                    context.Response.Body = capture.Inner;
                    McpOutcomes.Observe(exchange, capture, context.Response.StatusCode, time, audit);
                    capture.Dispose();
                }

                // Whatever the server did not answer (it failed, the stream ended early, the agent was cut) is on record too.
                var why = context.GetForwarderErrorFeature() is { } failed ? $"forwarding failed ({failed.Error})"
                    : context.RequestAborted.IsCancellationRequested ? "the exchange was aborted"
                    : "its response held no answer with this request's id";
                McpOutcomes.Finish(exchange, context.Response.StatusCode, why, time, audit);
            }

            ForgetExpired(context, server, sessionId);
        }
    }

    /// <summary>The server no longer knows the session (404): neither does the gateway.</summary>
    private void ForgetExpired(HttpContext context, string server, string sessionId)
    {
        if (sessionId.Length > 0 && context.Response.StatusCode == StatusCodes.Status404NotFound)
        {
            sessions.End(server, sessionId);
        }
    }

    /// <summary>Forwards to the server; a quarantine aborts the request (and its stream) while it is in flight.</summary>
    private async Task ForwardAsync(HttpContext context, string agentId)
    {
        using (cutoffs.Register(agentId, context))
        {
            await next(context);
        }
    }

    /// <summary>A message that cannot be decided is refused, never forwarded undecided and never a crash of the whole request.</summary>
    private async Task<byte[]?> MediateOrRefuseAsync(HttpContext context, McpExchange exchange, JsonElement element)
    {
        try
        {
            return await MediateAsync(context, exchange, element);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException or NotSupportedException)
        {
            var decisionId = Guid.CreateVersion7(time.GetUtcNow()).ToString();
            var refusal = Verdict.Deny($"the message could not be decided ({e.GetType().Name}); refused", Rules.DecisionError, Severity.High);
            await recorder.TryRecordAsync(Refusal(decisionId, exchange.AgentId, exchange.Server, refusal));
            var id = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var i) ? i : default;
            return JsonRpcErrors.Error(id, JsonRpcErrors.InternalError, DeniedMessage, decisionId, refusal.Reason, refusal.Rule);
        }
    }

    /// <summary>Null when the message goes to the server; otherwise the JSON-RPC answer the gateway gives.</summary>
    private async Task<byte[]?> MediateAsync(HttpContext context, McpExchange exchange, JsonElement element)
    {
        if (!JsonRpcMessage.TryRead(element, out var message))
        {
            return JsonRpcErrors.Error(default, JsonRpcErrors.InvalidRequest, "invalid request", null,
                "not a JSON-RPC 2.0 request, notification or response", "mcp.invalid-message");
        }

        if (message.IsResponse)
        {
            // Answers to the server's own requests (sampling, roots) run nothing on the server.
            return null;
        }

        if (message.IsNotification)
        {
            if (message.Method!.StartsWith("notifications/", StringComparison.Ordinal))
            {
                return null;
            }

            // A "notification" named like a request would run it on a server that executes notifications, with no answer
            // for anyone to see: nothing without an id goes through unless it is a notification by name.
            var refused = Guid.CreateVersion7(time.GetUtcNow()).ToString();
            await recorder.TryRecordAsync(Refusal(refused, exchange.AgentId, $"{exchange.Server}/{Truncate(message.Method!)}",
                Verdict.Deny($"'{Truncate(message.Method!)}' without an id is not a notification", "mcp.invalid-message")));
            return JsonRpcErrors.Error(default, JsonRpcErrors.InvalidRequest, DeniedMessage, refused,
                "a message without an id must be a notifications/* method", "mcp.invalid-message");
        }

        if (message.IdKey is not { } idKey)
        {
            return JsonRpcErrors.Error(default, JsonRpcErrors.InvalidRequest, "invalid request", null,
                "the id must be a string or an integer", "mcp.invalid-message");
        }

        // An id answers one request: with two, the server's answers (and the list filter and outcome records that
        // follow them) could not be told apart.
        if (!exchange.RequestIds.Add(idKey))
        {
            return JsonRpcErrors.Error(message.Id, JsonRpcErrors.InvalidRequest, "invalid request", null,
                "the id is used by another request in this batch", "mcp.invalid-message");
        }

        // Checked for every message: a batch that trips the quarantine halfway stops there.
        if (quarantine.TryGet(exchange.AgentId, out var quarantined))
        {
            var denial = QuarantineRegistry.Denial(quarantined);
            var id = Guid.CreateVersion7(time.GetUtcNow()).ToString();
            await recorder.TryRecordAsync(Refusal(id, exchange.AgentId, $"{exchange.Server}/{Truncate(message.Method!)}", denial));
            return JsonRpcErrors.Error(message.Id, JsonRpcErrors.Denied, DeniedMessage, id, denial.Reason, denial.Rule);
        }

        var method = message.Method!;
        if (Lists.Contains(method))
        {
            exchange.Lists[idKey] = method;
            return null;
        }

        if (PassThrough.Contains(method))
        {
            return null;
        }

        var decisionId = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        var (action, invalid) = Classify(exchange.Server, message);
        if (action is null)
        {
            var governed = method is "tools/call" or "resources/read" or "prompts/get" or "resources/subscribe" or "completion/complete";
            var refusal = Verdict.Deny(invalid!, governed ? "mcp.invalid-message" : "mcp.method-not-permitted");
            await recorder.TryRecordAsync(Refusal(decisionId, exchange.AgentId, $"{exchange.Server}/{Truncate(method)}", refusal));
            return JsonRpcErrors.Error(message.Id, governed ? JsonRpcErrors.InvalidRequest : JsonRpcErrors.MethodNotFound,
                DeniedMessage, decisionId, invalid!, refusal.Rule);
        }

        var now = time.GetUtcNow();
        var snapshot = policies.Current;
        var verdict = DecisionEngine.Decide(exchange.AgentId, action, snapshot, now);
        if (verdict.IsAllowed && action.Operation == McpOperation.CallTool
            && snapshot.For(exchange.AgentId).Mcp.IsPinned(exchange.Server, action.Name, now) && pins.IsChanged(exchange.Server, action.Name))
        {
            verdict = Verdict.Deny($"tool '{action.Name}' changed its definition since it was approved; an admin must approve it again",
                McpToolPins.ChangedRule, Severity.High);
        }

        var decision = DecisionRecorder.Entry(AuditStages.Decision, decisionId, exchange.AgentId, action, verdict) with { Detail = Detail(exchange.Server, action) };
        if (!verdict.IsAllowed)
        {
            await recorder.TryRecordAsync(decision);
            return JsonRpcErrors.Error(message.Id, JsonRpcErrors.Denied, DeniedMessage, decisionId, verdict.Reason, verdict.Rule);
        }

        if (limiter.Check(decisionId, exchange.AgentId, action, verdict.Grant!)?.Entry is { } limited)
        {
            await recorder.TryRecordAsync(limited);
            return JsonRpcErrors.Error(message.Id, JsonRpcErrors.RateLimited, "rate limited by ToolGate", decisionId, limited.Reason, limited.Rule);
        }

        // The allow is on record before the server sees the request; if it cannot be, the request does not go.
        if (!await recorder.TryRecordAsync(decision))
        {
            return JsonRpcErrors.Error(message.Id, JsonRpcErrors.InternalError, "audit unavailable", decisionId,
                "the decision could not be written to the audit trail, so the request is refused", Rules.AuditUnavailable);
        }

        context.Response.Headers.Append(ClassifyStep.DecisionIdHeader, decisionId);
        exchange.Forwarded[message.IdKey!] = decision;
        return null;
    }

    private static (McpAction? Action, string? Invalid) Classify(string server, JsonRpcMessage message)
    {
        var parameters = message.Params;
        string? Text(string name) => StringProperty(parameters, name);

        switch (message.Method)
        {
            case "tools/call":
                var tool = Text("name");
                if (string.IsNullOrEmpty(tool))
                {
                    return (null, "tools/call needs params.name, a string");
                }

                var arguments = parameters.TryGetProperty("arguments", out var a) ? a : default;
                return (new McpAction(server, McpOperation.CallTool, tool, arguments), null);
            case "resources/read":
                return Text("uri") is { Length: > 0 } uri
                    ? (new McpAction(server, McpOperation.ReadResource, uri, default), null)
                    : (null, "resources/read needs params.uri, a string");
            case "resources/subscribe":
                // Updates of a resource tell what it holds: subscribing needs what reading needs.
                return Text("uri") is { Length: > 0 } subscribed
                    ? (new McpAction(server, McpOperation.ReadResource, subscribed, default), null)
                    : (null, "resources/subscribe needs params.uri, a string");
            case "completion/complete":
                return ClassifyCompletion(server, parameters);
            case "prompts/get":
                return Text("name") is { Length: > 0 } prompt
                    ? (new McpAction(server, McpOperation.GetPrompt, prompt, parameters.TryGetProperty("arguments", out var pa) ? pa : default), null)
                    : (null, "prompts/get needs params.name, a string");
            default:
                return (null, $"method '{Truncate(message.Method!)}' is not permitted through ToolGate");
        }
    }

    /// <summary>The string value of <paramref name="name"/> in <paramref name="element"/>; null when it is no object, has none or another kind.</summary>
    private static string? StringProperty(JsonElement element, string name)
    {
        try
        {
            return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;
        }
        catch (InvalidOperationException)
        {
            return null; // a lone surrogate escape: no name anyone granted
        }
    }

    /// <summary>
    /// Completions name a prompt (decided as getting it) or a resource template (decided as reading the template's own
    /// text: <c>file:///workspace/{name}</c> falls inside a <c>file:///workspace/**</c> grant, <c>file:///{path}</c> does not).
    /// </summary>
    private static (McpAction? Action, string? Invalid) ClassifyCompletion(string server, JsonElement parameters)
    {
        const string Shape = "completion/complete needs params.ref: {\"type\": \"ref/prompt\", \"name\": …} or {\"type\": \"ref/resource\", \"uri\": …}";
        if (parameters.ValueKind != JsonValueKind.Object || !parameters.TryGetProperty("ref", out var reference) || reference.ValueKind != JsonValueKind.Object)
        {
            return (null, Shape);
        }

        string? Text(string name) => StringProperty(reference, name);

        return Text("type") switch
        {
            "ref/prompt" when Text("name") is { Length: > 0 } prompt => (new McpAction(server, McpOperation.GetPrompt, prompt, default), null),
            "ref/resource" when Text("uri") is { Length: > 0 } template => (new McpAction(server, McpOperation.ReadResource, template, default), null),
            _ => (null, Shape),
        };
    }

    private string Detail(string server, McpAction action)
    {
        var raw = action.Arguments.GetRawText();
        var digest = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(raw)));
        return JsonSerializer.Serialize(
            new McpCallDetail(server, digest, options.Value.Mcp.AuditArguments ? action.Arguments : null),
            McpJsonContext.Default.McpCallDetail);
    }

    private static void ForwardOnly(HttpRequest request, string agentId)
    {
        foreach (var name in request.Headers.Keys.Where(name => !ForwardedHeaders.Contains(name)).ToList())
        {
            request.Headers.Remove(name);
        }

        request.QueryString = QueryString.Empty;
        request.Headers[Pipeline.ForwardStep.AgentIdHeader] = agentId;
    }

    private async Task<byte[]?> ReadBodyAsync(HttpContext context)
    {
        var limit = options.Value.Mcp.MaxMessageBytes;
        if (context.Request.ContentLength > limit)
        {
            await ProblemResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Message too large",
                $"MCP messages are limited to {limit} bytes", "mcp.message-too-large", null);
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        var stream = context.Request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var read = await stream.ReadAsync(memory, context.RequestAborted);
            if (read == 0)
            {
                return buffer.WrittenSpan.ToArray();
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                await ProblemResponses.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Message too large",
                    $"MCP messages are limited to {limit} bytes", "mcp.message-too-large", null);
                return null;
            }
        }
    }

    private async Task RefuseHttpAsync(HttpContext context, string agentId, string target, Verdict verdict, int status)
    {
        var decisionId = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        var entry = Refusal(decisionId, agentId, target, verdict);
        await recorder.RefuseAsync(context, decisionId, entry, status);
    }

    private static Task WriteAnswersAsync(HttpContext context, McpExchange exchange)
    {
        var answers = exchange.Batch ? Serialise(exchange.LocalAnswers) : exchange.LocalAnswers[0];
        return WriteJsonAsync(context, StatusCodes.Status200OK, answers);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, byte[] json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }

    private static byte[] Serialise(List<JsonElement> messages, bool batch)
    {
        if (!batch)
        {
            return JsonSerializer.SerializeToUtf8Bytes(messages[0]);
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var message in messages)
            {
                message.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        return buffer.ToArray();
    }

    /// <summary>JSON-RPC answers (each already JSON) as one array.</summary>
    public static byte[] Serialise(IReadOnlyList<byte[]> answers)
    {
        var size = 2 + answers.Sum(a => a.Length + 1);
        var result = new byte[size - (answers.Count > 0 ? 1 : 0)];
        var at = 0;
        result[at++] = (byte)'[';
        for (var i = 0; i < answers.Count; i++)
        {
            if (i > 0)
            {
                result[at++] = (byte)',';
            }

            answers[i].CopyTo(result, at);
            at += answers[i].Length;
        }

        result[at] = (byte)']';
        return result;
    }

    /// <summary>The audit record of an MCP request refused before it named an action (the method or the request is the target).</summary>
    private static AuditEntry Refusal(string decisionId, string agentId, string target, Verdict verdict) =>
        DecisionRecorder.Entry(AuditStages.Decision, decisionId, agentId, null, AuditDecisions.Deny, verdict.Reason, verdict.Rule, verdict.Severity)
            with { Capability = "mcp", Target = target };

    private static string Truncate(string text) => text.Length <= 128 ? text : text[..128] + "…";
}
