using Microsoft.Data.Sqlite;
using SQLitePCL;
using ToolGate.Core.Audit;

namespace ToolGate.Gateway.Audit;

/// <summary>
/// The audit writer's statements, prepared once on its connection and driven through SQLite's own API: bind by
/// position, step, reset. <see cref="SqliteCommand"/> looks every parameter up by name and builds a data reader
/// per execution, which cost the single writer thread a few microseconds per record.
/// </summary>
internal sealed class AuditInsertStatements : IDisposable
{
    private const string InsertSql = """
        INSERT INTO audit (seq, ts, decision_id, stage, agent_id, capability, decision, reason, rule, severity,
                           target, action_digest, status, duration_ms, prev_hash, hash, detail)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
        """;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _begin;
    private readonly sqlite3_stmt _commit;
    private readonly sqlite3_stmt _rollback;
    private readonly sqlite3_stmt _insert;

    /// <param name="busyTimeout">How long SQLite itself waits for another writer's lock (the admin API, budgets) before failing.</param>
    public AuditInsertStatements(SqliteConnection connection, TimeSpan busyTimeout)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the audit connection is not open");
        // SqliteCommand retries a busy database itself; raw statements need SQLite's busy handler instead.
        raw.sqlite3_busy_timeout(_db, (int)busyTimeout.TotalMilliseconds);
        // IMMEDIATE: take the write lock at BEGIN, so a busy database fails the batch here rather than halfway.
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _rollback = Prepare("ROLLBACK");
        _insert = Prepare(InsertSql);
    }

    public void Begin() => Run(_begin);

    public void Commit() => Run(_commit);

    /// <summary>Undoes a failed batch; quiet when there is nothing to undo (SQLite may have rolled back itself).</summary>
    public void RollbackQuietly()
    {
        if (raw.sqlite3_get_autocommit(_db) == 0)
        {
            raw.sqlite3_step(_rollback);
        }

        raw.sqlite3_reset(_rollback);
    }

    public void Insert(AuditRecord record)
    {
        var e = record.Entry;
        var s = _insert;
        raw.sqlite3_bind_int64(s, 1, record.Sequence);
        raw.sqlite3_bind_text(s, 2, AuditChain.FormatTimestamp(record.Timestamp));
        raw.sqlite3_bind_text(s, 3, e.DecisionId);
        raw.sqlite3_bind_text(s, 4, e.Stage);
        BindText(s, 5, e.AgentId);
        BindText(s, 6, e.Capability);
        raw.sqlite3_bind_text(s, 7, e.Decision);
        raw.sqlite3_bind_text(s, 8, e.Reason);
        raw.sqlite3_bind_text(s, 9, e.Rule);
        raw.sqlite3_bind_text(s, 10, e.Severity);
        BindText(s, 11, e.Target);
        BindText(s, 12, e.ActionDigest);
        BindInt64(s, 13, e.Status);
        BindInt64(s, 14, e.DurationMs);
        raw.sqlite3_bind_text(s, 15, record.PreviousHash);
        raw.sqlite3_bind_text(s, 16, record.Hash);
        BindText(s, 17, e.Detail);
        Run(s);
    }

    public void Dispose()
    {
        _insert.Dispose();
        _rollback.Dispose();
        _commit.Dispose();
        _begin.Dispose();
        // The connection goes back to the pool: whoever gets it next has SqliteCommand's own busy handling, not ours.
        raw.sqlite3_busy_timeout(_db, 0);
    }

    private static void BindText(sqlite3_stmt statement, int index, string? value)
    {
        if (value is null)
        {
            raw.sqlite3_bind_null(statement, index);
        }
        else
        {
            raw.sqlite3_bind_text(statement, index, value);
        }
    }

    private static void BindInt64(sqlite3_stmt statement, int index, long? value)
    {
        if (value is { } v)
        {
            raw.sqlite3_bind_int64(statement, index, v);
        }
        else
        {
            raw.sqlite3_bind_null(statement, index);
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var rc = raw.sqlite3_prepare_v2(_db, sql, out var statement);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc);
        }

        return statement;
    }

    /// <summary>Steps a statement that returns no rows; an error throws (the batch is refused) and leaves it reset.</summary>
    private void Run(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc != raw.SQLITE_DONE)
        {
            var message = raw.sqlite3_errmsg(_db).utf8_to_string();
            raw.sqlite3_reset(statement);
            throw new SqliteException($"SQLite Error {rc}: '{message}'.", rc);
        }

        raw.sqlite3_reset(statement);
    }
}
