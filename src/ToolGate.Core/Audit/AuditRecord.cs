namespace ToolGate.Core.Audit;

/// <summary>An audit entry as stored: numbered, timestamped and chained to the record before it.</summary>
public sealed record AuditRecord(long Sequence, DateTimeOffset Timestamp, AuditEntry Entry, string PreviousHash, string Hash);
