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
    private SqliteCommand? _insert;
    private SqliteParameter[]? _parameters;

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
            return await pending.Completion.Task.WaitAsync(_appendTimeout, _time, CancellationToken.None);
        }
        catch (TimeoutException e)
        {
            throw new AuditUnavailableException($"the audit record was not committed within {_appendTimeout.TotalMilliseconds} ms", e);
        }
    }

    /// <summary>Starts the writer before the listeners open.</summary>
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // A thread of its own: each batch blocks in fsync, which must not hold a thread-pool thread that
        // request continuations need (on a small machine the pool has only a couple of them).
        _writer ??= Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
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
        SqliteConnection? connection = null;
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
                    var records = WriteBatch(connection, batch);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Completion.TrySetResult(records[i]);
                    }
                }
#pragma warning disable CA1031 // Whatever failed, the waiting requests are told and refused; the loop goes on.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Log.AuditAppendFailed(_logger, batch.Count, e);
                    var unavailable = new AuditUnavailableException("the audit record could not be committed", e);
                    batch.ForEach(p => p.Completion.TrySetException(unavailable));
                    _head = null;
                    _insert?.Dispose();
                    _insert = null;
                    connection?.Dispose();
                    connection = null;
                }

                batch.Clear();
            }
        }
        finally
        {
            _insert?.Dispose();
            connection?.Dispose();
        }
    }

    /// <summary>Blocks this thread until entries wait (under load they already do) or the queue is completed.</summary>
    private bool WaitForEntries()
    {
        var wait = _queue.Reader.WaitToReadAsync();
        return wait.IsCompletedSuccessfully ? wait.Result : wait.AsTask().GetAwaiter().GetResult();
    }

    private List<AuditRecord> WriteBatch(SqliteConnection connection, List<PendingAppend> batch)
    {
        var head = _head ?? ReadHead(connection);
        using var transaction = connection.BeginTransaction();
        if (_insert is null)
        {
            // Prepared once per connection and reused by every batch: the hot path only binds and steps.
            _insert = connection.CreateCommand();
            _insert.CommandText = """
                INSERT INTO audit (seq, ts, decision_id, stage, agent_id, capability, decision, reason, rule, severity,
                                   target, action_digest, status, duration_ms, prev_hash, hash, detail)
                VALUES ($seq, $ts, $decision_id, $stage, $agent_id, $capability, $decision, $reason, $rule, $severity,
                        $target, $action_digest, $status, $duration_ms, $prev_hash, $hash, $detail)
                """;
            _parameters = AuditColumns.CreateParameters(_insert);
        }

        var insert = _insert;
        var parameters = _parameters!;
        insert.Transaction = transaction;
        var records = new List<AuditRecord>(batch.Count);
        foreach (var pending in batch)
        {
            var record = AuditChain.Seal(head.Sequence + 1, _time.GetUtcNow(), pending.Entry, head.Hash);
            AuditColumns.Bind(parameters, record);
            insert.ExecuteNonQuery();
            records.Add(record);
            head = (record.Sequence, record.Hash);
        }

        transaction.Commit();
        _head = head;
        return records;
    }

    private static (long Sequence, string Hash) ReadHead(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditChain.Genesis);
    }

    private sealed record PendingAppend(AuditEntry Entry, TaskCompletionSource<AuditRecord> Completion);
}
