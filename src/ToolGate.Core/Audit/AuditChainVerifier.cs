namespace ToolGate.Core.Audit;

/// <summary>
/// Verifies a chain one record at a time, so a store can stream millions of records through it.
/// The chain must start at sequence 1 from <see cref="AuditChain.Genesis"/>: records removed from the
/// front are detected too.
/// </summary>
public sealed class AuditChainVerifier
{
    private string _previousHash = AuditChain.Genesis;
    private long _previousSequence;
    private long _count;
    private AuditVerification? _broken;

    public AuditVerification Result => _broken ?? AuditVerification.Valid(_count);

    /// <summary>False once the chain is broken; later records are not looked at.</summary>
    public bool Add(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_broken is not null)
        {
            return false;
        }

        if (record.Sequence != _previousSequence + 1)
        {
            _broken = AuditVerification.Broken(_count, record.Sequence, _count == 0
                ? $"the chain starts at sequence {record.Sequence}: records before it are missing"
                : $"sequence jumps from {_previousSequence} to {record.Sequence}");
            return false;
        }

        if (record.PreviousHash != _previousHash)
        {
            _broken = AuditVerification.Broken(_count, record.Sequence, "previous hash does not match the record before it");
            return false;
        }

        if (AuditChain.ComputeHash(record.Sequence, record.Timestamp, record.Entry, record.PreviousHash) != record.Hash)
        {
            _broken = AuditVerification.Broken(_count, record.Sequence, "content does not match its hash");
            return false;
        }

        _previousHash = record.Hash;
        _previousSequence = record.Sequence;
        _count++;
        return true;
    }
}
