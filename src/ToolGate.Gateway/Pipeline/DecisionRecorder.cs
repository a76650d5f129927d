using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ToolGate.Core;
using ToolGate.Core.Actions;
using ToolGate.Core.Audit;
using ToolGate.Core.Decisions;
using ToolGate.Core.Grants;
using ToolGate.Gateway.Audit;
using ToolGate.Gateway.Logging;
using ToolGate.Gateway.Problems;
using ToolGate.Gateway.Quarantine;

namespace ToolGate.Gateway.Pipeline;

/// <summary>
/// Writes a decision where it must go: the audit trail first (durably, or the action is refused), then the
/// structured log event that Seq receives. Also answers refused calls with problem details.
/// </summary>
internal sealed class DecisionRecorder(IAuditLog audit, BehaviourWatch behaviour, ILogger<DecisionRecorder> logger)
{
    public const int MaxTargetLength = 512;

    /// <summary>False when the audit trail could not take the record: the caller must refuse the action.</summary>
    public async Task<bool> TryRecordAsync(AuditEntry entry)
    {
        var level = LevelOf(entry);
        if (logger.IsEnabled(level))
        {
            Log.Decision(logger, level, entry.Decision, entry.Capability, entry.AgentId, entry.Reason, entry.Rule,
                entry.Severity, entry.DecisionId, entry.Stage, entry.Target);
        }

        bool recorded;
        try
        {
            await audit.AppendAsync(entry, CancellationToken.None);
            recorded = true;
        }
        catch (AuditUnavailableException)
        {
            recorded = false;
        }

        // After the append, so a quarantine cites evidence already in the trail; even when it failed, since a
        // critical attempt must still stop the agent.
        behaviour.Observe(entry);
        return recorded;
    }

    /// <summary>Records a refusal and answers it: <paramref name="status"/>, or 503 if it could not be audited.</summary>
    public async Task RefuseAsync(HttpContext context, string decisionId, AuditEntry entry, int status)
    {
        if (!await TryRecordAsync(entry))
        {
            await WriteAuditUnavailableAsync(context, decisionId);
            return;
        }

        var title = status switch
        {
            StatusCodes.Status403Forbidden => "Action denied",
            StatusCodes.Status429TooManyRequests => "Rate limit exceeded",
            StatusCodes.Status503ServiceUnavailable => "Cannot decide",
            _ => "Action not classifiable",
        };
        await ProblemResponses.WriteAsync(context, status, title, entry.Reason, entry.Rule, decisionId);
    }

    public static Task WriteAuditUnavailableAsync(HttpContext context, string decisionId) =>
        ProblemResponses.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Audit unavailable",
            "the decision could not be written to the audit trail, so the action is refused", Rules.AuditUnavailable, decisionId);

    public static AuditEntry Entry(string stage, string decisionId, string? agentId, ToolAction? action, string decision, string reason, string rule, Severity severity) =>
        new()
        {
            DecisionId = decisionId,
            Stage = stage,
            AgentId = agentId,
            Capability = action?.Capability.ToName(),
            Decision = decision,
            Reason = reason,
            Rule = rule,
            Severity = SeverityName(severity),
            Target = action is null ? null : Truncate(action.Target),
            ActionDigest = action is null ? null : ActionDigest.Compute(action),
        };

    public static AuditEntry Entry(string stage, string decisionId, string agentId, ToolAction action, Verdict verdict) =>
        Entry(stage, decisionId, agentId, action, verdict.IsAllowed ? AuditDecisions.Allow : AuditDecisions.Deny, verdict.Reason, verdict.Rule, verdict.Severity);

    /// <summary>The record of an action refused by its grant's rate limit.</summary>
    public static AuditEntry RateLimited(string decisionId, string agentId, ToolAction action, Grant grant) =>
        Entry(AuditStages.Decision, decisionId, agentId, action, AuditDecisions.RateLimited,
            $"rate limit of grant {grant.Id} exceeded: {grant.RateLimit!.Permits} per {grant.RateLimit.WindowSeconds}s",
            Rules.RateLimited + ":" + grant.Id, Severity.Low);

    /// <summary>The record of an action refused by the operator's per-agent limit.</summary>
    public static AuditEntry RateLimitedAgent(string decisionId, string agentId, ToolAction action, RateLimitSpec limit) =>
        Entry(AuditStages.Decision, decisionId, agentId, action, AuditDecisions.RateLimited,
            $"agent {agentId} is over its overall limit of {limit.Permits} actions per {limit.WindowSeconds}s",
            Rules.RateLimited + ":" + Limit.GrantRateLimiter.AgentRule, Severity.Low);

    /// <summary>The <c>Retry-After</c> value for a wait: whole seconds, at least one.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The audit detail of a network decision: the address that will be dialled.</summary>
    public static string AddressDetail(IPEndPoint address) =>
        JsonSerializer.Serialize(new AddressDetailView(address.ToString()), AuditDetailContext.Default.AddressDetailView);

    /// <summary>The audit spelling of a severity, without formatting an enum on every call.</summary>
    public static string SeverityName(Severity severity) => severity switch
    {
        Severity.None => "none",
        Severity.Low => "low",
        Severity.High => "high",
        Severity.Critical => "critical",
        _ => severity.ToString().ToLowerInvariant(),
    };

    private static string Truncate(string target) => target.Length <= MaxTargetLength ? target : target[..MaxTargetLength] + "…";

    private static LogLevel LevelOf(AuditEntry entry) => entry.Decision switch
    {
        AuditDecisions.Allow when entry.Severity is "high" or "critical" => LogLevel.Warning, // break-glass use
        AuditDecisions.Allow => LogLevel.Information,
        _ when entry.Severity == "critical" => LogLevel.Error,
        _ => LogLevel.Warning,
    };
}

internal sealed record AddressDetailView(string Address);

/// <summary>The detail of an egress outcome: where it went, how much moved each way, and why it ended.</summary>
internal sealed record TunnelDetailView(string Address, long BytesUp, long BytesDown, string ClosedBy);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(AddressDetailView))]
[JsonSerializable(typeof(TunnelDetailView))]
internal sealed partial class AuditDetailContext : JsonSerializerContext;
