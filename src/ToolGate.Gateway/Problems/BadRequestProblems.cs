using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ToolGate.Gateway.Problems;

/// <summary>
/// A body the admin API cannot bind (malformed JSON, an unknown field, a wrong type) is answered with
/// problem details that say what is wrong, not an empty 400.
/// </summary>
internal static class BadRequestProblems
{
    public static IApplicationBuilder UseToolGateBadRequestProblems(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                var reason = e.InnerException is { } inner ? $"{e.Message} {inner.Message}" : e.Message;
                await ProblemResponses.WriteAsync(context, e.StatusCode, "Bad request", reason, "request", decisionId: null);
            }
        });
}
