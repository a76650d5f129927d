using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ToolGate.Core.Audit;
using ToolGate.Core.Behaviour;
using ToolGate.Core.Decisions;
using ToolGate.Gateway.Alerts;
using ToolGate.Gateway.Audit;
using ToolGate.Gateway.Egress;
using ToolGate.Gateway.Logging;

namespace ToolGate.Gateway.Quarantine;

/// <summary>
/// The kill switch. Which agents are quarantined, checked on every decision from memory; the store behind it keeps
/// quarantines across restarts (loaded before the listeners open). Quarantining takes effect in memory at once
/// (later actions denied, live tunnels and in-flight calls cut) and is then stored, audited and alerted.
/// </summary>
internal sealed class QuarantineRegistry(
    IQuarantineStore store,
    IAuditLog audit,
    AgentCutoffs cutoffs,
    EgressTunnels tunnels,
    BehaviourMonitor monitor,
    AlertDispatcher alerts,
    TimeProvider time,
    ILogger<QuarantineRegistry> logger) : IHostedLifecycleService
{
    private readonly ConcurrentDictionary<string, QuarantineRecord> _active = new(StringComparer.Ordinal);

    public bool TryGet(string agentId, out QuarantineRecord record) => _active.TryGetValue(agentId, out record!);

    public IReadOnlyList<QuarantineRecord> List() => [.. _active.Values.OrderBy(r => r.Since)];

    /// <summary>The denial every action of a quarantined agent gets.</summary>
    public static Verdict Denial(QuarantineRecord record) =>
        Verdict.Deny($"quarantined since {record.Since:u} ({record.By}): {record.Reason}", Rules.Quarantined, Severity.High);

    /// <summary>
    /// Quarantines the agent. Everything that stops it happens before the first await, so a caller that does not
    /// wait (the decision path) has still stopped the agent when this returns. False if it was already quarantined.
    /// </summary>
    public async Task<bool> QuarantineAsync(string agentId, string reason, string rule, IReadOnlyList<string> evidence, string by)
    {
        var record = new QuarantineRecord(agentId, time.GetUtcNow(), reason, rule, evidence, by);
        if (!_active.TryAdd(agentId, record))
        {
            return false;
        }

        cutoffs.Cut(agentId);
        var cut = tunnels.CutAgent(agentId, "agent quarantined");
        Log.AgentQuarantined(logger, agentId, by, reason, rule, cut, evidence);
        alerts.Raise(new Alert(Guid.CreateVersion7(record.Since).ToString(), AlertKinds.Quarantine, agentId, "critical",
            $"agent {agentId} quarantined: {reason}", rule, Quarantined: true, evidence, record.Since));

        try
        {
            await store.TryAddAsync(record, CancellationToken.None);
            if (!_active.ContainsKey(agentId))
            {
                // Released while it was being stored: the stored row must not bring the quarantine back at restart.
                await store.RemoveAsync(agentId, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
        {
            // Still quarantined in memory (fail closed); only a restart would forget it, and the log says so.
            Log.QuarantineStoreFailed(logger, agentId, e);
        }

        await AppendAsync(record.Since, agentId, AuditDecisions.Quarantined, reason, rule, Severity.Critical, new(by, evidence));
        return true;
    }

    /// <summary>Lifts the quarantine: stored state first, so a failure leaves the agent quarantined.</summary>
    public async Task<bool> ReleaseAsync(string agentId, string reason, CancellationToken cancellationToken)
    {
        if (!_active.ContainsKey(agentId))
        {
            return false;
        }

        await store.RemoveAsync(agentId, cancellationToken);
        if (!_active.TryRemove(agentId, out var record))
        {
            return false;
        }

        cutoffs.Restore(agentId);
        monitor.Reset(agentId);
        Log.AgentReleased(logger, agentId, reason);
        var now = time.GetUtcNow();
        alerts.Raise(new Alert(Guid.CreateVersion7(now).ToString(), AlertKinds.Release, agentId, "high",
            $"agent {agentId} released by an admin: {reason}", Rules.Quarantined, Quarantined: false, record.Evidence, now));
        await AppendAsync(now, agentId, AuditDecisions.Released, reason, Rules.Quarantined, Severity.High, new(QuarantineRecord.ByAdmin, record.Evidence));
        return true;
    }

    /// <summary>Loads stored quarantines before any listener accepts a connection (Starting runs before every Start).</summary>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        foreach (var record in await store.ListAsync(cancellationToken))
        {
            _active[record.AgentId] = record;
            cutoffs.Cut(record.AgentId);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task AppendAsync(DateTimeOffset at, string agentId, string decision, string reason, string rule, Severity severity, QuarantineDetail detail)
    {
        var entry = new AuditEntry
        {
            DecisionId = Guid.CreateVersion7(at).ToString(),
            Stage = AuditStages.Quarantine,
            AgentId = agentId,
            Capability = null,
            Decision = decision,
            Reason = reason,
            Rule = rule,
            Severity = severity.ToString().ToLowerInvariant(),
            Detail = JsonSerializer.Serialize(detail, QuarantineDetailContext.Default.QuarantineDetail),
        };
        try
        {
            await audit.AppendAsync(entry, CancellationToken.None);
        }
        catch (AuditUnavailableException e)
        {
            Log.OutcomeAuditFailed(logger, entry.DecisionId, e);
        }
    }
}

/// <summary>The audit detail of a quarantine or release: who did it and the decisions that were the evidence.</summary>
internal sealed record QuarantineDetail(string By, IReadOnlyList<string> Evidence);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(QuarantineDetail))]
internal sealed partial class QuarantineDetailContext : System.Text.Json.Serialization.JsonSerializerContext;
