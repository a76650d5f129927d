using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using ToolGate.Gateway.Agents;
using ToolGate.Gateway.Egress;
using ToolGate.Gateway.Grants;
using ToolGate.Gateway.Logging;

namespace ToolGate.Gateway.Admin;

/// <summary>Agents and their keys: <c>/v1/agents</c>.</summary>
internal static class AgentsApi
{
    public static RouteGroupBuilder MapAgentsApi(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/agents").WithTags("Agents");
        group.MapPost("/", CreateAsync).Validate<CreateAgentRequest>()
            .WithSummary("Create an agent; its API key is in the response and is never shown again.");
        group.MapGet("/", ListAsync).WithSummary("List agents, revoked ones included.");
        group.MapDelete("/{id}", RevokeAsync).WithSummary("Revoke an agent: its key stops working at once and its egress tunnels are cut.");
        group.MapGet("/{id}/tunnels", (string id, EgressTunnels tunnels) => TypedResults.Ok(tunnels.List(id)))
            .WithSummary("The agent's live egress tunnels and proxied requests: destination, dialled address, bytes so far.");
        return admin;
    }

    private static async Task<Results<Created<AgentCreated>, ProblemHttpResult>> CreateAsync(
        CreateAgentRequest request, IAgentStore store, AgentDirectory directory, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var key = AgentKeys.Generate();
        var agent = new Agent(request.Id!, request.Description, time.GetUtcNow(), null);
        if (!await store.TryCreateAsync(agent, AgentKeys.Hash(key), ct))
        {
            return TypedResults.Problem(Problems.ProblemResponses.Create(StatusCodes.Status409Conflict, "Agent exists",
                $"an agent with id '{request.Id}' already exists (revoked agents keep their id)", "admin.agents", null));
        }

        await directory.ReloadAsync(ct);
        Log.AdminChange(loggers.CreateLogger(typeof(AgentsApi)), "created agent", agent.Id);
        return TypedResults.Created($"/v1/agents/{agent.Id}", new AgentCreated(agent.Id, agent.Description, key, agent.CreatedAt));
    }

    private static async Task<Ok<IReadOnlyList<Agent>>> ListAsync(IAgentStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.ListAsync(ct));

    private static async Task<Results<NoContent, NotFound>> RevokeAsync(
        string id, IAgentStore store, AgentDirectory directory, EgressTunnels tunnels, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!await store.RevokeAsync(id, time.GetUtcNow(), ct))
        {
            return TypedResults.NotFound();
        }

        await directory.ReloadAsync(ct);
        // A revoked key must not keep a tunnel it opened earlier.
        tunnels.CutAgent(id, "agent revoked");
        Log.AdminChange(loggers.CreateLogger(typeof(AgentsApi)), "revoked agent", id);
        return TypedResults.NoContent();
    }
}

public sealed record CreateAgentRequest(string? Id, string? Description);

public sealed record AgentCreated(string Id, string? Description, string ApiKey, DateTimeOffset CreatedAt);

internal sealed class CreateAgentRequestValidator : AbstractValidator<CreateAgentRequest>
{
    public CreateAgentRequestValidator()
    {
        RuleFor(r => r.Id).NotEmpty().Matches(GrantRequestValidator.AgentIdPattern)
            .WithMessage("'id' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        RuleFor(r => r.Description).MaximumLength(1_000);
    }
}
