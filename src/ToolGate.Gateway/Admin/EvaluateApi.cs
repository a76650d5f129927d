using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ToolGate.Core;
using ToolGate.Core.Audit;
using ToolGate.Core.Decisions;
using ToolGate.Gateway.Classify;
using ToolGate.Gateway.Grants;
using ToolGate.Gateway.Pipeline;
using ToolGate.Gateway.Policies;
using ToolGate.Gateway.Problems;

namespace ToolGate.Gateway.Admin;

/// <summary>
/// <c>POST /v1/evaluate</c>: the exact decision the gateway would take for an action, from the same
/// decision engine and snapshot, without forwarding. Audited as an evaluation.
/// </summary>
internal static class EvaluateApi
{
    public static RouteGroupBuilder MapEvaluateApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/evaluate", EvaluateAsync).Validate<EvaluateRequest>().WithTags("Evaluate")
            .WithSummary("Dry-run a decision: what would the gateway decide for this agent and action?");
        return admin;
    }

    private static async Task<Results<Ok<EvaluateResponse>, ProblemHttpResult>> EvaluateAsync(
        EvaluateRequest request, PolicySnapshotProvider policies, DecisionRecorder recorder, TimeProvider time)
    {
        var action = ReadAction(request.Action, out var error);
        if (action is null)
        {
            return TypedResults.Problem(ProblemResponses.Create(StatusCodes.Status400BadRequest, "Action not classifiable", error, Rules.Unclassifiable, null));
        }

        var decisionId = Guid.CreateVersion7(time.GetUtcNow()).ToString();
        var verdict = DecisionEngine.Decide(request.AgentId!, action, policies.Current, time.GetUtcNow());
        if (!await recorder.TryRecordAsync(DecisionRecorder.Entry(AuditStages.Evaluation, decisionId, request.AgentId!, action, verdict)))
        {
            return TypedResults.Problem(ProblemResponses.Create(StatusCodes.Status503ServiceUnavailable, "Audit unavailable",
                "the evaluation could not be written to the audit trail", Rules.AuditUnavailable, decisionId));
        }

        return TypedResults.Ok(new EvaluateResponse(
            verdict.IsAllowed ? AuditDecisions.Allow : AuditDecisions.Deny, verdict.Reason, verdict.Rule,
            verdict.Severity.ToString().ToLowerInvariant(), decisionId));
    }

    /// <summary>Evaluation actions name their kind and use Core's field names (network: <c>target</c>).</summary>
    private static Core.Actions.ToolAction? ReadAction(JsonElement action, out string error)
    {
        if (action.ValueKind != JsonValueKind.Object || !action.TryGetProperty("kind", out var kindElement)
            || kindElement.ValueKind != JsonValueKind.String || !CapabilityNames.TryParse(kindElement.GetString(), out var kind))
        {
            error = "'action.kind' must be shell, network or compute";
            return null;
        }

        return ActionReader.Read(action, new ActionFields(kind) { Target = "target" }, out error);
    }
}

public sealed record EvaluateRequest(string? AgentId, JsonElement Action);

public sealed record EvaluateResponse(string Decision, string Reason, string Rule, string Severity, string DecisionId);

internal sealed class EvaluateRequestValidator : AbstractValidator<EvaluateRequest>
{
    public EvaluateRequestValidator()
    {
        RuleFor(r => r.AgentId).NotEmpty().Matches(GrantRequestValidator.AgentIdPattern);
        RuleFor(r => r.Action.ValueKind).Equal(JsonValueKind.Object).OverridePropertyName("action")
            .WithMessage("'action' must be an object such as {\"kind\": \"shell\", \"command\": \"git status\"}");
    }
}
