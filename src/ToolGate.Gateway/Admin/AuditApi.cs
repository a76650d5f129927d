using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using ToolGate.Core.Audit;
using ToolGate.Gateway.Audit;

namespace ToolGate.Gateway.Admin;

/// <summary>The audit trail for auditors: <c>/v1/audit</c> (filtered, paged by sequence) and <c>/v1/audit/verify</c>.</summary>
internal static class AuditApi
{
    private static readonly string[] Decisions = [AuditDecisions.Allow, AuditDecisions.Deny, AuditDecisions.RateLimited, AuditDecisions.Error, AuditDecisions.Quarantined, AuditDecisions.Released, AuditDecisions.Flagged, AuditDecisions.Approved];

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/audit").WithTags("Audit");
        group.MapGet("/", QueryAsync).WithSummary("Query audit records; pass the response's 'next' as 'cursor' for the next page.");
        group.MapGet("/verify", VerifyAsync).WithSummary("Walk the hash chain and report whether it is intact.");
        return admin;
    }

    private static async Task<Results<Ok<AuditPageView>, ValidationProblem>> QueryAsync(
        IAuditLog audit, CancellationToken ct, string? agentId = null, string? capability = null, string? decision = null,
        string? decisionId = null, string? from = null, string? to = null, int? limit = null, string? cursor = null)
    {
        var errors = new Dictionary<string, string[]>();
        if (decision is not null && !Decisions.Contains(decision))
        {
            errors["decision"] = [$"must be one of {string.Join(", ", Decisions)}"];
        }

        if (limit is < 1 or > AuditFilter.MaxLimit)
        {
            errors["limit"] = [$"must be between 1 and {AuditFilter.MaxLimit}"];
        }

        var fromTime = ParseTime(from, "from", errors);
        var toTime = ParseTime(to, "to", errors);
        long? after = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                after = sequence;
            }
            else
            {
                errors["cursor"] = ["must be the 'next' value of a previous page"];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: "the audit query is not valid; see errors");
        }

        var page = await audit.QueryAsync(new AuditFilter
        {
            AgentId = agentId, Capability = capability, Decision = decision, DecisionId = decisionId,
            From = fromTime, To = toTime, Limit = limit ?? AuditFilter.DefaultLimit, AfterSequence = after,
        }, ct);
        return TypedResults.Ok(new AuditPageView([.. page.Items.Select(AuditRecordView.From)], page.Next?.ToString(CultureInfo.InvariantCulture)));
    }

    private static async Task<Ok<AuditVerificationView>> VerifyAsync(IAuditLog audit, CancellationToken ct)
    {
        var result = await audit.VerifyAsync(ct);
        return TypedResults.Ok(new AuditVerificationView(result.IsValid, result.Records, result.FirstBadSequence, result.Problem));
    }

    private static DateTimeOffset? ParseTime(string? value, string name, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        errors[name] = ["must be an ISO 8601 date-time such as 2026-11-27T12:00:00Z"];
        return null;
    }
}

public sealed record AuditPageView(IReadOnlyList<AuditRecordView> Items, string? Next);

public sealed record AuditRecordView(
    long Sequence, DateTimeOffset Timestamp, string DecisionId, string Stage, string? AgentId, string? Capability, string Decision,
    string Reason, string Rule, string Severity, string? Target, string? ActionDigest, int? Status, long? DurationMs,
    string PreviousHash, string Hash, JsonElement? Detail)
{
    public static AuditRecordView From(AuditRecord r) => new(
        r.Sequence, r.Timestamp, r.Entry.DecisionId, r.Entry.Stage, r.Entry.AgentId, r.Entry.Capability, r.Entry.Decision,
        r.Entry.Reason, r.Entry.Rule, r.Entry.Severity, r.Entry.Target, r.Entry.ActionDigest, r.Entry.Status, r.Entry.DurationMs,
        r.PreviousHash, r.Hash, r.Entry.Detail is { } detail ? JsonSerializer.Deserialize<JsonElement>(detail) : null);
}

public sealed record AuditVerificationView(bool Valid, long Records, long? FirstBadSequence, string? Problem);
