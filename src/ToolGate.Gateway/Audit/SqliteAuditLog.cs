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
/// </summary>
internal sealed partial class SqliteAuditLog : IAuditLog, IHostedLifecycleService, IAsyncDisposable
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILogger<SqliteAuditLog> _logger;
    private readonly int _maxBatch;
    private readonly TimeSpan _appendTimeout;
    private readonly Channel<PendingAppend> _queue = Channel.CreateBounded<PendingAppend>(
        new BoundedChannelOptions(65_536) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

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
        var pending = new PendingAppend(entry, new TaskCompletionSource<AuditRecord>(TaskCreationOptions.RunContinuationsAsynchronously));
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
        // Nobody waits: no completion to signal, so the writer wakes no thread for it; a failure is logged there.
        var pending = new PendingAppend(entry, Completion: null);
        if (_writer is null)
        {
            Log.OutcomeAuditFailed(_logger, entry.DecisionId, new AuditUnavailableException("the audit writer is not running"));
        }
        else if (!_queue.Writer.TryWrite(pending))
        {
            _ = EnqueueWhenRoomAsync(pending);
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
                WriteLoop();
                stopped.SetResult();
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
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer;
        }
    }

    private void WriteLoop()
    {
        var batch = new List<PendingAppend>(_maxBatch);
        var records = new AuditRecord[_maxBatch];
        SqliteConnection? connection = null;
        AuditInsertStatements? statements = null;
        try
        {
            while (WaitForEntries())
            {
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                try
                {
                    connection ??= _database.Open();
                    statements ??= new AuditInsertStatements(connection, _appendTimeout);
                    WriteBatch(connection, statements, batch, records);
                }
#pragma warning disable CA1031 // Whatever failed, the waiting requests are told and refused; the loop goes on.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Fail(batch, e);
                    statements?.RollbackQuietly();
                    _head = null;
                    statements?.Dispose();
                    statements = null;
                    connection?.Dispose();
                    connection = null;
                    batch.Clear();
                    continue;
                }

                // Released only after the commit returned: a waiter that resumes may forward its action.
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion?.TrySetResult(records[i]);
                    records[i] = null!;
                }

                batch.Clear();
            }
        }
        finally
        {
            statements?.Dispose();
            connection?.Dispose();
        }
    }

    private void Fail(List<PendingAppend> batch, Exception e)
    {
        Log.AuditAppendFailed(_logger, batch.Count, e);
        var unavailable = new AuditUnavailableException("the audit record could not be committed", e);
        foreach (var pending in batch)
        {
            if (pending.Completion is { } completion)
            {
                completion.TrySetException(unavailable);
            }
            else
            {
                Log.OutcomeAuditFailed(_logger, pending.Entry.DecisionId, unavailable);
            }
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

    /// <summary>Blocks this thread until entries wait (under load they already do) or the queue is completed.</summary>
    private bool WaitForEntries()
    {
        var wait = _queue.Reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Chains, inserts and commits one batch; <paramref name="records"/> receives the sealed records in order.</summary>
    private void WriteBatch(SqliteConnection connection, AuditInsertStatements statements, List<PendingAppend> batch, AuditRecord[] records)
    {
        var head = _head ?? ReadHead(connection);
        statements.Begin();
        for (var i = 0; i < batch.Count; i++)
        {
            var record = AuditChain.Seal(head.Sequence + 1, _time.GetUtcNow(), batch[i].Entry, head.Hash);
            statements.Insert(record);
            records[i] = record;
            head = (record.Sequence, record.Hash);
        }

        statements.Commit();
        _head = head;
    }

    private static (long Sequence, string Hash) ReadHead(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditChain.Genesis);
    }

    /// <summary>An entry on its way to the writer; <paramref name="Completion"/> is null when nobody waits for it.</summary>
    private sealed record PendingAppend(AuditEntry Entry, TaskCompletionSource<AuditRecord>? Completion);
}
