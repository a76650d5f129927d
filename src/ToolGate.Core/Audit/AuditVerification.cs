namespace ToolGate.Core.Audit;

/// <summary>The result of walking the chain: valid with a count, or the first record that breaks it.</summary>
public sealed record AuditVerification(bool IsValid, long Records, long? FirstBadSequence, string? Problem)
{
    public static AuditVerification Valid(long records) => new(true, records, null, null);

    public static AuditVerification Broken(long verifiedRecords, long sequence, string problem) => new(false, verifiedRecords, sequence, problem);
}
