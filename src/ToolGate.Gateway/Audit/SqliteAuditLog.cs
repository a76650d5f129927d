using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ToolGate.Core.Audit;
using ToolGate.Gateway.Hosting;
using ToolGate.Gateway.Logging;
using ToolGate.Gateway.Storage;

namespace ToolGate.Gateway.Audit;

/// <summary>
/// The audit trail in SQLite with group commit: requests queue their entries, one writer takes whatever is
/// waiting (up to a batch), chains and inserts them in one transaction, commits (synchronous=FULL), and
/// only then releases the requests. Many requests share one fsync, so the audit is not the bottleneck.
/// Records nobody waits for (<see cref="Enqueue"/>) do not cause a commit of their own: they ride along with
/// the next awaited record, or are committed after <see cref="DetachedCommitDelay"/> at the latest.
/// </summary>
internal sealed partial class SqliteAuditLog : IAuditLog, IHostedLifecycleService, IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteAuditLog> _logger;
    private readonly int _maxBatch;
    private readonly TimeSpan _appendTimeout;
    /// <summary>
    /// How long a record nobody waits for may stay uncommitted when no awaited record comes to carry it. On this
    /// kind of machine a commit (its fsync) costs about 200 µs of CPU, so outcomes must not each pay for one.
    /// </summary>
    public static readonly TimeSpan DetachedCommitDelay = TimeSpan.FromMilliseconds(50);

    private const int QueueCapacity = 65_536;

    /// <summary>Awaited records (and wake-ups for detached ones): the writer sleeps on this queue.</summary>
    private readonly Channel<PendingAppend> _queue = Channel.CreateBounded<PendingAppend>(
        new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Records nobody waits for; adding one does not wake the writer unless the queue was empty.</summary>
    private readonly ConcurrentQueue<PendingAppend> _detached = new();
    private int _detachedCount;

    private Task? _writer;
    private (long Sequence, string Hash)? _head;

    public SqliteAuditLog(SqliteDatabase database, TimeProvider time, IOptions<ToolGateOptions> options, ILogger<SqliteAuditLog> logger)
    {
        _database = database;
        _time = time;
        _logger = logger;
        _maxBatch = options.Value.Audit.MaxBatchSize;
        _appendTimeout = TimeSpan.FromMilliseconds(options.Value.Audit.AppendTimeoutMilliseconds);
    }

    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        // Synchronous continuations: the writer hands completions to pool work items (AuditWaiterRelease), never runs them.
        var pending = new PendingAppend(entry, new TaskCompletionSource<AuditRecord>(), 0);
        if (_writer is null || !_queue.Writer.TryWrite(pending))
        {
            if (_writer is null)
            {
                throw new AuditUnavailableException("the audit writer is not running");
            }

            await _queue.Writer.WriteAsync(pending, cancellationToken);
        }

        try
        {
            // Not cancelled with the request: once queued, the record is written whether or not anyone waits.
            return await pending.Completion!.Task.WaitAsync(_appendTimeout, _time, CancellationToken.None);
        }
        catch (TimeoutException e)
        {
            throw new AuditUnavailableException($"the audit record was not committed within {_appendTimeout.TotalMilliseconds} ms", e);
        }
    }

    public void Enqueue(AuditEntry entry)
    {
        if (_writer is null || _queue.Reader.Completion.IsCompleted)
        {
            Log.OutcomeAuditFailed(_logger, entry.DecisionId, new AuditUnavailableException("the audit writer is not running"));
            return;
        }

        var pending = new PendingAppend(entry, Completion: null, _time.GetTimestamp());
        var count = Interlocked.Increment(ref _detachedCount);
        if (count > QueueCapacity)
        {
            // Far behind: queue it like an awaited record, so it waits for room instead of growing without bound.
            Interlocked.Decrement(ref _detachedCount);
            if (!_queue.Writer.TryWrite(pending))
            {
                _ = EnqueueWhenRoomAsync(pending);
            }

            return;
        }

        _detached.Enqueue(pending);
        if (count == 1)
        {
            // The first one since the writer last took them: make sure a sleeping writer starts its commit delay.
            _queue.Writer.TryWrite(PendingAppend.WakeUp);
        }
    }

    /// <summary>Starts the writer before the listeners open.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // A thread of its own: each batch blocks in fsync, which must not hold a thread-pool thread that
        // request continuations need (on a small machine the pool has only a couple of them).
        if (_writer is null)
        {
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(() =>
            {
                try
                {
                    WriteLoop();
                    stopped.SetResult();
                }
#pragma warning disable CA1031 // Handed to whoever waits for the writer, as a faulted task would be, not thrown on a bare thread.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    stopped.SetException(e);
                }
            })
            {
                // Named, so per-thread CPU (top -H, /proc/<pid>/task, perf) shows what the audit costs.
                Name = "toolgate-audit",
                IsBackground = true,
            };
            thread.Start();
            _writer = stopped.Task;
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Drains the queue after the listeners have closed, so no accepted record is lost.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer.WaitAsync(cancellationToken);
            ReportUnwritten();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer;
            ReportUnwritten();
        }
    }

    /// <summary>A detached record queued while the writer was finishing is not written; it is at least logged.</summary>
    private void ReportUnwritten()
    {
        while (_detached.TryDequeue(out var pending))
        {
            Log.OutcomeAuditFailed(_logger, pending.Entry.DecisionId, new AuditUnavailableException("the audit writer had stopped"));
        }
    }

    private async Task EnqueueWhenRoomAsync(PendingAppend pending)
    {
        try
        {
            await _queue.Writer.WriteAsync(pending, CancellationToken.None);
        }
        catch (ChannelClosedException e)
        {
            Log.OutcomeAuditFailed(_logger, pending.Entry.DecisionId, new AuditUnavailableException("the audit writer has stopped", e));
        }
    }

    /// <summary>An entry on its way to the writer; <paramref name="Completion"/> is null when nobody waits for it.</summary>
    /// <param name="Queued">For detached entries: when it was queued (<see cref="TimeProvider.GetTimestamp"/>).</param>
    private sealed record PendingAppend(AuditEntry Entry, TaskCompletionSource<AuditRecord>? Completion, long Queued)
    {
        /// <summary>Not a record: tells a sleeping writer that detached records wait.</summary>
        public static readonly PendingAppend WakeUp = new(null!, null, 0);
    }
}
