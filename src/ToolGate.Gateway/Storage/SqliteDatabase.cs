using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using ToolGate.Gateway.Hosting;

namespace ToolGate.Gateway.Storage;

/// <summary>
/// The embedded store: one SQLite file in the data directory, WAL mode, schema created on first use.
/// Agents, grants and the audit trail live here unless another store is configured.
/// </summary>
internal sealed class SqliteDatabase
{
    public const string FileName = "toolgate.db";

    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS agents (
            id TEXT PRIMARY KEY,
            description TEXT,
            key_hash TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            revoked_at TEXT
        );
        CREATE TABLE IF NOT EXISTS grants (
            id TEXT PRIMARY KEY,
            agent_id TEXT NOT NULL,
            capability TEXT NOT NULL,
            spec TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS grants_agent ON grants (agent_id);
        CREATE TABLE IF NOT EXISTS audit (
            seq INTEGER PRIMARY KEY,
            ts TEXT NOT NULL,
            decision_id TEXT NOT NULL,
            stage TEXT NOT NULL,
            agent_id TEXT,
            capability TEXT,
            decision TEXT NOT NULL,
            reason TEXT NOT NULL,
            rule TEXT NOT NULL,
            severity TEXT NOT NULL,
            target TEXT,
            action_digest TEXT,
            status INTEGER,
            duration_ms INTEGER,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            detail TEXT
        );
        CREATE INDEX IF NOT EXISTS audit_agent ON audit (agent_id, seq);
        CREATE INDEX IF NOT EXISTS audit_decision ON audit (decision_id);
        CREATE INDEX IF NOT EXISTS audit_ts ON audit (ts);
        CREATE TABLE IF NOT EXISTS quarantine (
            agent_id TEXT PRIMARY KEY,
            since TEXT NOT NULL,
            reason TEXT NOT NULL,
            rule TEXT NOT NULL,
            evidence TEXT NOT NULL,
            by TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS compute_charges (
            decision_id TEXT PRIMARY KEY,
            agent_id TEXT NOT NULL,
            grant_id TEXT NOT NULL,
            charged_at TEXT NOT NULL,
            gpus INTEGER NOT NULL,
            duration_seconds INTEGER NOT NULL,
            gpu_seconds INTEGER NOT NULL,
            refunded_gpu_seconds INTEGER NOT NULL DEFAULT 0,
            settled INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX IF NOT EXISTS compute_charges_grant ON compute_charges (agent_id, grant_id, charged_at);
        CREATE TABLE IF NOT EXISTS egress_charges (
            decision_id TEXT PRIMARY KEY,
            agent_id TEXT NOT NULL,
            grant_id TEXT NOT NULL,
            charged_at TEXT NOT NULL,
            bytes INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS mcp_tools (
            server TEXT NOT NULL,
            tool TEXT NOT NULL,
            approved_digest TEXT NOT NULL,
            latest_digest TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            changed_at TEXT,
            PRIMARY KEY (server, tool)
        );
        CREATE INDEX IF NOT EXISTS egress_charges_grant ON egress_charges (agent_id, grant_id, charged_at);
        """;

    private readonly string _connectionString;

    public SqliteDatabase(IOptions<ToolGateOptions> options)
    {
        var directory = Path.GetFullPath(options.Value.DataDirectory);
        Directory.CreateDirectory(directory);
        DataDirectory = directory;
        FilePath = Path.Combine(directory, FileName);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 5,
        }.ToString();

        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
        Migrate(connection);
    }

    /// <summary>Columns added after a database may already exist; old rows keep NULL there (and still verify).</summary>
    private static void Migrate(SqliteConnection connection)
    {
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT count(*) FROM pragma_table_info('audit') WHERE name = 'detail'";
        if (Convert.ToInt64(columns.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            using var alter = connection.CreateCommand();
            alter.CommandText = "ALTER TABLE audit ADD COLUMN detail TEXT";
            alter.ExecuteNonQuery();
        }
    }

    public string DataDirectory { get; }

    public string FilePath { get; }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        // FULL: a committed audit record survives a power cut, which is the point of writing it first.
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
