using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using ToolGate.Gateway.Admin;
using ToolGate.Gateway.Logging;
using ToolGate.Gateway.Problems;
using ToolGate.Gateway.Quarantine;

namespace ToolGate.Gateway.Mcp;

/// <summary>MCP tool pins over REST: <c>GET /v1/mcp/tools</c>, <c>POST /v1/mcp/servers/{server}/tools/{tool}/approve</c>.</summary>
internal static class McpApi
{
    public static RouteGroupBuilder MapMcpApi(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/mcp").WithTags("MCP");
        group.MapGet("/tools", (McpToolPins pins) => TypedResults.Ok(pins.List()))
            .WithSummary("Every MCP tool the gateway has seen: approved and latest definition digests; changed ones are withheld from pinned grants.");
        group.MapPost("/servers/{server}/tools/{tool}/approve", ApproveAsync).Validate<QuarantineChangeRequest>()
            .WithSummary("Approve a tool's current definition (after reviewing it). Reason required; audited.");
        return admin;
    }

    private static async Task<Results<Ok<McpToolPin>, ProblemHttpResult>> ApproveAsync(
        string server, string tool, QuarantineChangeRequest request, McpToolPins pins, ILoggerFactory loggers)
    {
        if (await pins.ApproveAsync(server, tool, request.Reason!) is not { } approved)
        {
            return TypedResults.Problem(ProblemResponses.Create(StatusCodes.Status404NotFound, "Unknown tool",
                $"the gateway has not seen tool '{tool}' on MCP server '{server}'", "admin.mcp", null));
        }

        Log.AdminChange(loggers.CreateLogger(typeof(McpApi)), "approved MCP tool definition", $"{server}/{tool}");
        return TypedResults.Ok(approved);
    }
}
