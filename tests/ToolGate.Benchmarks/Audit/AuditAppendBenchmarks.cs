using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ToolGate.Core.Audit;
using ToolGate.Gateway.Audit;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Storage;

namespace ToolGate.Benchmarks.Audit;

/// <summary>
/// Throughput of the SQLite audit trail's group commit (synchronous=FULL, so every commit is an fsync), on a
/// real file in a temporary data directory. One invocation appends <see cref="Entries"/> records; the
/// reported time is per record and <c>Op/s</c> is records per second.
/// <list type="bullet">
/// <item>sequential: await each append before the next, one record per commit (no grouping possible);</item>
/// <item>32 in flight: 32 callers appending in turn, like the gateway under 32 connections;</item>
/// <item>all at once: every append started, then <c>Task.WhenAll</c> (batches up to MaxBatchSize);</item>
/// <item>allowed calls: 32 callers, each awaiting a decision record and then queuing its outcome record without
/// waiting (<see cref="IAuditLog.Enqueue"/>), as the gateway does per forwarded call. Time is per record (two per call).</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class AuditAppendBenchmarks
{
    public const int Entries = 256;
    private const int InFlight = 32;

    private readonly AuditEntry[] _entries = CreateEntries();
    private string _root = null!;
    private SqliteAuditLog _log = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _root = Path.Combine(Path.GetTempPath(), "toolgate-bench-audit-" + Guid.NewGuid().ToString("N"));
        var options = Options.Create(new ToolGateOptions { DataDirectory = Path.Combine(_root, "data") });
        _log = new SqliteAuditLog(new SqliteDatabase(options), TimeProvider.System, options, NullLogger<SqliteAuditLog>.Instance);
        await _log.StartingAsync(CancellationToken.None);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _log.StoppedAsync(CancellationToken.None);
        await _log.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Entries, Description = "sequential (await each)")]
    public async Task Sequential()
    {
        foreach (var entry in _entries)
        {
            await _log.AppendAsync(entry, CancellationToken.None);
        }
    }

    [Benchmark(OperationsPerInvoke = Entries, Description = "32 in flight")]
    public Task ThirtyTwoInFlight() => Task.WhenAll(Enumerable.Range(0, InFlight).Select(async worker =>
    {
        for (var i = worker; i < _entries.Length; i += InFlight)
        {
            await _log.AppendAsync(_entries[i], CancellationToken.None);
        }
    }));

    [Benchmark(OperationsPerInvoke = Entries, Description = "all at once (Task.WhenAll)")]
    public Task Concurrent() => Task.WhenAll(_entries.Select(entry => _log.AppendAsync(entry, CancellationToken.None)));

    [Benchmark(OperationsPerInvoke = Entries, Description = "allowed calls: 32 in flight, decision awaited + outcome queued")]
    public async Task AllowedCalls()
    {
        await Task.WhenAll(Enumerable.Range(0, InFlight).Select(async worker =>
        {
            for (var i = worker; i < _entries.Length / 2; i += InFlight)
            {
                var decision = await _log.AppendAsync(_entries[i], CancellationToken.None);
                _log.Enqueue(decision.Entry with { Stage = AuditStages.Outcome, Status = 201, DurationMs = 1 });
            }
        }));

        // The invocation ends when its outcomes are committed too: one more awaited record carries them.
        await _log.AppendAsync(_entries[^1], CancellationToken.None);
    }

    /// <summary>Decision records shaped like the gateway's: a v7 decision id, a grant rule, a target and a digest.</summary>
    private static AuditEntry[] CreateEntries() =>
    [
        .. Enumerable.Range(0, Entries).Select(i => new AuditEntry
        {
            DecisionId = Guid.CreateVersion7().ToString(),
            Stage = AuditStages.Decision,
            AgentId = "bench-agent",
            Capability = "compute",
            Decision = AuditDecisions.Allow,
            Reason = "within compute grant (8 GPUs, 3600s)",
            Rule = "grant:g-0197a3c2f1b87c4e9d0a1b2c3d4e5f60",
            Severity = "none",
            Target = $"registry.local/train:v{i} gpus=1 duration=60s",
            ActionDigest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))),
        }),
    ];
}
