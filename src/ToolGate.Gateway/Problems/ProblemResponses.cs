using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ToolGate.Gateway.Problems;

/// <summary>
/// ToolGate's own answers are RFC 7807 problem details that say why (<c>reason</c>), which rule decided
/// (<c>rule</c>) and, where a decision was recorded, its <c>decisionId</c> for the audit trail.
/// </summary>
internal static class ProblemResponses
{
    public static ProblemDetails Create(int status, string title, string reason, string rule, string? decisionId)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = reason,
            Type = $"https://httpstatuses.io/{status}",
        };
        problem.Extensions["reason"] = reason;
        problem.Extensions["rule"] = rule;
        if (decisionId is not null)
        {
            problem.Extensions["decisionId"] = decisionId;
        }

        return problem;
    }

    public static Task WriteAsync(HttpContext context, int status, string title, string reason, string rule, string? decisionId)
    {
        if (context.Response.HasStarted)
        {
            // The upstream answer is already on its way; all that is left is to stop it.
            context.Abort();
            return Task.CompletedTask;
        }

        return TypedResults.Problem(Create(status, title, reason, rule, decisionId)).ExecuteAsync(context);
    }
}
