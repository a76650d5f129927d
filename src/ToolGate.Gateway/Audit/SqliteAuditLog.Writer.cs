using Microsoft.Data.Sqlite;
using ToolGate.Core.Audit;
using ToolGate.Gateway.Logging;

namespace ToolGate.Gateway.Audit;

/// <summary>The writer thread: batches, chains, inserts, commits, then releases whoever waits.</summary>
internal sealed partial class SqliteAuditLog
{
    private void WriteLoop()
    {
        var batch = new List<PendingAppend>(_maxBatch);
        var records = new AuditRecord[_maxBatch];
        SqliteConnection? connection = null;
        AuditInsertStatements? statements = null;
        Task<bool>? wait = null;
        var open = true;
        try
        {
            while (open || !_detached.IsEmpty)
            {
                var awaited = TakeAwaited(batch);
                if (awaited == 0 && open && !DetachedDue())
                {
                    open = WaitForWork(ref wait);
                    continue;
                }

                // Detached records ride along with the awaited ones: one commit, one fsync, for both.
                TakeDetached(batch);
                if (batch.Count == 0)
                {
                    continue;
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
                Release(batch, records, failure: null);
                batch.Clear();
            }
        }
        finally
        {
            statements?.Dispose();
            connection?.Dispose();
        }
    }

    /// <summary>Moves queued awaited records into the batch (wake-ups are dropped); returns how many it moved.</summary>
    private int TakeAwaited(List<PendingAppend> batch)
    {
        var taken = 0;
        while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var pending))
        {
            if (!ReferenceEquals(pending, PendingAppend.WakeUp))
            {
                batch.Add(pending);
                taken++;
            }
        }

        return taken;
    }

    private void TakeDetached(List<PendingAppend> batch)
    {
        while (batch.Count < _maxBatch && _detached.TryDequeue(out var pending))
        {
            Interlocked.Decrement(ref _detachedCount);
            batch.Add(pending);
        }
    }

    /// <summary>Detached records must be committed now: the oldest has waited long enough, or a batch is full of them.</summary>
    private bool DetachedDue() =>
        _detached.TryPeek(out var oldest)
        && (Volatile.Read(ref _detachedCount) >= _maxBatch || _time.GetElapsedTime(oldest.Queued) >= DetachedCommitDelay);

    /// <summary>
    /// Blocks this thread until an awaited record is queued or, when detached records wait, until the oldest is due.
    /// False once the queue is completed and empty. An unfinished wait is kept in <paramref name="wait"/> for the next call:
    /// the channel allows one reader wait at a time.
    /// </summary>
    private bool WaitForWork(ref Task<bool>? wait)
    {
        if (wait is null)
        {
            var next = _queue.Reader.WaitToReadAsync();
            if (next.IsCompleted)
            {
                return next.Result;
            }

            wait = next.AsTask();
        }

        if (_detached.TryPeek(out var oldest))
        {
            var remaining = DetachedCommitDelay - _time.GetElapsedTime(oldest.Queued);
            if (remaining > TimeSpan.Zero)
            {
                using var timeout = new CancellationTokenSource();
                Task.WhenAny(wait, Task.Delay(remaining, _time, timeout.Token)).GetAwaiter().GetResult();
                timeout.Cancel();
            }

            if (!wait.IsCompleted)
            {
                return true;
            }
        }

        var open = wait.GetAwaiter().GetResult();
        wait = null;
        return open;
    }

    private void Fail(List<PendingAppend> batch, Exception e)
    {
        Log.AuditAppendFailed(_logger, batch.Count, e);
        var unavailable = new AuditUnavailableException("the audit record could not be committed", e);
        foreach (var pending in batch)
        {
            if (pending.Completion is null)
            {
                Log.OutcomeAuditFailed(_logger, pending.Entry.DecisionId, unavailable);
            }
        }

        Release(batch, records: null, unavailable);
    }

    /// <summary>Hands the batch's waiters to the pool, with their records (in batch order) or the failure.</summary>
    private static void Release(List<PendingAppend> batch, AuditRecord[]? records, AuditUnavailableException? failure)
    {
        var count = 0;
        foreach (var pending in batch)
        {
            count += pending.Completion is null ? 0 : 1;
        }

        if (count == 0)
        {
            return;
        }

        var waiters = new TaskCompletionSource<AuditRecord>[count];
        var committed = records is null ? null : new AuditRecord[count];
        var w = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Completion is { } completion)
            {
                waiters[w] = completion;
                if (committed is not null)
                {
                    committed[w] = records![i];
                }

                w++;
            }

            if (records is not null)
            {
                records[i] = null!;
            }
        }

        AuditWaiterRelease.Queue(waiters, committed, failure);
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
}
