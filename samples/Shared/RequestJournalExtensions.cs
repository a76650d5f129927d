using System.Text;

namespace ToolGate.Samples.Shared;

/// <summary>Wires <see cref="RequestJournal"/> into a sample tool: a recording middleware and <c>GET/DELETE /received</c>.</summary>
internal static class RequestJournalExtensions
{
    /// <summary>Records every request whose path starts with <paramref name="toolPrefix"/> (method, path, raw body) before the endpoint runs.</summary>
    public static WebApplication UseRequestJournal(this WebApplication app, PathString toolPrefix)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(toolPrefix, StringComparison.OrdinalIgnoreCase))
            {
                var journal = context.RequestServices.GetRequiredService<RequestJournal>();
                var path = context.Request.Path.Value ?? string.Empty;
                string body;
                try
                {
                    body = await ReadBodyAsync(context.Request, context.RequestAborted);
                }
                catch (BadHttpRequestException ex)
                {
                    // E.g. 413 for a body over SampleHost.MaxRequestBodyBytes: it still reached the tool, so record it.
                    journal.Record(new ReceivedRequest(context.Request.Method, path, string.Empty, HeadersOf(context.Request)));
                    await TypedResults.Problem(detail: ex.Message, statusCode: ex.StatusCode).ExecuteAsync(context);
                    return;
                }

                journal.Record(new ReceivedRequest(context.Request.Method, path, body, HeadersOf(context.Request)));
            }

            await next(context);
        });
        return app;
    }

    public static IEndpointRouteBuilder MapRequestJournal(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/received", (RequestJournal journal) => TypedResults.Ok(journal.Snapshot()));
        endpoints.MapDelete("/received", (RequestJournal journal) =>
        {
            journal.Clear();
            return TypedResults.NoContent();
        });
        return endpoints;
    }

    private static Dictionary<string, string> HeadersOf(HttpRequest request) =>
        request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);

    // Buffers the body so the endpoint can read it again afterwards. Kestrel's MaxRequestBodySize
    // (set by SampleHost) bounds what is read; the journal keeps at most MaxBodyChars of it.
    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        request.Body.Position = 0;
        return text.Length <= RequestJournal.MaxBodyChars ? text : text[..RequestJournal.MaxBodyChars];
    }
}
