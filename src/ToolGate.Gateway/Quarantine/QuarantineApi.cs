using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using ToolGate.Gateway.Admin;
using ToolGate.Gateway.Agents;
using ToolGate.Gateway.Problems;

namespace ToolGate.Gateway.Quarantine;

/// <summary>The kill switch over REST: <c>GET /v1/quarantine</c>, <c>POST /v1/agents/{id}/quarantine</c>, <c>POST /v1/agents/{id}/release</c>.</summary>
internal static class QuarantineApi
{
    public static RouteGroupBuilder MapQuarantineApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/quarantine", (QuarantineRegistry registry) => TypedResults.Ok(registry.List()))
            .WithTags("Quarantine").WithSummary("Quarantined agents: since when, why, the rule that tripped, and the evidence (decision ids).");
        var agents = admin.MapGroup("/agents/{id}").WithTags("Quarantine");
        agents.MapPost("/quarantine", QuarantineAsync).Validate<QuarantineChangeRequest>()
            .WithSummary("Quarantine an agent now: every action denied, live tunnels and in-flight tool calls cut. Reason required.");
        agents.MapPost("/release", ReleaseAsync).Validate<QuarantineChangeRequest>()
            .WithSummary("Release a quarantined agent. Reason required; audited.");
        return admin;
    }

    private static async Task<Results<Ok<QuarantineRecord>, Conflict<QuarantineRecord>, ProblemHttpResult>> QuarantineAsync(
        string id, QuarantineChangeRequest request, QuarantineRegistry registry, IAgentStore agents, CancellationToken ct)
    {
        if (!(await agents.ListAsync(ct)).Any(a => a.Id == id))
        {
            return NoSuchAgent(id);
        }

        if (registry.TryGet(id, out var existing))
        {
            return TypedResults.Conflict(existing);
        }

        var quarantined = await registry.QuarantineAsync(id, request.Reason!, Core.Decisions.Rules.Quarantined + ":admin", [], QuarantineRecord.ByAdmin);
        registry.TryGet(id, out var record);
        // Lost a race with the behaviour monitor: the agent is quarantined, by the other one.
        return quarantined ? TypedResults.Ok(record) : TypedResults.Conflict(record);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReleaseAsync(
        string id, QuarantineChangeRequest request, QuarantineRegistry registry, CancellationToken ct) =>
        await registry.ReleaseAsync(id, request.Reason!, ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(ProblemResponses.Create(StatusCodes.Status404NotFound, "Not quarantined",
                $"agent '{id}' is not quarantined", "admin.quarantine", null));

    private static ProblemHttpResult NoSuchAgent(string id) =>
        TypedResults.Problem(ProblemResponses.Create(StatusCodes.Status404NotFound, "No such agent",
            $"there is no agent '{id}'", "admin.quarantine", null));
}

/// <summary>Body of a manual quarantine or a release: why, in words an auditor will read.</summary>
public sealed record QuarantineChangeRequest(string? Reason);

internal sealed class QuarantineChangeRequestValidator : AbstractValidator<QuarantineChangeRequest>
{
    public QuarantineChangeRequestValidator()
    {
        RuleFor(r => r.Reason).NotEmpty().WithMessage("'reason' is required: say why, for the audit trail")
            .MaximumLength(1_000);
    }
}
