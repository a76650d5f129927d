using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace ToolGate.Core.Audit;

/// <summary>
/// The tamper-evidence of the audit trail: each record's hash is SHA-256 over the previous record's hash
/// and the record's own canonical JSON (sequence and timestamp included), so editing, deleting or
/// reordering any record breaks every hash after it.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first record.</summary>
    public static readonly string Genesis = new('0', 64);

    [ThreadStatic]
    private static CanonicalWriter? t_canonical;

    public static AuditRecord Seal(long sequence, DateTimeOffset timestamp, AuditEntry entry, string previousHash)
    {
        var normalized = Normalize(timestamp);
        return new AuditRecord(sequence, normalized, entry, previousHash, ComputeHash(sequence, normalized, entry, previousHash));
    }

    public static string ComputeHash(long sequence, DateTimeOffset timestamp, AuditEntry entry, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(previousHash);

        // One buffer and writer per thread, reset for each record: the audit writer hashes every record it commits.
        var canonical = t_canonical ??= new CanonicalWriter();
        canonical.Buffer.ResetWrittenCount();
        var writer = canonical.Writer;
        writer.Reset(canonical.Buffer);
        writer.WriteStartObject();
        writer.WriteString("previousHash", previousHash);
        writer.WriteNumber("sequence", sequence);
        writer.WriteString("timestamp", FormatTimestamp(timestamp));
        writer.WriteString("decisionId", entry.DecisionId);
        writer.WriteString("stage", entry.Stage);
        writer.WriteString("agentId", entry.AgentId);
        writer.WriteString("capability", entry.Capability);
        writer.WriteString("decision", entry.Decision);
        writer.WriteString("reason", entry.Reason);
        writer.WriteString("rule", entry.Rule);
        writer.WriteString("severity", entry.Severity);
        writer.WriteString("target", entry.Target);
        writer.WriteString("actionDigest", entry.ActionDigest);
        WriteNullableNumber(writer, "status", entry.Status);
        WriteNullableNumber(writer, "durationMs", entry.DurationMs);
        if (entry.Detail is not null)
        {
            writer.WriteString("detail", entry.Detail);
        }

        writer.WriteEndObject();
        writer.Flush();

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(canonical.Buffer.WrittenSpan, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Walks records in sequence order from the first; the first record that does not follow is reported.</summary>
    public static AuditVerification Verify(IEnumerable<AuditRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var verifier = new AuditChainVerifier();
        foreach (var record in records)
        {
            if (!verifier.Add(record))
            {
                break;
            }
        }

        return verifier.Result;
    }

    /// <summary>Timestamps are hashed at the precision they are stored with: UTC, 100 ns ticks.</summary>
    /// <remarks>
    /// The round-trip format "O" of a UTC <see cref="DateTime"/> is exactly <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c>,
    /// and it has a fast path the equivalent custom format string lacks (this runs twice per allowed call).
    /// </remarks>
    public static string FormatTimestamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static DateTimeOffset Normalize(DateTimeOffset timestamp) => new(timestamp.UtcTicks, TimeSpan.Zero);

    private static void WriteNullableNumber(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private sealed class CanonicalWriter
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(1024);

        public Utf8JsonWriter Writer { get; } = new(Stream.Null);
    }
}
