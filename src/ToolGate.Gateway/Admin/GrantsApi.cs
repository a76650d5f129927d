using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using ToolGate.Core.Grants;
using ToolGate.Gateway.Agents;
using ToolGate.Gateway.Grants;
using ToolGate.Gateway.Logging;
using ToolGate.Gateway.Policies;
using ToolGate.Gateway.Problems;

namespace ToolGate.Gateway.Admin;

/// <summary>Capability grants: <c>/v1/grants</c>. Grants from policy files are listed but changed only in their files.</summary>
internal static class GrantsApi
{
    public static RouteGroupBuilder MapGrantsApi(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/grants").WithTags("Grants");
        group.MapPost("/", CreateAsync).Validate<GrantRequest>().WithSummary("Grant a capability to an agent.");
        group.MapGet("/", List).WithSummary("List grants (API and policy files), optionally for one agent.");
        group.MapDelete("/{id}", DeleteAsync).WithSummary("Delete a grant made over the API.");
        return admin;
    }

    private static async Task<Results<Created<GrantView>, ProblemHttpResult>> CreateAsync(
        GrantRequest request, IAgentStore agents, IGrantStore store, PolicySnapshotProvider policies, TimeProvider time,
        ILoggerFactory loggers, CancellationToken ct)
    {
        if (request.Id is not null)
        {
            return TypedResults.Problem(Problem("'id' is assigned by the gateway; leave it out"));
        }

        var known = await agents.ListAsync(ct);
        if (!known.Any(a => a.Id == request.AgentId && !a.IsRevoked))
        {
            return TypedResults.Problem(Problem($"there is no active agent '{request.AgentId}'"));
        }

        var grant = request.ToGrant("g-" + Guid.CreateVersion7(time.GetUtcNow()).ToString("N"), GrantSources.Api);
        await store.AddAsync(grant, request, time.GetUtcNow(), ct);
        await policies.RebuildAsync(ct);
        Log.AdminChange(loggers.CreateLogger(typeof(GrantsApi)), "created grant", $"{grant.Id} ({grant.Capability} for {grant.AgentId})");
        return TypedResults.Created($"/v1/grants/{grant.Id}", grant.ToView());
    }

    private static Ok<GrantView[]> List(string? agentId, PolicySnapshotProvider policies) =>
        TypedResults.Ok(policies.Grants.Where(g => agentId is null || g.AgentId == agentId).Select(g => g.ToView()).ToArray());

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> DeleteAsync(
        string id, IGrantStore store, PolicySnapshotProvider policies, ILoggerFactory loggers, CancellationToken ct)
    {
        if (policies.Grants.FirstOrDefault(g => g.Id == id) is { } existing && GrantSources.IsFile(existing.Source))
        {
            return TypedResults.Problem(ProblemResponses.Create(StatusCodes.Status409Conflict, "Grant is declared in a policy file",
                $"grant '{id}' comes from {existing.Source}; change that file instead", "admin.grants", null));
        }

        if (!await store.DeleteAsync(id, ct))
        {
            return TypedResults.NotFound();
        }

        await policies.RebuildAsync(ct);
        Log.AdminChange(loggers.CreateLogger(typeof(GrantsApi)), "deleted grant", id);
        return TypedResults.NoContent();
    }

    private static ProblemDetails Problem(string reason) =>
        ProblemResponses.Create(StatusCodes.Status400BadRequest, "Invalid grant", reason, "admin.grants", null);
}
