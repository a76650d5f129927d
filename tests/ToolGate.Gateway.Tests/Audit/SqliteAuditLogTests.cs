using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ToolGate.Core.Audit;
using ToolGate.Gateway.Audit;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Storage;

namespace ToolGate.Gateway.Tests.Audit;

/// <summary>
/// The audit writer on its own: awaited records, records nobody waits for, and both in one chain. The clock is fake, so a
/// queued record is committed by time only when a test moves the clock.
/// </summary>
public sealed class SqliteAuditLogTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "toolgate-audit-" + Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new();
    private SqliteAuditLog _log = null!;

    public async Task InitializeAsync()
    {
        var options = Options.Create(new ToolGateOptions { DataDirectory = _root });
        _log = new SqliteAuditLog(new SqliteDatabase(options), _time, options, NullLogger<SqliteAuditLog>.Instance);
        await _log.StartingAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _log.StoppedAsync(CancellationToken.None);
        await _log.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Enqueue_WithNothingAwaited_IsCommittedAfterTheDelay()
    {
        _log.Enqueue(Entry("d-1", AuditStages.Outcome));
        await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        Assert.Empty((await _log.QueryAsync(new AuditFilter(), CancellationToken.None)).Items);

        _time.Advance(SqliteAuditLog.DetachedCommitDelay);

        var start = TimeProvider.System.GetTimestamp();
        AuditPage page;
        while ((page = await _log.QueryAsync(new AuditFilter(), CancellationToken.None)).Items.Count == 0)
        {
            Assert.True(TimeProvider.System.GetElapsedTime(start) < TimeSpan.FromSeconds(5), "the queued record was never committed");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
            _time.Advance(TimeSpan.FromMilliseconds(10)); // in case the writer had not yet set its timer when the clock moved
        }

        Assert.Equal("d-1", Assert.Single(page.Items).Entry.DecisionId);
    }

    [Fact]
    public async Task Enqueue_RidesWithTheNextAwaitedRecord_InTheSameCommit()
    {
        _log.Enqueue(Entry("d-1", AuditStages.Outcome));
        var decision = await _log.AppendAsync(Entry("d-2", AuditStages.Decision), CancellationToken.None);

        // Committed with the awaited record, in the same batch, though the clock never reached the delay. (Within a batch the
        // awaited records come first; an outcome still follows its own decision, which committed before it was queued.)
        var page = await _log.QueryAsync(new AuditFilter(), CancellationToken.None);
        Assert.Equal(["d-2", "d-1"], page.Items.Select(r => r.Entry.DecisionId));
        Assert.Equal(1, decision.Sequence);
    }

    [Fact]
    public async Task AwaitedAndQueuedRecords_FromManyCallers_FormOneValidChain()
    {
        await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var decision = await _log.AppendAsync(Entry($"d-{i}", AuditStages.Decision), CancellationToken.None);
            _log.Enqueue(decision.Entry with { Stage = AuditStages.Outcome, Status = 201, DurationMs = 1 });
        }));
        await _log.AppendAsync(Entry("last", AuditStages.Decision), CancellationToken.None);

        var verification = await _log.VerifyAsync(CancellationToken.None);
        Assert.True(verification.IsValid);
        Assert.Equal(401, verification.Records);
        foreach (var i in new[] { 0, 99, 199 })
        {
            var call = await _log.QueryAsync(new AuditFilter { DecisionId = $"d-{i}" }, CancellationToken.None);
            // Each outcome follows its own decision in the chain.
            Assert.Equal([AuditStages.Decision, AuditStages.Outcome], call.Items.Select(r => r.Entry.Stage));
        }
    }

    private static AuditEntry Entry(string decisionId, string stage) => new()
    {
        DecisionId = decisionId,
        Stage = stage,
        AgentId = "agent",
        Capability = "compute",
        Decision = AuditDecisions.Allow,
        Reason = "within grant",
        Rule = "grant:g-1",
        Severity = "none",
        Target = "registry.local/train:v1 gpus=1 duration=60s",
    };
}
