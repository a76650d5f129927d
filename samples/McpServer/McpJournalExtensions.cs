using System.Text;

namespace ToolGate.Samples.McpServer;

/// <summary>Wires <see cref="McpJournal"/> into the app: a recording middleware for <c>/mcp</c> and <c>GET/DELETE /received</c>.</summary>
internal static class McpJournalExtensions
{
    public const string SessionIdHeader = "Mcp-Session-Id";

    /// <summary>Records every request to <paramref name="mcpPath"/> before the MCP endpoint sees it (even one it will refuse).</summary>
    public static WebApplication UseMcpJournal(this WebApplication app, PathString mcpPath)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(mcpPath, StringComparison.OrdinalIgnoreCase))
            {
                var journal = context.RequestServices.GetRequiredService<McpJournal>();
                var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
                var sessionId = context.Request.Headers.TryGetValue(SessionIdHeader, out var value) ? value.ToString() : null;
                string body;
                try
                {
                    body = await ReadBodyAsync(context.Request, context.RequestAborted);
                }
                catch (BadHttpRequestException ex)
                {
                    // E.g. 413 for a body over SampleHost.MaxRequestBodyBytes: it still reached the server, so record it.
                    journal.Record(context.Request.Method, string.Empty, sessionId, headers);
                    await TypedResults.Problem(detail: ex.Message, statusCode: ex.StatusCode).ExecuteAsync(context);
                    return;
                }

                journal.Record(context.Request.Method, body, sessionId, headers);
            }

            await next(context);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapMcpJournal(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/received", (McpJournal journal) => TypedResults.Ok(journal.Snapshot()));
        endpoints.MapDelete("/received", (McpJournal journal) =>
        {
            journal.Clear();
            return TypedResults.NoContent();
        });
        return endpoints;
    }

    // Buffers the body so the MCP endpoint can read it again. Kestrel's MaxRequestBodySize (set by SampleHost) bounds it.
    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        request.Body.Position = 0;
        return text;
    }
}
